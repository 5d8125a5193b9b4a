"""Helpers every test folder shares: signing in as each role, TOTP codes, SMS codes, local
midnights, waiting.

Plain functions imported by the tests that use them; fixtures stay in conftest files.
`staff_login` and `entrant_login` are the shortcuts most tests take; `login_with_totp` is the
way an organizer really signs in (password, then the authenticator app), for the tests of
that path.
"""

import csv
import io
import time
from datetime import datetime

from allauth.mfa import app_settings as mfa_settings
from allauth.mfa.totp.internal.auth import TOTP, format_hotp_value, generate_totp_secret, hotp_value
from django.utils import timezone

from accounts.middleware import MFA_SESSION_KEY
from accounts.rules import has_totp
from notifications.models import SmsMessage


def activate_totp(user):
    """Give `user` an authenticator app; returns the secret the app would hold."""
    secret = generate_totp_secret()
    TOTP.activate(user, secret)
    return secret


def totp_code(secret):
    return format_hotp_value(hotp_value(secret, int(time.time()) // mfa_settings.TOTP_PERIOD))


def entrant_login(client, user):
    """Sign `user` in as entrants and voters are: no second factor."""
    client.force_login(user)
    return client


def staff_login(client, user):
    """Sign `user` (organizer or judge) in as staff are: an authenticator app, and this session
    confirmed with it."""
    if not has_totp(user):
        activate_totp(user)
    client.force_login(user)
    session = client.session
    session[MFA_SESSION_KEY] = str(user.pk)
    session.save()
    return client


def login_with_password(client, login, password, **extra):
    return client.post("/accounts/login/", {"login": login, "password": password}, **extra)


def login_with_totp(client, user, password, secret):
    """Sign in the way organizers do: number (or username) and password, then the app's code."""
    response = login_with_password(client, user.phone or user.username, password)
    assert response.status_code == 302, response
    assert response["Location"] == "/accounts/2fa/authenticate/"
    response = client.post("/accounts/2fa/authenticate/", {"code": totp_code(secret)})
    assert response.status_code == 302, response.content[:400]
    return response


def sms_codes(phone, purpose=SmsMessage.Purpose.VERIFICATION_CODE):
    """Codes queued for `phone` in the outbox, oldest first (what the console backend would print)."""
    rows = SmsMessage.objects.filter(phone=phone, purpose=purpose).order_by("pk")
    return [row.params["code"] for row in rows]


def last_code(phone, purpose=SmsMessage.Purpose.VERIFICATION_CODE):
    codes = sms_codes(phone, purpose)
    assert codes, f"no {purpose} code was queued for {phone}"
    return codes[-1]


def local_midnight(day):
    """The first instant of `day` in the portal's time zone."""
    return timezone.make_aware(datetime.combine(day, datetime.min.time()))


def wait_for(predicate, *, timeout, interval=0.005):
    """Poll `predicate` until it is true, for what another process (a worker, a thread) does.

    Browser tests poll the page with `tests.e2e.browser.wait_in_page`."""
    deadline = time.monotonic() + timeout
    while True:
        value = predicate()
        if value or time.monotonic() > deadline:
            return value
        time.sleep(interval)


def read_csv(response):
    """The rows of a CSV download, checked for what Excel needs: UTF-8 with its byte order mark."""
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].endswith('.csv"')
    raw = b"".join(response.streaming_content) if response.streaming else response.content
    assert raw.startswith(b"\xef\xbb\xbf")
    return list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
