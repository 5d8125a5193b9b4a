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
from .files import check_entry_file, record_check_failure
from .notices import check_notice, find_audience, send_notice
from .uploads import append_to_upload, complete_upload, create_upload, expire_uploads, terminate_upload

__all__ = [
    "add_team_member",
    "append_to_upload",
    "check_entry_file",
    "check_notice",
    "complete_upload",
    "completeness_errors",
    "confirmation_text",
    "create_entry",
    "create_upload",
    "delete_entry",
    "display_name_for",
    "disqualify_entry",
    "entry_snapshot",
    "expire_uploads",
    "find_audience",
    "record_check_failure",
    "remove_team_member",
    "restore_entry",
    "save_entrant_profile",
    "send_notice",
    "submit_entry",
    "team_limit",
    "terminate_upload",
    "update_entry",
    "update_team_member",
    "withdraw_entry",
]
