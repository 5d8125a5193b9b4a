"""Helpers for the accounts tests: codes read from the SMS outbox, clocks moved forward, TOTP codes."""

import time as real_time

import pytest
from allauth.mfa import app_settings as mfa_settings
from allauth.mfa.totp.internal.auth import TOTP, format_hotp_value, generate_totp_secret, hotp_value

from notifications.models import SmsMessage


def sms_codes(phone):
    """Codes queued for `phone` in the outbox, oldest first (what the console backend would print)."""
    rows = SmsMessage.objects.filter(phone=phone, purpose=SmsMessage.Purpose.VERIFICATION_CODE).order_by("pk")
    return [row.params["code"] for row in rows]


def last_code(phone):
    codes = sms_codes(phone)
    assert codes, f"no code was queued for {phone}"
    return codes[-1]


class Clock:
    """Stands in for the `time` module inside one allauth module, `offset` seconds ahead."""

    def __init__(self):
        self.offset = 0

    def time(self):
        return real_time.time() + self.offset

    def monotonic(self):
        return real_time.monotonic()

    def sleep(self, seconds):
        return real_time.sleep(seconds)


@pytest.fixture
def allauth_clock(monkeypatch):
    """Move allauth's clock forward: code validity and its rate limits read it, nothing else."""
    clock = Clock()
    monkeypatch.setattr("allauth.account.internal.flows.code_verification.time", clock)
    monkeypatch.setattr("allauth.core.internal.ratelimit.time", clock)
    return clock


def activate_totp(user):
    """Give `user` an authenticator app; returns the secret the app would hold."""
    secret = generate_totp_secret()
    TOTP.activate(user, secret)
    return secret


def totp_code(secret):
    return format_hotp_value(hotp_value(secret, int(real_time.time()) // mfa_settings.TOTP_PERIOD))


def login_with_password(client, login, password, **extra):
    return client.post("/accounts/login/", {"login": login, "password": password}, **extra)


def login_with_totp(client, user, password, secret):
    """Sign in the way staff do: number (or username) and password, then the app's code."""
    response = login_with_password(client, user.phone or user.username, password)
    assert response.status_code == 302, response
    assert response["Location"] == "/accounts/2fa/authenticate/"
    response = client.post("/accounts/2fa/authenticate/", {"code": totp_code(secret)})
    assert response.status_code == 302, response.content[:400]
    return response


@pytest.fixture
def relaxed_code_limits(settings):
    """Journeys send several codes to one number within a minute; the limits have tests of their own."""
    settings.ACCOUNTS_CODE_LIMITS = {"phone": [(100, 60)], "ip": [(100, 60)], "global_per_day": 1000}
