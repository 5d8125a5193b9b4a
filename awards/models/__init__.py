"""Awards tables, one module per group of models; import them from here."""

from .awards import Award
from .certificates import Certificate, CertificateTemplate
from .types import AwardType

__all__ = [
    "Award",
    "AwardType",
    "Certificate",
    "CertificateTemplate",
]
