"""Who may see what, for every URL of the site: a test that grows with the code.

Each URL pattern of the resolver must declare its audience (`accounts.audience`: public,
entrant-owner, judge-assigned, organizer, API client); a new URL without one fails here.
Then every URL is asked, with the objects of one entrant (Alice: her profile, team, entry,
file, assignment), by everyone else — nobody, another entrant, a judge of the same round who
is not assigned her entry, a signed-in person without a role — and must answer as its
audience allows: never a server error, never Alice's private words in the body, and for
the non-public audiences a redirect to sign in, a 401/403/404 or the visitor's own page.
Alice's rows are checked untouched at the end. The staff gates' exact answers are in
test_gates.py; this test covers every other URL and every object-bearing one.
"""

import pytest

from accounts.audience import API_CLIENT, AUDIENCES, ENTRANT_OWNER, JUDGE_ASSIGNED, ORGANIZER, PUBLIC, audience_of
from config.urls import INCLUDED_AUDIENCES
from judging.models import Assignment
from registration.models import Entry, EntryFile, TeamMember
from tests.factories import (
    EntrantUserFactory,
    UserFactory,
)
from tests.helpers import staff_login
from tests.layout.routes import ROUTES, SECRETS, concrete


def test_every_url_declares_its_audience():
    undeclared = sorted(route for route, callback in ROUTES if audience_of(callback, INCLUDED_AUDIENCES) is None)

    assert undeclared == []
    assert {audience_of(callback, INCLUDED_AUDIENCES) for _, callback in ROUTES} == set(AUDIENCES)


def personas(world):
    """Everyone who is not Alice, a judge of her entry or an organizer."""
    judge_client = {"user": world["judge"], "staff": True}
    return {
        "anonymous": None,
        "other entrant": {"user": world["bob"].entrant.user, "staff": False},
        "signed-in, no role": {"user": EntrantUserFactory(), "staff": False},
        "judge of the round, not assigned": judge_client,
        "new account": {"user": UserFactory(), "staff": False},
    }


def _client(client, persona):
    if persona is None:
        return client
    if persona["staff"]:
        return staff_login(client, persona["user"])
    client.force_login(persona["user"])
    return client


def _body(response):
    if getattr(response, "streaming", False):
        return b"".join(response.streaming_content).decode("utf-8", "replace")
    return response.content.decode("utf-8", "replace")


def _check(kind, persona_name, method, url, response):
    where = f"{persona_name} {method} {url}"
    assert response.status_code < 500, where
    body = _body(response) + str(response.get("Location", ""))
    assert [word for word in SECRETS if word in body] == [], where
    if kind == API_CLIENT:
        # Without a bearer token: refused, or the method itself is not allowed.
        assert response.status_code in (401, 405), where
    elif kind in (ENTRANT_OWNER, JUDGE_ASSIGNED, ORGANIZER) and persona_name == "anonymous":
        # A redirect to sign in, or any refusal (the upload protocol checks its version first: 412).
        assert response.status_code in (301, 302) or 400 <= response.status_code < 500, where
        if response.status_code == 302:
            # The sign-in, or the sign-up where newcomers start ("我要报名").
            assert "login" in response["Location"] or "signup" in response["Location"], where
    elif kind == ORGANIZER:
        assert response.status_code in (302, 403, 404, 405), where


def _snapshot(world):
    alice = Entry.objects.get(pk=world["alice"].pk)
    return (
        alice.status,
        alice.title,
        alice.summary,
        list(TeamMember.objects.filter(entrant=alice.entrant_id).values_list("name", "phone")),
        list(EntryFile.objects.filter(entry=alice).values_list("uid", "status", "is_current")),
        list(Assignment.objects.filter(entry=alice).values_list("judge_id", "status", "recused_at")),
    )


def _asked(kind, route):
    """Admin pages all pass one staff check; a handful stand for the two hundred."""
    return not route.startswith("admin/") or route.count("/") <= 3


@pytest.mark.parametrize(
    "persona_name",
    ["anonymous", "other entrant", "signed-in, no role", "judge of the round, not assigned", "new account"],
)
def test_nobody_else_reaches_alices_objects(client, world, persona_name):
    before = _snapshot(world)
    persona = personas(world)[persona_name]
    asking = _client(client, persona)

    for route, callback in ROUTES:
        kind = audience_of(callback, INCLUDED_AUDIENCES)
        if not _asked(kind, route) or "logout" in route or route.startswith("i18n/"):
            continue
        url = concrete(route, world)
        methods = ("get",) if kind == PUBLIC else ("get", "post")
        for method in methods:
            _check(kind, persona_name, method, url, getattr(asking, method)(url))

    assert _snapshot(world) == before
