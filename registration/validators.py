"""Identifiers entrants type: the unified social credit code and the resident ID card number.

Both carry a check character defined by a national standard; checking it catches nearly
every typo before an organizer has to chase the entrant.
"""

import datetime
import re

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

# GB 32100-2015: the 31 characters of the code (no I, O, S, V, Z) and the weights of positions 1–17.
_CREDIT_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_CREDIT_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
_CREDIT_SHAPE = re.compile(rf"^[{_CREDIT_ALPHABET}]{{2}}\d{{6}}[{_CREDIT_ALPHABET}]{{10}}$")

# GB 11643-1999: weights of the 17 digits and the check character for each remainder mod 11.
_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_ID_CHECK = "10X98765432"
_ID_SHAPE = re.compile(r"^\d{17}[\dX]$")
_SPACES = re.compile(r"[\s\-]")


def credit_code_check_character(first17):
    """The 18th character of a unified social credit code whose first 17 characters are given."""
    total = sum(_CREDIT_ALPHABET.index(char) * weight for char, weight in zip(first17, _CREDIT_WEIGHTS, strict=True))
    return _CREDIT_ALPHABET[(31 - total % 31) % 31]


def normalize_credit_code(raw):
    """Upper-case without spaces, the form stored and compared."""
    return _SPACES.sub("", raw or "").upper()


def validate_credit_code(value):
    code = normalize_credit_code(value)
    if len(code) != 18:
        raise ValidationError(
            _("A unified social credit code has 18 characters; this one has %(count)s."),
            code="credit_code_length",
            params={"count": len(code)},
        )
    if not _CREDIT_SHAPE.match(code):
        raise ValidationError(
            _(
                "This is not a unified social credit code: it may only contain digits and capital letters other than I, O, S, V and Z."
            ),
            code="credit_code_characters",
        )
    if credit_code_check_character(code[:17]) != code[17]:
        raise ValidationError(
            _("This unified social credit code is not valid: please check it against the business licence."),
            code="credit_code_check",
        )


def id_number_check_character(first17):
    """The 18th character of a resident ID card number whose first 17 digits are given."""
    total = sum(int(digit) * weight for digit, weight in zip(first17, _ID_WEIGHTS, strict=True))
    return _ID_CHECK[total % 11]


def normalize_id_number(raw, *, today=None):
    """Return the ID card number upper-cased without spaces, or raise ValidationError.

    Valid means 18 characters, the GB 11643 check character, and a birth date that exists,
    lies after 1900 and not in the future.
    """
    number = _SPACES.sub("", raw or "").upper()
    if not _ID_SHAPE.match(number):
        raise ValidationError(_("An ID card number has 17 digits followed by a digit or X."), code="id_number_shape")
    try:
        born = datetime.date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
    except ValueError:
        born = None
    today = today or timezone.localdate()
    if born is None or born.year < 1900 or born > today:
        raise ValidationError(
            _("This ID card number does not contain a valid date of birth."), code="id_number_birth_date"
        )
    if id_number_check_character(number[:17]) != number[17]:
        raise ValidationError(_("This ID card number is not valid: please check every digit."), code="id_number_check")
    return number
