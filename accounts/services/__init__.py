"""Verbs of the accounts app: limits on SMS codes, the personal-data export, account deletion,
key rotation.

Other apps plug into the export and the deletion through `register_personal_data()`, and into
key rotation through `register_key_rotation()`. A number proven by a code goes through
`verify_phone()`. Callers import every verb from here.
"""

from .codes import CodeRateLimited, check_code_rate, consume_code_rate, format_wait
from .keys import register_key_rotation, rotate_keys, rotate_mfa_secrets
from .personal_data import (
    PersonalDataSection,
    delete_account,
    export_personal_data,
    personal_data_sections,
    pseudonym,
    register_personal_data,
    unregister_personal_data,
)
from .phones import verify_phone

__all__ = [
    "CodeRateLimited",
    "PersonalDataSection",
    "check_code_rate",
    "consume_code_rate",
    "delete_account",
    "export_personal_data",
    "format_wait",
    "personal_data_sections",
    "pseudonym",
    "register_key_rotation",
    "register_personal_data",
    "rotate_keys",
    "rotate_mfa_secrets",
    "unregister_personal_data",
    "verify_phone",
]
