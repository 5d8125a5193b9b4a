"""Verbs of the public vote; each one transaction, keyword-only, checks before it changes anything.

- codes: `request_vote_code()`, `verify_vote_code()` — a voter proves a number for the day;
- votes: `cast_vote()` — one vote, counted live after it commits;
- review: `review_cluster()`, `apply_penalty()`, `publish_counts()`, `confirm_popularity_award()`;
- sweep: `sweep_votes()` — the periodic fraud sweep over the recent rows (rules in `voting.fraud_rules`);
- captcha: `issue_captcha()`, `spend_captcha()` — what an API client answers past an address's limit.
"""

from .codes import request_vote_code, verify_vote_code
from .review import apply_penalty, confirm_popularity_award, publish_counts, review_cluster
from .sweep import sweep_votes
from .votes import cast_vote

__all__ = [
    "apply_penalty",
    "cast_vote",
    "confirm_popularity_award",
    "publish_counts",
    "request_vote_code",
    "review_cluster",
    "sweep_votes",
    "verify_vote_code",
]
