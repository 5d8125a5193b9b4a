"""Nothing the portal answers tells whether a number has an account."""

import re

import pytest
from django.test import Client

from accounts.phone import mask_phone
from tests.factories import EntrantUserFactory
from tests.helpers import login_with_password, sms_codes

pytestmark = pytest.mark.django_db

KNOWN = "+8613800138000"
UNKNOWN = "+8613900139000"


@pytest.fixture
def known():
    return EntrantUserFactory(phone=KNOWN)


def page(response, phone):
    """The HTML with what legitimately differs (the number itself, CSRF tokens) blanked out."""
    html = response.content.decode()
    html = html.replace(phone, "PHONE").replace(phone.removeprefix("+86"), "PHONE").replace(mask_phone(phone), "PHONE")
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "CSRF", html)


def walk(client, phone, steps):
    """Run `steps` (method, url, data) and return (status, location, page) for each."""
    outcomes = []
    for method, url, data in steps:
        response = getattr(client, method)(url, data)
        outcomes.append((response.status_code, response.get("Location"), page(response, phone)))
    return outcomes


def test_sign_in_by_code_looks_the_same_for_known_and_unknown_numbers(known):
    def steps(phone):
        return [
            ("post", "/accounts/login/code/", {"phone": phone.removeprefix("+86")}),
            ("get", "/accounts/login/code/confirm/", {}),
            ("post", "/accounts/login/code/confirm/", {"code": "000000"}),
        ]

    assert walk(Client(), KNOWN, steps(KNOWN)) == walk(Client(), UNKNOWN, steps(UNKNOWN))
    assert len(sms_codes(KNOWN)) == 1
    assert sms_codes(UNKNOWN) == []


def test_sign_up_looks_the_same_for_a_new_and_a_taken_number(known):
    def steps(phone):
        return [
            ("post", "/accounts/signup/", {"phone": phone, "password1": "", "email": ""}),
            ("get", "/accounts/phone/verify/", {}),
            ("post", "/accounts/phone/verify/", {"code": "000000"}),
        ]

    assert walk(Client(), UNKNOWN, steps(UNKNOWN)) == walk(Client(), KNOWN, steps(KNOWN))


def test_wrong_password_and_unknown_number_get_the_same_answer(known):
    answers = [
        login_with_password(Client(), phone, "wrong-password", HTTP_ACCEPT_LANGUAGE="en") for phone in (KNOWN, UNKNOWN)
    ]

    assert [a.status_code for a in answers] == [200, 200]
    assert page(answers[0], KNOWN) == page(answers[1], UNKNOWN)
    assert answers[0].context["form"].non_field_errors() == [
        "The phone number and/or password you specified are not correct."
    ]


def test_code_limits_answer_the_same_for_known_and_unknown_numbers(known):
    def steps(phone):
        return [
            ("post", "/accounts/login/code/", {"phone": phone}),
            ("post", "/accounts/logout/", {"next": "/accounts/login/"}),
            ("post", "/accounts/login/code/", {"phone": phone}),
        ]

    known_walk = walk(Client(), KNOWN, steps(KNOWN))
    unknown_walk = walk(Client(), UNKNOWN, steps(UNKNOWN))

    assert known_walk == unknown_walk
    assert known_walk[2][0] == 200  # refused: a second code within the minute
