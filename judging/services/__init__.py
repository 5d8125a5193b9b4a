"""The verbs of judging: each is one transaction, checks first, then changes.

Callers (views, the admin, tasks, commands, tests) import them from here.
"""

from .advancement import advance_round, completeness_errors, release_results
from .assignment import Plan, add_assignment, assign_judges, plan_assignment, remove_assignment
from .audit import append_audit, verify_audit_chain
from .rounds import create_default_rounds, populate_opened_rounds, populate_round, settings_errors
from .scoring import declare_conflict, record_conflict, save_scores, unlock_scores

__all__ = [
    "Plan",
    "add_assignment",
    "advance_round",
    "append_audit",
    "assign_judges",
    "completeness_errors",
    "create_default_rounds",
    "declare_conflict",
    "plan_assignment",
    "populate_opened_rounds",
    "populate_round",
    "record_conflict",
    "release_results",
    "remove_assignment",
    "save_scores",
    "settings_errors",
    "unlock_scores",
    "verify_audit_chain",
]
