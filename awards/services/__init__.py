"""Awards' verbs, one module per job; import them from here."""

from .certificates import issue_all_certificates, issue_certificates, render_again, render_certificate

__all__ = [
    "issue_all_certificates",
    "issue_certificates",
    "render_again",
    "render_certificate",
]
