"""An organizer signs in as organizers do (password, then the authenticator app's code), in a real
browser at 1280 px, and lands on the organizers' home with the contest's figures, the page no
wider than the screen; a figure opens the page where it is acted on."""

import pytest

from tests.contest.test_organizer_home import make_world
from tests.factories import OrganizerUserFactory
from tests.helpers import activate_totp, totp_code

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.browser_context_args(locale="en-US", viewport={"width": 1280, "height": 900}),
]


def test_an_organizer_signs_in_and_lands_on_the_home_with_its_figures_at_1280px(
    page, live_server, transactional_db, artefacts
):
    make_world(2)
    organizer = OrganizerUserFactory()
    secret = activate_totp(organizer)

    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("input[name=login]", organizer.phone)
    page.fill("input[name=password]", "correct-horse")
    page.locator("form:has(input[name=password]) button[type=submit]").click()
    page.wait_for_url(f"{live_server.url}/accounts/2fa/authenticate/")
    page.fill("input[name=code]", totp_code(secret))
    page.locator("form:has(input[name=code]) button[type=submit]:not([form])").click()
    page.wait_for_url(f"{live_server.url}/organize/")

    figures = page.locator("#figures")
    assert figures.is_visible()
    text = figures.inner_text()
    for title in ("Schedule", "Registrations", "File checks", "Judging", "Public vote", "SMS outbox"):
        assert title in text, title
    assert page.locator("#figures .figure").count() >= 15
    # The menu offers the organizer's areas, and marks the home as the current page.
    assert page.locator("nav.site-nav a[href='/organize/'][aria-current=page]").count() == 1
    assert page.locator("nav.site-nav a[href='/admin/']").count() == 1
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    page.screenshot(path=str(artefacts / "organizer-home-1280.png"), full_page=True)

    # A figure opens where it is acted on: the flagged votes lead to the clusters to review.
    page.locator("#figures a[href='/organize/voting/#clusters-title']").click()
    page.wait_for_url(f"{live_server.url}/organize/voting/#clusters-title")
    assert page.locator("#clusters-title").is_visible()
