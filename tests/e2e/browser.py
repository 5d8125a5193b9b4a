"""What the browser tests share: a signed-in test client's session handed to the page, and
waiting for the page's own state."""

import time

from django.conf import settings
from playwright.sync_api import Error


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


def wait_in_page(page, expression, *, timeout=30000):
    """Poll a JavaScript expression in the page until it is true (timeout in ms, as Playwright's).

    Playwright's own wait_for_function evaluates a string with eval() inside the page, which
    the site's Content-Security-Policy forbids; page.evaluate() is not subject to it.
    """
    deadline = time.monotonic() + timeout / 1000
    while True:
        try:
            if page.evaluate(expression):
                return
        except Error:
            pass  # the element is not there yet
        if time.monotonic() > deadline:
            raise AssertionError(f"still false after {timeout} ms: {expression}")
        time.sleep(0.05)
