"""Hostile form input never makes a page fail: every form the site serves, fuzzed.

Each URL of the public's, the entrant's and the organizers' audiences is opened by the person
it serves (anyone; Alice with her own objects; an organizer with TOTP); the names of the fields its page
shows are filled with arbitrary values — text with NUL characters, huge and negative
numbers, impossible dates, lists where one value is expected — and posted. The answer may
refuse (400, 403, 404, a form with errors, a redirect) but never be a server error.
The vote API and the upload protocol have their own fuzz tests (tests/voting, tests/registration).
"""

import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from accounts.audience import ENTRANT_OWNER, ORGANIZER, PUBLIC, audience_of
from config.urls import INCLUDED_AUDIENCES
from tests.factories import OrganizerUserFactory
from tests.helpers import staff_login
from tests.layout.routes import ROUTES, concrete

FIELD = re.compile(r"<(?:input|select|textarea)\b[^>]*\bname=\"([^\"]+)\"", re.I)
# Leaving the site or the account would end the session the other examples need.
SKIPPED = ("logout", "accounts/delete/", "i18n/", "uploads/")
FORM_URLS = sorted(
    (route, kind)
    for route, callback in ROUTES
    if (kind := audience_of(callback, INCLUDED_AUDIENCES)) in (ENTRANT_OWNER, ORGANIZER, PUBLIC)
    and not route.startswith(
        ("admin/", "accounts/", "captcha/", "i18n/", "api/")  # allauth's, the admin's, the API's own tests
    )
    and not any(skip in route for skip in SKIPPED)
)

ODD = st.sampled_from(
    ["", " ", "0", "-1", "1e309", "NaN", "9" * 40, "2026-13-45", "a\x00b", "<script>", "长" * 3000, "on", "x"]
)
VALUES = st.one_of(ODD, st.text(max_size=40), st.integers().map(str), st.lists(ODD, min_size=2, max_size=3))


def _asker(client, world, kind):
    if kind == PUBLIC:
        return client
    if kind == ORGANIZER:
        return staff_login(client, OrganizerUserFactory())
    client.force_login(world["alice"].entrant.user)
    return client


@pytest.mark.parametrize(("route", "kind"), FORM_URLS)
def test_no_form_input_makes_a_page_fail(client, world, route, kind):
    asker = _asker(client, world, kind)
    url = concrete(route, world)
    page = asker.get(url)
    assert page.status_code < 500, url
    html = "" if page.streaming else page.content.decode("utf-8", "replace")
    names = sorted({name for name in FIELD.findall(html) if name != "csrfmiddlewaretoken"})
    names = names or ["x"]

    @settings(max_examples=6, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True)
    @given(data=st.fixed_dictionaries({}, optional=dict.fromkeys(names, VALUES)))
    def post(data):
        response = asker.post(url, data)
        assert response.status_code < 500, (url, data)

    post()
