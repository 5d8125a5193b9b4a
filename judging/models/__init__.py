"""Judging tables, one module per group of models; import them from here."""

from .audit import AuditAction, AuditHead, AuditRecord
from .judges import Conflict, JudgeProfile
from .rounds import (
    ROUND_KINDS,
    AdvancementRule,
    Aggregation,
    Criterion,
    PeerScores,
    Round,
    RoundEntry,
    next_round_kind,
)
from .scoring import Assignment, AssignmentSource, AssignmentStatus, Score

__all__ = [
    "ROUND_KINDS",
    "AdvancementRule",
    "Aggregation",
    "Assignment",
    "AssignmentSource",
    "AssignmentStatus",
    "AuditAction",
    "AuditHead",
    "AuditRecord",
    "Conflict",
    "Criterion",
    "JudgeProfile",
    "PeerScores",
    "Round",
    "RoundEntry",
    "Score",
    "next_round_kind",
]
