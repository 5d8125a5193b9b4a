"""The verbs of registration: each is one transaction, checks first, then changes.

Callers (views, the admin, tasks, tests) import them from here.
"""

from .common import confirmation_text, display_name_for, entry_snapshot
from .entrants import add_team_member, remove_team_member, save_entrant_profile, team_limit, update_team_member
from .entries import (
    completeness_errors,
    create_entry,
    delete_entry,
    disqualify_entry,
    restore_entry,
    submit_entry,
    update_entry,
    withdraw_entry,
)

__all__ = [
    "add_team_member",
    "completeness_errors",
    "confirmation_text",
    "create_entry",
    "delete_entry",
    "display_name_for",
    "disqualify_entry",
    "entry_snapshot",
    "remove_team_member",
    "restore_entry",
    "save_entrant_profile",
    "submit_entry",
    "team_limit",
    "update_entry",
    "update_team_member",
    "withdraw_entry",
]
