"""What the vote pages, the API and the services read; import them from here.

- context: `vote_context()` — the edition, stage, settings and finalists every vote needs,
  cached by the process for VOTE_CONTEXT_TTL seconds;
- public: finalists with their media, their cards for the gallery and the API, the
  leaderboard and what the public may see of it, a voter's day, the API's clients;
- organize: votes by status, clusters, hourly series, the organizers' board and decision log.
"""

from .context import Finalist, VoteContext, finalists_of, forget_contexts, load_context, vote_context
from .organize import (
    HourlySeries,
    arrival_span,
    award_winners,
    cluster_decisions,
    cluster_votes,
    clusters_of,
    decision_log,
    finalist_entry,
    flagged_waiting,
    hourly_votes,
    open_clusters,
    organizer_rows,
    status_counts,
)
from .public import (
    BoardRow,
    FinalistCard,
    PublicMedia,
    Standing,
    active_api_client,
    finalist_cards,
    forget_clients,
    leaderboard,
    one_line,
    public_board,
    public_counts_mode,
    public_finalists,
    public_media,
    voter_today,
    with_public_files,
)

__all__ = [
    "BoardRow",
    "Finalist",
    "FinalistCard",
    "HourlySeries",
    "PublicMedia",
    "Standing",
    "VoteContext",
    "active_api_client",
    "arrival_span",
    "award_winners",
    "cluster_decisions",
    "cluster_votes",
    "clusters_of",
    "decision_log",
    "finalist_cards",
    "finalist_entry",
    "finalists_of",
    "flagged_waiting",
    "forget_clients",
    "forget_contexts",
    "hourly_votes",
    "leaderboard",
    "load_context",
    "one_line",
    "open_clusters",
    "organizer_rows",
    "public_board",
    "public_counts_mode",
    "public_finalists",
    "public_media",
    "status_counts",
    "vote_context",
    "voter_today",
    "with_public_files",
]
