"""Mainland mobile numbers: one normal form (E.164) for storage, one masked form for lists."""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

_SEPARATORS = re.compile(r"[\s\-().]")
_MAINLAND_MOBILE = re.compile(r"^1[3-9]\d{9}$")


def normalize_phone(raw):
    """Return "+86XXXXXXXXXXX" for a mainland mobile number written in any common way.

    Accepts "13800138000", "138 0013 8000", "+86 138-0013-8000", "0086…", "86…".
    Raises ValidationError with a translated message otherwise.
    """
    value = _SEPARATORS.sub("", raw or "")
    if value.startswith("+86"):
        value = value[3:]
    elif value.startswith("0086"):
        value = value[4:]
    elif value.startswith("86") and len(value) == 13:
        value = value[2:]
    elif value.startswith("+"):
        raise ValidationError(_("Only mainland China mobile numbers (+86) are accepted."), code="not_mainland")
    if not _MAINLAND_MOBILE.match(value):
        raise ValidationError(_("Enter an 11-digit mainland mobile number, e.g. 13800138000."), code="invalid_phone")
    return f"+86{value}"


def national_number(phone):
    """The 11 digits of a stored "+86…" number, as a mainland form or provider expects them."""
    return phone.removeprefix("+86")


def mask_phone(phone):
    """Keep the first three and last four digits: 138****8000."""
    if not phone:
        return ""
    digits = national_number(phone)
    if len(digits) < 8:
        return "*" * len(digits)
    return f"{digits[:3]}****{digits[-4:]}"
