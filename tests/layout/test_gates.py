"""One gate for every staff area, whichever app serves the page.

Walks every URL pattern of the site: each one under /organize/ or /judge/ must answer, to GET
and to POST alike, exactly as `accounts.gates` does — anonymous → sign-in, signed in without
the role → 404 (the area does not admit it exists), the role without TOTP → TOTP set-up.
"""

import re

import pytest

from tests.factories import EntrantUserFactory, JudgeUserFactory, OrganizerUserFactory
from tests.helpers import staff_login
from tests.layout.routes import ROUTES

pytestmark = pytest.mark.django_db

SAMPLES = {"int": "1", "uuid": "00000000-0000-4000-8000-000000000000"}
LOGIN = "/accounts/login/?next="
ACTIVATE = "/accounts/2fa/totp/activate/?next="


def _concrete(route):
    return "/" + re.sub(r"<(?:(\w+):)?\w+>", lambda m: SAMPLES.get(m.group(1), "x"), route)


def staff_urls(prefix):
    return sorted({_concrete(route) for route, _callback in ROUTES if route.startswith(prefix)})


ORGANIZE = staff_urls("organize/")
JUDGE = staff_urls("judge/")


def test_every_app_has_its_staff_area_under_the_gate():
    assert {url.split("/")[2] for url in ORGANIZE} >= {"", "judging", "voting"}
    assert JUDGE


def _answers(client, url):
    return {method: getattr(client, method)(url) for method in ("get", "post")}


def _assert_redirect(answers, expected_prefix):
    for method, response in answers.items():
        assert response.status_code == 302, (method, response.status_code)
        assert response["Location"].startswith(expected_prefix), (method, response["Location"])


def _assert_not_found(answers):
    assert {method: response.status_code for method, response in answers.items()} == {"get": 404, "post": 404}


@pytest.mark.parametrize("url", ORGANIZE + JUDGE)
def test_anonymous_is_sent_to_sign_in(client, url):
    _assert_redirect(_answers(client, url), LOGIN)


@pytest.mark.parametrize("url", ORGANIZE + JUDGE)
def test_entrant_gets_not_found(client, url):
    client.force_login(EntrantUserFactory())
    _assert_not_found(_answers(client, url))


@pytest.mark.parametrize("url", ORGANIZE)
def test_organizer_without_totp_is_sent_to_set_it_up(client, url):
    client.force_login(OrganizerUserFactory())
    _assert_redirect(_answers(client, url), ACTIVATE)


@pytest.mark.parametrize("url", JUDGE)
def test_judge_without_totp_is_sent_to_set_it_up(client, url):
    client.force_login(JudgeUserFactory())
    _assert_redirect(_answers(client, url), ACTIVATE)


@pytest.mark.parametrize("url", ORGANIZE)
def test_judge_gets_not_found_in_the_organizers_area(client, url):
    staff_login(client, JudgeUserFactory())
    _assert_not_found(_answers(client, url))


@pytest.mark.parametrize("url", JUDGE)
def test_organizer_who_is_no_judge_gets_not_found_in_the_judges_area(client, url):
    staff_login(client, OrganizerUserFactory())
    _assert_not_found(_answers(client, url))
