"""Tables of the public vote, one module per group of models; import them from here.

Votes are append-only: a row is never deleted, and only the services change its status
(valid ↔ flagged ↔ invalid), each change recorded by a `Decision` or by the fraud sweep.
Voting reads registration's entries and never writes registration or judging tables.
"""

from .configuration import (
    DAILY_VOTES_CEILING,
    PENALTY_STEPS,
    ApiClient,
    Visibility,
    VoteSettings,
    validate_penalty_ladder,
)
from .outcome import Penalty, PopularityResult, PopularityWinner
from .votes import Channel, Decision, FlagCluster, FraudRule, Vote, VoteStatus

__all__ = [
    "DAILY_VOTES_CEILING",
    "PENALTY_STEPS",
    "ApiClient",
    "Channel",
    "Decision",
    "FlagCluster",
    "FraudRule",
    "Penalty",
    "PopularityResult",
    "PopularityWinner",
    "Visibility",
    "Vote",
    "VoteSettings",
    "VoteStatus",
    "validate_penalty_ladder",
]
