"""The awards verbs, one module per job; import them from here."""

# --- policy
from .policy import (
    apply_for_loan,
    recommend_entry,
    refer_loan_application,
    set_recommendation_consent,
    set_up_policy,
    update_recommendation,
    withdraw_loan_application,
)

__all__ = [
    # --- policy
    "apply_for_loan",
    "recommend_entry",
    "refer_loan_application",
    "set_recommendation_consent",
    "set_up_policy",
    "update_recommendation",
    "withdraw_loan_application",
]
