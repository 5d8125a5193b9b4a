import datetime

import pytest
from django.core.exceptions import ValidationError

from registration.validators import (
    credit_code_check_character,
    id_number_check_character,
    normalize_credit_code,
    normalize_id_number,
    validate_credit_code,
)

# Published examples: a business licence's code and the ID number printed in GB 11643-1999.
VALID_CREDIT_CODE = "91350100M000100Y43"
VALID_ID_NUMBER = "11010519491231002X"


def test_credit_code_check_character_matches_published_example():
    assert credit_code_check_character(VALID_CREDIT_CODE[:17]) == "3"


def test_credit_code_valid_passes_with_spaces_and_lower_case():
    validate_credit_code("91350100m000100y43")
    validate_credit_code(" 9135 0100 M000 100Y43 ")
    assert normalize_credit_code(" 9135 0100 m000 100y43 ") == VALID_CREDIT_CODE


@pytest.mark.parametrize(
    ("value", "code"),
    [
        ("91350100M000100Y4", "credit_code_length"),
        ("91350100M000100Y433", "credit_code_length"),
        ("91350100M000100Y44", "credit_code_check"),
        ("91350100M000100O43", "credit_code_characters"),  # O is not in the alphabet
        ("9135A100M000100Y43", "credit_code_characters"),  # the region code is digits
        ("", "credit_code_length"),
    ],
)
def test_credit_code_invalid_is_refused(value, code):
    with pytest.raises(ValidationError) as caught:
        validate_credit_code(value)
    assert caught.value.code == code


def test_credit_code_check_character_can_be_zero():
    # Find a prefix whose weighted sum is a multiple of 31: the check character is then "0", not "31".
    prefix = "9113010000000000"
    body = next(
        prefix + last for last in "0123456789ABCDEFGHJKLMNPQRTUWXY" if credit_code_check_character(prefix + last) == "0"
    )
    assert validate_credit_code(body + "0") is None
    with pytest.raises(ValidationError):
        validate_credit_code(body + "1")


def test_id_number_check_character_matches_standard_example():
    assert id_number_check_character(VALID_ID_NUMBER[:17]) == "X"


def test_id_number_normalised_to_upper_case_without_spaces():
    assert normalize_id_number("110105 19491231 002x") == VALID_ID_NUMBER


@pytest.mark.parametrize(
    ("value", "code"),
    [
        ("11010519491231002", "id_number_shape"),
        ("1101051949123100211", "id_number_shape"),
        ("11010519491231002Y", "id_number_shape"),
        ("110105194912310021", "id_number_check"),
        ("110105194902300023", "id_number_birth_date"),  # 30 February
        ("110105189912310020", "id_number_birth_date"),  # before 1900
    ],
)
def test_id_number_invalid_is_refused(value, code):
    with pytest.raises(ValidationError) as caught:
        normalize_id_number(value)
    assert caught.value.code == code


def test_id_number_born_in_the_future_is_refused():
    first17 = "11010520300101001"
    number = first17 + id_number_check_character(first17)
    with pytest.raises(ValidationError) as caught:
        normalize_id_number(number, today=datetime.date(2022, 3, 10))
    assert caught.value.code == "id_number_birth_date"
