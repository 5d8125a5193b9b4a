"""The organizer signs in with password and authenticator code, opens the work bulletins, reviews
the draft built when registration closed, writes its lead and publishes it; the public news
page on a 375 px phone then lists it, and its page shows the lead and the figures."""

from datetime import timedelta

import pytest
from django.utils import timezone

from contest.bulletins.models import Bulletin
from contest.bulletins.services import build_bulletin
from contest.models import Stage
from tests.factories import (
    AnnouncementFactory,
    EntrantFactory,
    EntryFactory,
    OrganizerUserFactory,
    TrackFactory,
    contest_at,
)
from tests.helpers import activate_totp, totp_code

pytestmark = pytest.mark.e2e

PASSWORD = "a long organizer password"
LEAD = "报名阶段圆满结束，各赛道作品踊跃。"


@pytest.fixture
def draft(transactional_db):
    contest = contest_at(Stage.Kind.REGISTRATION, starts=-timedelta(days=40), ends=-timedelta(days=1))
    track = TrackFactory(contest=contest, code="gov", name="数字支撑政务服务", order=1)
    now = timezone.now()
    for _ in range(3):
        EntryFactory(
            entrant=EntrantFactory(contest=contest),
            track=track,
            status="submitted",
            first_submitted_at=now,
            submitted_at=now,
        )
    AnnouncementFactory(contest=contest, title="报名通知", published_at=now - timedelta(days=30))
    return build_bulletin(stage=contest.stages.get(kind=Stage.Kind.REGISTRATION))


@pytest.fixture
def organizer(transactional_db):
    user = OrganizerUserFactory(username="organizer", phone="+8613800000001")
    user.set_password(PASSWORD)
    user.save()
    return user, activate_totp(user)


def test_organizer_publishes_the_draft_and_the_news_shows_it_at_375px(page, live_server, draft, organizer, artefacts):
    _user, secret = organizer
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("input[name=login]", "13800000001")
    page.fill("input[name=password]", PASSWORD)
    page.locator("form:has(input[name=password]) button[type=submit]").first.click()
    page.wait_for_url("**/accounts/2fa/authenticate/")
    page.fill("input[name=code]", totp_code(secret))
    page.locator("form:has(input[name=code]) button[type=submit]").first.click()
    page.wait_for_load_state()
    assert "/accounts/" not in page.url

    page.goto(f"{live_server.url}/organize/bulletins/")
    page.locator(f"a[href='/organize/bulletins/{draft.pk}/']").click()
    page.wait_for_url(f"**/organize/bulletins/{draft.pk}/")
    assert "数字支撑政务服务" in page.locator("main").inner_text()
    assert page.locator("svg.bulletin-chart").count() >= 1
    page.fill("textarea[name=lead]", LEAD)
    page.locator("button[name=publish]").click()
    page.wait_for_load_state()
    page.screenshot(path=str(artefacts / "bulletins-organizer-published.png"), full_page=True)

    bulletin = Bulletin.objects.get(pk=draft.pk)
    assert bulletin.status == "published"
    assert bulletin.lead == LEAD

    page.set_viewport_size({"width": 375, "height": 740})
    page.goto(f"{live_server.url}/announcements/")
    items = page.locator(".news-list__item")
    assert items.count() == 2
    assert items.first.locator(f"a[href='/bulletins/{bulletin.code}/']").count() == 1  # newest first
    assert "报名通知" in items.last.inner_text()
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    page.locator(f"a[href='/bulletins/{bulletin.code}/']").click()
    page.wait_for_url(f"**/bulletins/{bulletin.code}/")
    page.screenshot(path=str(artefacts / "bulletins-public-375.png"), full_page=True)
    assert LEAD in page.locator("main").inner_text()
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    assert page.locator(f"a[href='/bulletins/{bulletin.code}/pdf/']").is_visible()
