"""Failed sign-ins are limited per account and per IP, with a cool-off rather than a lock-out."""

import pytest

from tests.factories import EntrantUserFactory
from tests.helpers import login_with_password

pytestmark = pytest.mark.django_db

PHONE = "+8613800138000"
TOO_MANY = "Too many failed login attempts. Try again later."


def attempt(client, login, password, ip="203.0.113.7"):
    response = login_with_password(client, login, password, REMOTE_ADDR=ip, HTTP_ACCEPT_LANGUAGE="en")
    if response.status_code == 302:
        return "signed in"
    errors = response.context["form"].non_field_errors()
    return errors[0] if errors else response.context["form"].errors


def test_sixth_attempt_within_the_cool_off_is_refused_even_with_the_right_password(client):
    EntrantUserFactory(phone=PHONE)
    failures = [attempt(client, PHONE, "wrong") for _ in range(5)]

    assert failures == ["The phone number and/or password you specified are not correct."] * 5
    assert attempt(client, PHONE, "correct-horse") == TOO_MANY


def test_the_account_opens_again_after_the_cool_off(client, allauth_clock, settings):
    EntrantUserFactory(phone=PHONE)
    for _ in range(5):
        attempt(client, PHONE, "wrong")

    allauth_clock.offset = settings.ACCOUNTS_LOGIN_COOLOFF - 5
    assert attempt(client, PHONE, "correct-horse") == TOO_MANY
    allauth_clock.offset = settings.ACCOUNTS_LOGIN_COOLOFF + 1
    assert attempt(client, PHONE, "correct-horse") == "signed in"


def test_failures_count_per_account_however_it_is_named(client):
    user = EntrantUserFactory(phone=PHONE)
    for login in ["13800138000", "+86 138 0013 8000", "138-0013-8000", user.username, "008613800138000"]:
        attempt(client, login, "wrong")

    assert attempt(client, user.username, "correct-horse") == TOO_MANY
    assert attempt(client, PHONE, "correct-horse") == TOO_MANY


def test_failures_on_one_account_leave_others_alone(client):
    EntrantUserFactory(phone=PHONE)
    other = EntrantUserFactory(phone="+8613900139000")
    for _ in range(5):
        attempt(client, PHONE, "wrong")

    assert attempt(client, other.phone, "correct-horse") == "signed in"


def test_failures_from_one_ip_across_accounts_are_limited(client, settings):
    # The same rule as in settings (per IP, per account, one cool-off), with a per-IP count
    # small enough to stay under allauth's separate 30 sign-in posts a minute per IP.
    settings.ACCOUNT_RATE_LIMITS = {**settings.ACCOUNT_RATE_LIMITS, "login_failed": "4/900s/ip,5/900s/key"}
    for i in range(4):
        attempt(client, EntrantUserFactory(phone=f"+86139001390{i:02d}").phone, "wrong", ip="198.51.100.9")
    victim = EntrantUserFactory(phone=PHONE)

    assert attempt(client, victim.phone, "correct-horse", ip="198.51.100.9") == TOO_MANY
    assert attempt(client, victim.phone, "correct-horse", ip="192.0.2.44") == "signed in"


def test_login_failed_limit_is_built_from_the_settings(settings):
    assert settings.ACCOUNT_RATE_LIMITS["login_failed"] == "30/900s/ip,5/900s/key"


def test_a_successful_sign_in_does_not_wipe_earlier_failures(client):
    EntrantUserFactory(phone=PHONE)
    for _ in range(4):
        attempt(client, PHONE, "wrong")
    assert attempt(client, PHONE, "correct-horse") == "signed in"
    client.post("/accounts/logout/")

    assert attempt(client, PHONE, "wrong") == "The phone number and/or password you specified are not correct."
    assert attempt(client, PHONE, "correct-horse") == TOO_MANY
