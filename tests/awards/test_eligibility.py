from decimal import Decimal

import pytest
from django.utils import translation

from awards.eligibility import Application, Limit, ceiling, loan_problems, yuan

LIMITS = [
    Limit("individual", Decimal("200000"), None),
    Limit("partnership", Decimal("220000"), Decimal("1300000")),
    Limit("small_micro_firm", None, Decimal("3000000")),
]


@pytest.fixture(autouse=True)
def _english():
    """The messages are checked as written in the code; their Chinese lives in the catalogue."""
    with translation.override("en"):
        yield


def problems(applicant_type, people, amount):
    return loan_problems(Application(applicant_type, people, Decimal(amount)), LIMITS)


def test_individual_at_the_limit_is_accepted():
    assert problems("individual", 1, "200000") == []


def test_individual_one_yuan_over_the_limit_is_refused():
    assert problems("individual", 1, "200001") == ["¥200,001 is more than the limit of ¥200,000."]


def test_individual_one_fen_over_the_limit_is_refused():
    assert len(problems("individual", 1, "200000.01")) == 1


def test_partnership_of_five_at_the_per_person_limit_is_accepted():
    assert problems("partnership", 5, "1100000") == []


def test_partnership_at_the_total_limit_is_accepted():
    assert problems("partnership", 6, "1300000") == []


def test_six_partners_at_the_per_person_limit_are_refused_by_the_total():
    assert problems("partnership", 6, "1320000") == ["¥1,320,000 is more than the total limit of ¥1,300,000."]


def test_partnership_over_the_per_person_limit_names_the_ceiling():
    assert problems("partnership", 2, "440001") == [
        "¥440,001 is more than ¥220,000 per person for 2 people (¥440,000)."
    ]


def test_partnership_needs_two_people():
    assert problems("partnership", 1, "100000") == ["A partnership needs at least 2 people."]


def test_small_firm_at_the_limit_is_accepted_and_over_it_refused():
    assert problems("small_micro_firm", 1, "3000000") == []
    assert len(problems("small_micro_firm", 1, "3000000.01")) == 1


@pytest.mark.parametrize("amount", ["0", "-1"])
def test_amount_must_be_positive(amount):
    assert problems("individual", 1, amount) == ["The amount sought must be more than ¥0."]


def test_individual_applies_alone():
    assert problems("individual", 2, "100000") == ["An individual applies alone: the number of people must be 1."]


def test_type_without_policy_is_refused():
    assert loan_problems(Application("individual", 1, Decimal(1)), []) == [
        "No loan policy covers this type of applicant."
    ]


def test_ceiling_is_the_lower_of_per_person_and_total():
    assert ceiling(LIMITS[1], 6) == Decimal("1300000")
    assert ceiling(LIMITS[1], 5) == Decimal("1100000")
    assert ceiling(Limit("x", None, None), 3) is None


def test_yuan_writes_amounts_as_people_read_them():
    assert yuan(Decimal("200000")) == "¥200,000"
    assert yuan(Decimal("200000.5")) == "¥200,000.50"
