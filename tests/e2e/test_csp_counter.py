"""Under the Content-Security-Policy, in a real browser: pages run without a single violation,
and the live counter under a text area counts as the entrant types."""

import pytest
from django.test import Client

from contest.models import Stage
from tests.e2e.browser import browser_login, wait_in_page
from tests.factories import EntryFactory, UserFactory, contest_at
from tests.helpers import entrant_login

pytestmark = pytest.mark.e2e


@pytest.fixture
def entry(transactional_db):
    contest = contest_at(Stage.Kind.REGISTRATION)
    owner = UserFactory(phone="+8613800138000", display_name="张三")
    return EntryFactory(entrant__contest=contest, entrant__user=owner, summary="")


def test_counter_counts_and_no_page_breaks_the_policy(page, live_server, entry):
    violations = []
    page.on(
        "console",
        lambda message: violations.append(message.text) if "Content Security Policy" in message.text else None,
    )
    browser_login(page, entrant_login(Client(), entry.entrant.user), live_server)

    for path in ["/", "/rules/", "/vote/", "/register/", f"/register/entries/{entry.code}/files/"]:
        page.goto(f"{live_server.url}{path}")
    page.goto(f"{live_server.url}/register/entries/{entry.code}/edit/description/")
    summary = page.locator("textarea[name=summary]")
    counter = page.locator(f"#{summary.get_attribute('id')}-counter")
    assert counter.text_content() == "0 / 1000"
    summary.fill("数据应用创新🚀")

    wait_in_page(page, f"document.getElementById('{summary.get_attribute('id')}-counter').textContent === '7 / 1000'")
    assert violations == []
