"""The awards' tables, one module per job; every model is re-exported here."""

from .awards import Award, AwardStatus
from .types import RANKED_SCOPES, AwardScope, AwardType

__all__ = ["RANKED_SCOPES", "Award", "AwardScope", "AwardStatus", "AwardType"]
