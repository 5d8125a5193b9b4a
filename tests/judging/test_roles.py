"""Who reaches what: every judging URL for every persona.

Personas: the judge of this track assigned to the entry, a judge of another track on the same
panel, a judge who declared a conflict with the entry, the entrant who owns it, another
entrant, an organizer, and an anonymous visitor. Anything a persona may not see answers 404
(anonymous visitors are sent to sign in first); judges and organizers without a confirmed
authenticator app are sent to set it up or confirm it, as the staff gate does in every app.
"""

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from accounts.roles import JUDGES
from judging import services
from judging.models import Assignment
from tests.factories import EntrantUserFactory, OrganizerUserFactory
from tests.helpers import activate_totp, staff_login
from tests.judging.helpers import score

pytestmark = pytest.mark.django_db

OK, HIDDEN, LOGIN = 200, 404, 302


@pytest.fixture
def urls(scene):
    round_code, code = scene["round"].code, scene["entry"].code
    submitted = Assignment.objects.get(entry=scene["entry"], judge=scene["judges"][1])
    score(submitted, [5, 5, 5])
    video = scene["entry"].files.get(kind="video")
    return {
        "judge dashboard": "/judge/",
        "judge entry": f"/judge/{round_code}/{code}/",
        "judge conflict": f"/judge/{round_code}/{code}/conflict/",
        "judge file": f"/judge/{round_code}/{code}/files/video/",
        "organize index": "/organize/judging/",
        "organize round": f"/organize/judging/{round_code}/",
        "organize assignment": f"/organize/judging/{round_code}/assignment/",
        "organize progress": f"/organize/judging/{round_code}/progress/",
        "organize ranking": f"/organize/judging/{round_code}/ranking/",
        "organize advance": f"/organize/judging/{round_code}/advance/",
        "organize export": f"/organize/judging/{round_code}/scores.xlsx",
        "organize unlock": f"/organize/judging/{round_code}/sheets/{submitted.code}/unlock/",
        "entrant results": f"/results/{code}/",
        "stored file": f"/files/{video.uid}/",
    }


JUDGE_PAGES = ["judge entry", "judge conflict", "judge file"]
ORGANIZER_PAGES = [
    "organize index",
    "organize round",
    "organize assignment",
    "organize progress",
    "organize ranking",
    "organize advance",
    "organize export",
    "organize unlock",
]


def expected(persona):
    table = dict.fromkeys(["judge dashboard", *JUDGE_PAGES, *ORGANIZER_PAGES, "entrant results", "stored file"], HIDDEN)
    if persona == "judge of the track":
        table.update(dict.fromkeys(["judge dashboard", *JUDGE_PAGES, "stored file"], OK))
    elif persona in ("judge of another track", "conflicted judge"):
        table["judge dashboard"] = OK
    elif persona == "owner":
        table.update({"entrant results": OK, "stored file": OK})
    elif persona == "organizer":
        table.update(dict.fromkeys([*ORGANIZER_PAGES, "stored file"], OK))
    elif persona == "anonymous":
        table = dict.fromkeys(table, LOGIN)
        table["stored file"] = HIDDEN
    return table


def sign_in(client, scene, persona):
    if persona == "judge of the track":
        staff_login(client, scene["judges"][0].user)
    elif persona == "judge of another track":
        staff_login(client, scene["other_track_judge"].user)
    elif persona == "conflicted judge":
        conflicted = scene["conflicted"]
        sheet = Assignment.objects.create(round=scene["round"], entry=scene["entry"], judge=conflicted, source="manual")
        services.declare_conflict(assignment=sheet, by=conflicted.user, reason="同一单位")
        staff_login(client, conflicted.user)
    elif persona == "owner":
        client.force_login(scene["entry"].entrant.user)
    elif persona == "other entrant":
        client.force_login(EntrantUserFactory())
    elif persona == "organizer":
        staff_login(client, OrganizerUserFactory())


PERSONAS = [
    "judge of the track",
    "judge of another track",
    "conflicted judge",
    "owner",
    "other entrant",
    "organizer",
    "anonymous",
]


@pytest.mark.parametrize("persona", PERSONAS)
def test_role_matrix(client, scene, urls, persona):
    sign_in(client, scene, persona)

    answers = {name: client.get(url).status_code for name, url in urls.items()}

    assert answers == expected(persona)


def test_anonymous_visitors_are_sent_to_sign_in(client, scene, urls):
    response = client.get(urls["judge entry"])

    assert response["Location"].startswith("/accounts/login/?next=")


def test_a_judge_removed_from_the_judges_group_loses_access(client, scene, urls):
    user = scene["judges"][0].user
    staff_login(client, user)
    user.groups.remove(Group.objects.get(name=JUDGES))

    assert client.get(urls["judge entry"]).status_code == HIDDEN
    assert client.get(urls["stored file"]).status_code == HIDDEN


def test_posting_to_organizer_actions_is_refused_to_judges(client, scene, urls):
    staff_login(client, scene["judges"][0].user)
    code = scene["round"].code

    for path in ["entries/", "release/", "assignment/", "advance/"]:
        assert client.post(f"/organize/judging/{code}/{path}", {"action": "apply"}).status_code == HIDDEN


@pytest.mark.parametrize("page", ["judge entry", "organize index"])
def test_staff_without_an_authenticator_app_are_sent_to_set_one_up(client, scene, urls, page):
    staff = scene["judges"][0].user if page.startswith("judge") else OrganizerUserFactory()
    client.force_login(staff)

    response = client.get(urls[page])

    assert response.status_code == LOGIN
    assert response["Location"].startswith(reverse("mfa_activate_totp") + "?next=")


@pytest.mark.parametrize("page", ["judge entry", "organize index"])
def test_staff_whose_session_skipped_the_authenticator_app_are_asked_for_a_code(client, scene, urls, page):
    staff = scene["judges"][0].user if page.startswith("judge") else OrganizerUserFactory()
    activate_totp(staff)
    client.force_login(staff)

    response = client.get(urls[page])

    assert response.status_code == LOGIN
    assert response["Location"].startswith(reverse("mfa_reauthenticate") + "?next=")
