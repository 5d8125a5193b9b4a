"""Awards tables, one module per group of models; import them from here."""

# --- policy
from .policy import (
    ApplicantType,
    LoanApplication,
    LoanPolicy,
    Partner,
    Recommendation,
    RecommendationConsent,
    consent_expression,
    share_contact_expression,
)

__all__ = [
    # --- policy
    "ApplicantType",
    "LoanApplication",
    "LoanPolicy",
    "Partner",
    "Recommendation",
    "RecommendationConsent",
    "consent_expression",
    "share_contact_expression",
]
