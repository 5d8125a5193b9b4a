"""An entrant's certificate in a real browser at 375 px: downloaded from their list, checked at
its public URL (the one its QR code holds)."""

import pytest
from django.test import Client

from awards.services import issue_certificates
from contest.models import Stage
from tests.awards.factories import CertificateTemplateFactory, ConfirmedAwardFactory
from tests.e2e.browser import browser_login
from tests.factories import OrganizerUserFactory, TeamMemberFactory, UserFactory, contest_at
from tests.helpers import entrant_login

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.browser_context_args(
        viewport={"width": 375, "height": 740}, device_scale_factor=2, is_mobile=True, has_touch=True
    ),
]


@pytest.fixture
def certificate(transactional_db):
    """A rendered certificate of a team's first prize (rendered after the issuing commits)."""
    owner = UserFactory(phone="+8613800138000")
    award = ConfirmedAwardFactory(
        entry__entrant__contest=contest_at(Stage.Kind.REGISTRATION),
        entry__entrant__user=owner,
        entry__entrant__name="数据先锋队",
        award_type__name="一等奖",
    )
    TeamMemberFactory(entrant=award.entry.entrant, name="张三")
    CertificateTemplateFactory(contest=award.contest)
    [issued] = issue_certificates(award=award, by=OrganizerUserFactory())
    issued.refresh_from_db()
    return issued


def fits_the_screen(page):
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def title_gap(page):
    """Pixels between the bottom of the site's header and the top of the page's title."""
    return page.evaluate(
        "document.querySelector('main h1').getBoundingClientRect().top"
        " - document.querySelector('.site-header').getBoundingClientRect().bottom"
    )


def test_the_entrant_downloads_the_certificate_and_its_check_url_opens_at_375px(
    page, live_server, certificate, artefacts
):
    browser_login(page, entrant_login(Client(), certificate.award.entry.entrant.user), live_server)

    page.goto(f"{live_server.url}/me/awards/certificates/")
    assert fits_the_screen(page)
    assert title_gap(page) >= 16
    with page.expect_download() as download:
        page.locator(f"a[href$='/{certificate.code}.pdf']").click()
    with open(download.value.path(), "rb") as pdf:
        assert pdf.read(5) == b"%PDF-"

    page.locator(f"a[href='/verify/{certificate.code}/']").click()
    page.wait_for_url(f"**/verify/{certificate.code}/")
    assert fits_the_screen(page)
    assert title_gap(page) >= 16
    body = page.locator("main, body").first.inner_text()
    assert "数据先锋队" in body
    assert "一等奖" in body
    page.screenshot(path=str(artefacts / "awards-certificate-check.png"), full_page=True)
