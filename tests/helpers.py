"""Helpers every test folder shares: signing in as each role, TOTP codes, SMS codes, waiting.

Plain functions imported by the tests that use them; fixtures stay in conftest files.
"""

import time

from allauth.mfa import app_settings as mfa_settings
from allauth.mfa.totp.internal.auth import TOTP, format_hotp_value, generate_totp_secret, hotp_value
from django.conf import settings

from accounts.middleware import MFA_SESSION_KEY
from accounts.rules import has_totp


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


def browser_login(page, client, live_server):
    """Hand the session of a signed-in test `client` to a Playwright page."""
    page.context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                "url": live_server.url,
            }
        ]
    )
    return page


def wait_for(predicate, *, timeout, interval=0.005):
    """Poll `predicate` until it is true, for what another process (a worker, a thread) does."""
    deadline = time.monotonic() + timeout
    while True:
        value = predicate()
        if value or time.monotonic() > deadline:
            return value
        time.sleep(interval)
