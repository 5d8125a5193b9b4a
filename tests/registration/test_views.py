"""The entrant's pages: who reaches which, escaping, query counts, and before registration opens."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from contest.models import Stage
from registration.models import Entrant, TeamMember
from tests.factories import EntrantFactory, EntryFactory, TeamMemberFactory
from tests.helpers import entrant_login
from tests.registration.helpers import accept_files

HTML = '<script>alert("x")</script>'
ESCAPED = "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;"


# --- permission matrix ------------------------------------------------------------


@pytest.fixture
def world(complete_entry, other_entrant, track):
    """The owner's team and entry, and another entrant with a member and an entry of its own."""
    TeamMemberFactory(entrant=other_entrant)
    EntryFactory(entrant=other_entrant, track=track)
    return complete_entry


def object_urls(entry):
    return {
        "member_edit": reverse("registration:member_edit", args=[1]),
        "member_remove": reverse("registration:member_remove", args=[1]),
        "entry": reverse("registration:entry", args=[entry.code]),
        "entry_step": reverse("registration:entry_step", args=[entry.code, "description"]),
        "entry_files": reverse("registration:entry_files", args=[entry.code]),
        "entry_submit": reverse("registration:entry_submit", args=[entry.code]),
        "entry_withdraw": reverse("registration:entry_withdraw", args=[entry.code]),
        "entry_delete": reverse("registration:entry_delete", args=[entry.code]),
    }


def list_urls():
    return {
        "dashboard": reverse("registration:dashboard"),
        "profile": reverse("registration:profile"),
        "team": reverse("registration:team"),
        "entry_new": reverse("registration:entry_new"),
    }


def test_anonymous_is_sent_to_login_everywhere(client, world):
    for name, url in {**list_urls(), **object_urls(world)}.items():
        response = client.get(url)
        assert response.status_code == 302, name
        # "Register" in the menu leads to the dashboard: a visitor there is most likely new.
        entry_page = "account_signup" if url == reverse("registration:dashboard") else "account_login"
        assert response["Location"] == f"{reverse(entry_page)}?next={url}", name
        assert client.post(url).status_code == 302, name


def test_owner_reaches_every_page(client, world, owner):
    entrant_login(client, owner)
    for name, url in {**list_urls(), **object_urls(world)}.items():
        response = client.get(url)
        assert response.status_code == 200, name


def test_other_entrant_gets_404_for_the_owners_entry(client, world, other_user):
    entrant_login(client, other_user)
    for name in ("entry", "entry_step", "entry_files", "entry_submit", "entry_withdraw", "entry_delete"):
        assert client.get(object_urls(world)[name]).status_code == 404, name
    for name in ("entry_step", "entry_submit", "entry_withdraw", "entry_delete"):
        assert client.post(object_urls(world)[name]).status_code == 404, name
    world.refresh_from_db()
    assert world.status == "draft"


def test_other_entrant_team_urls_reach_only_their_own_member(client, world, other_user, owner):
    entrant_login(client, other_user)
    response = client.get(reverse("registration:member_edit", args=[1]))
    assert response.status_code == 200
    assert response.context["member"].entrant.user_id == other_user.pk
    client.post(reverse("registration:member_remove", args=[1]))
    assert TeamMember.objects.filter(entrant__user=owner).count() == 1


def test_organizer_has_no_entrant_pages_of_others(client, world, organizer):
    entrant_login(client, organizer)
    for name in ("entry", "entry_step", "entry_submit", "entry_withdraw"):
        assert client.get(object_urls(world)[name]).status_code == 404, name
    assert client.get(reverse("registration:member_edit", args=[1])).status_code == 404
    response = client.get(reverse("registration:dashboard"))
    assert response.status_code == 200
    assert response.context["entrant"] is None


def test_unknown_step_is_404(client, world, owner):
    entrant_login(client, owner)
    assert client.get(reverse("registration:entry_step", args=[world.code, "nope"])).status_code == 404


def test_user_without_profile_is_sent_to_profile(client, contest, other_user):
    entrant_login(client, other_user)
    for name in ("team", "entry_new"):
        response = client.get(reverse(f"registration:{name}"))
        assert response.status_code == 302
        assert response["Location"] == reverse("registration:profile")


# --- HTML escaped everywhere ----------------------------------------------------------


def test_html_in_every_text_field_is_escaped_on_every_page(client, contest, owner, track, organizer):
    entrant = EntrantFactory(contest=contest, user=owner, name=f"队{HTML}", organisation=HTML)
    TeamMemberFactory(entrant=entrant, name=f"员{HTML}", organisation=HTML, role=HTML)
    entry = EntryFactory(
        entrant=entrant,
        track=track,
        title=f"作{HTML}",
        display_name=f"队{HTML}+作{HTML}",
        summary=HTML,
        scenario=HTML,
        problem=HTML,
        data_used=HTML,
        results=HTML,
        kind="app",
        product_url="https://example.com/?q=<b>",
        usage_instructions=HTML,
        keywords=HTML,
    )
    accept_files(entry)
    entry.files.update(original_name=HTML)
    from registration.services import disqualify_entry, submit_entry

    submit_entry(entry=entry, by=owner)
    disqualify_entry(entry=entry, by=organizer, ground="inappropriate", note=HTML)
    entrant_login(client, owner)
    pages = [*list_urls().values(), *object_urls(entry).values()]
    pages += [
        reverse("registration:entry_step", args=[entry.code, step]) for step in ("basics", "prototype", "consents")
    ]
    for url in pages:
        content = client.get(url).content.decode()
        assert HTML not in content, url
        assert "<b>" not in content, url
    detail = client.get(reverse("registration:entry", args=[entry.code])).content.decode()
    assert detail.count(ESCAPED) >= 10


# --- query counts ---------------------------------------------------------------------


def dashboard_queries(client):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("registration:dashboard"))
    assert response.status_code == 200
    return len(queries), len(response.context["entries"])


def test_dashboard_query_count_same_for_one_and_three_entries(client, entrant, owner, track, other_track):
    from registration.models import RegistrationSettings

    limits = RegistrationSettings.for_contest(entrant.contest)
    limits.max_entries_total = 3
    limits.max_entries_per_track = 3
    limits.save()
    TeamMemberFactory(entrant=entrant)
    accept_files(EntryFactory(entrant=entrant, track=track))
    entrant_login(client, owner)
    client.get(reverse("registration:dashboard"))  # warm the session
    one, shown = dashboard_queries(client)
    assert shown == 1
    for n in range(2):
        TeamMemberFactory(entrant=entrant)
        accept_files(EntryFactory(entrant=entrant, track=other_track if n else track))
    three, shown = dashboard_queries(client)
    assert shown == 3
    assert three == one


def test_pages_before_start_say_when_registration_opens(client, contest, owner):
    opens = timezone.now() + timedelta(days=3)
    Stage.objects.filter(contest=contest, kind=Stage.Kind.REGISTRATION).update(
        starts_at=opens, ends_at=opens + timedelta(days=30)
    )
    entrant_login(client, owner)
    response = client.get(reverse("registration:profile"))
    window = response.context["window"]
    assert window.state == "upcoming"
    content = response.content.decode()
    assert timezone.localtime(opens).strftime("%Y-%m-%d %H:%M") in content
    assert "<fieldset disabled>" in content
    client.post(
        reverse("registration:profile"),
        {"kind": "team", "name": "早到的队", "region": "tangshan", "accept_rules": "on", "accept_privacy": "on"},
    )
    assert not Entrant.objects.exists()
