"""The verbs of the awards: each is one transaction, checks first, then changes.

Callers (views, the admin, tasks, commands, tests) import them from here.
"""

from .allocation import (
    allocate_awards,
    assign_single_award,
    confirm_awards,
    move_vacancy,
    override_award,
    publish_awards,
    resolve_tie,
    revoke_award,
)
from .certificates import issue_all_certificates, issue_certificates, render_again, render_certificate
from .policy import (
    apply_for_loan,
    recommend_entry,
    refer_loan_application,
    set_recommendation_consent,
    set_up_policy,
    update_recommendation,
    withdraw_loan_application,
)
from .types import create_default_award_types

__all__ = [
    "allocate_awards",
    "apply_for_loan",
    "assign_single_award",
    "confirm_awards",
    "create_default_award_types",
    "issue_all_certificates",
    "issue_certificates",
    "move_vacancy",
    "override_award",
    "publish_awards",
    "recommend_entry",
    "refer_loan_application",
    "render_again",
    "render_certificate",
    "resolve_tie",
    "revoke_award",
    "set_recommendation_consent",
    "set_up_policy",
    "update_recommendation",
    "withdraw_loan_application",
]
