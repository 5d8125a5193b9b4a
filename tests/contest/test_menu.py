"""The site menu: staff see the areas their role opens, judges their dashboard, entrants keep
"My registration"."""

import pytest

from contest.models import Stage
from tests.factories import EntrantUserFactory, JudgeUserFactory, OrganizerUserFactory, contest_at
from tests.helpers import entrant_login, staff_login

pytestmark = pytest.mark.django_db

STAFF_LINKS = ['href="/organize/"', 'href="/organize/judging/"', 'href="/organize/voting/"', 'href="/admin/"']


def menu(client):
    page = client.get("/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    start = page.index('<nav class="site-nav"')
    return page[start : page.index("</nav>", start)]


@pytest.fixture(autouse=True)
def contest(db):
    return contest_at(Stage.Kind.REGISTRATION)


def test_anonymous_visitors_see_register_and_no_staff_area(client):
    nav = menu(client)
    assert "Register" in nav
    assert not any(link in nav for link in STAFF_LINKS)
    assert 'href="/judge/"' not in nav


def test_entrants_keep_my_registration(client):
    entrant_login(client, EntrantUserFactory())
    nav = menu(client)
    assert 'href="/register/"' in nav
    assert "My registration" in nav
    assert not any(link in nav for link in STAFF_LINKS)
    assert 'href="/judge/"' not in nav


def test_organizers_see_their_home_the_admin_judging_and_vote_review(client):
    staff_login(client, OrganizerUserFactory())
    nav = menu(client)
    for link in STAFF_LINKS:
        assert link in nav
    assert "Vote review" in nav
    assert "My registration" not in nav
    assert 'href="/judge/"' not in nav


def test_judges_see_their_dashboard_only(client):
    staff_login(client, JudgeUserFactory())
    nav = menu(client)
    assert 'href="/judge/"' in nav
    assert "My judging" in nav
    assert not any(link in nav for link in STAFF_LINKS)
    assert "My registration" not in nav


def test_the_current_staff_area_is_marked(client):
    staff_login(client, OrganizerUserFactory())
    page = client.get("/organize/").content.decode()
    assert 'href="/organize/" aria-current="page"' in page
    assert 'href="/" aria-current="page"' not in page
    assert 'href="/" aria-current="page"' in client.get("/").content.decode()
