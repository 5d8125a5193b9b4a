"""The awards' tables, one module per job; every model is re-exported here."""

from .awards import Award, AwardStatus
from .certificates import Certificate, CertificateTemplate
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
from .types import RANKED_SCOPES, AwardScope, AwardType

__all__ = [
    "RANKED_SCOPES",
    "ApplicantType",
    "Award",
    "AwardScope",
    "AwardStatus",
    "AwardType",
    "Certificate",
    "CertificateTemplate",
    "LoanApplication",
    "LoanPolicy",
    "Partner",
    "Recommendation",
    "RecommendationConsent",
    "consent_expression",
    "share_contact_expression",
]
