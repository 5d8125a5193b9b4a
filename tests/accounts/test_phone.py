"""Mainland mobile numbers: one stored form (E.164), however they are typed."""

import pytest
from django.core.exceptions import ValidationError

from accounts.adapter import AccountAdapter
from accounts.forms import MainlandPhoneField
from accounts.phone import mask_phone, normalize_phone
from tests.factories import EntrantUserFactory


@pytest.mark.parametrize(
    "typed",
    [
        "13800138000",
        "138 0013 8000",
        " 138-0013-8000 ",
        "(138) 0013 8000",
        "+8613800138000",
        "+86 138 0013 8000",
        "+86-138-0013-8000",
        "008613800138000",
        "8613800138000",
    ],
)
def test_valid_numbers_are_stored_in_e164(typed):
    assert normalize_phone(typed) == "+8613800138000"


@pytest.mark.parametrize(
    ("typed", "code"),
    [
        ("", "invalid_phone"),
        ("1380013800", "invalid_phone"),  # 10 digits
        ("138001380001", "invalid_phone"),  # 12 digits
        ("12800138000", "invalid_phone"),  # no mainland mobile starts with 12
        ("23800138000", "invalid_phone"),
        ("1380013800a", "invalid_phone"),
        ("010-12345678", "invalid_phone"),  # a landline
        ("+1 415 555 0100", "not_mainland"),
        ("+852 9123 4567", "not_mainland"),  # Hong Kong
        ("+44 7700 900123", "not_mainland"),
    ],
)
def test_invalid_and_foreign_numbers_are_refused(typed, code):
    with pytest.raises(ValidationError) as caught:
        normalize_phone(typed)
    assert caught.value.code == code


def test_mask_keeps_first_three_and_last_four_digits():
    assert mask_phone("+8613800138000") == "138****8000"
    assert mask_phone("") == ""
    assert mask_phone(None) == ""


def test_form_field_accepts_a_plain_eleven_digit_number():
    field = MainlandPhoneField(required=True)

    assert field.clean("138 0013 8000") == "+8613800138000"
    with pytest.raises(ValidationError):
        field.clean("+1 415 555 0100")


def test_form_field_may_be_left_empty_when_optional():
    assert MainlandPhoneField(required=False).clean("") == ""


@pytest.mark.django_db
@pytest.mark.parametrize("typed", ["13800138000", "+86 138 0013 8000", "008613800138000"])
def test_an_account_is_found_however_its_number_is_typed(typed):
    user = EntrantUserFactory(phone="+8613800138000")

    assert AccountAdapter().get_user_by_phone(typed) == user


@pytest.mark.django_db
def test_no_account_for_garbage():
    EntrantUserFactory(phone="+8613800138000")

    assert AccountAdapter().get_user_by_phone("not a number") is None
    assert AccountAdapter().get_user_by_phone("+8613900139000") is None
