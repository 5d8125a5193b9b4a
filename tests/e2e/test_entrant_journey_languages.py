"""The entrant's journey on a phone in both languages: every page fits 375 px, and no page shows
text of the other language except what the entrant typed (and the contest's own data, which
has its names in both languages here).

From the home page: Register → sign-up with the code from the outbox → profile → team →
entry steps → files (marked accepted, as the checks would leave them) → submission → the
entry and the dashboard → "my account".
"""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from contest.models import Stage
from registration.models import Entry
from tests.e2e.language import assert_one_language
from tests.factories import EntryFileFactory, TrackFactory, contest_at
from tests.helpers import last_code

WIDTH = 375

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.browser_context_args(
        viewport={"width": WIDTH, "height": 740}, device_scale_factor=2, is_mobile=True, has_touch=True
    ),
]

TYPED = {
    "zh-hans": {
        "phone": "13912341362",
        "name": "数据先锋队",
        "title": "冀时办数据助手",
        "text": "为群众提供办事指引。",
        "materials": "项目方案.pdf",
        "video": "演示视频.mp4",
    },
    "en": {
        "phone": "13912341363",
        "name": "Data Pioneers",
        "title": "Service Helper",
        "text": "Guides people through services.",
        "materials": "plan.pdf",
        "video": "demo.mp4",
    },
}


@pytest.fixture
def contest(transactional_db):
    contest = contest_at(Stage.Kind.REGISTRATION, then=[Stage.Kind.PRELIMINARY], short_name_en="Data contest")
    TrackFactory(contest=contest, name="数字支撑政务服务", name_en="Digital government services", code="gov")
    return contest


class Visit:
    def __init__(self, page, language, typed, artefacts):
        self.page, self.language, self.typed, self.artefacts = page, language, typed, artefacts
        self.pages = 0

    def check(self, name):
        """The page fits the phone and speaks one language outside what the entrant typed."""
        page = self.page
        page.wait_for_load_state()
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= WIDTH, f"{page.url} is {width} px wide"
        assert_one_language(page, self.language, self.typed.values())
        self.pages += 1
        page.screenshot(path=self.artefacts / f"languages-{self.language}-{self.pages:02d}-{name}.png", full_page=True)

    def submit(self):
        self.page.locator("main form button[type=submit]").first.click()


# Long: one entrant's journey from the home page to a submitted entry, every page checked where it is reached; it reads top to bottom as the entrant goes.
@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_entrant_journey_in_each_language(page, live_server, contest, artefacts, language):
    typed = TYPED[language]
    page.context.add_cookies([{"name": "django_language", "value": language, "url": live_server.url}])
    visit = Visit(page, language, typed, artefacts)
    base = live_server.url

    page.goto(base + "/")
    visit.check("home")
    page.goto(base + reverse("registration:dashboard"))
    page.wait_for_url("**/accounts/signup/**")
    visit.check("signup")
    page.fill("input[name=phone]", typed["phone"])
    visit.submit()
    page.wait_for_url("**/accounts/phone/verify/")
    expect(page.locator("[data-sms-recipient]")).to_contain_text(typed["phone"][:3] + "****" + typed["phone"][-4:])
    visit.check("code")
    page.fill("input[name=code]", last_code("+86" + typed["phone"]))
    visit.submit()
    page.wait_for_url(base + reverse("registration:dashboard"))
    visit.check("dashboard-empty")

    page.goto(base + reverse("registration:profile"))
    page.locator("input[name=kind][value=team]").check()
    visit.submit()  # nothing filled in: the errors name their fields
    visit.check("profile-errors")
    page.fill("input[name=name]", typed["name"])
    page.select_option("select[name=region]", "shijiazhuang")
    page.check("input[name=accept_rules]")
    page.check("input[name=accept_privacy]")
    visit.submit()
    page.wait_for_url(base + reverse("registration:team"))
    page.fill("input[name=name]", typed["name"])
    page.fill("input[name=phone]", typed["phone"])
    page.fill("input[name=organisation]", typed["text"])
    page.fill("input[name=role]", typed["title"])
    page.check("input[name=is_leader]")
    visit.submit()
    page.wait_for_url(base + reverse("registration:team"))
    visit.check("team")

    page.goto(base + reverse("registration:entry_new"))
    page.locator("input[name=track]").first.check()
    page.fill("input[name=title]", typed["title"])
    page.select_option("select[name=kind]", "solution")
    visit.check("entry-basics")
    visit.submit()
    page.wait_for_url("**/edit/description/")
    entry = Entry.objects.get(entrant__user__phone="+86" + typed["phone"])
    for field in ("summary", "scenario", "problem", "data_used", "results", "self_introduction"):
        page.fill(f"textarea[name={field}]", typed["text"])
    visit.check("entry-description")
    visit.submit()
    page.wait_for_url("**/edit/prototype/")
    visit.check("entry-prototype")
    visit.submit()
    page.wait_for_url("**/edit/consents/")
    for consent in ("consent_original", "consent_publicity", "commits_to_events"):
        page.check(f"input[name={consent}]")
    visit.check("entry-consents")
    visit.submit()
    page.wait_for_url("**/files/")
    visit.check("entry-files")

    # Both files passed their checks, as the upload widget's test leaves them.
    EntryFileFactory(entry=entry, kind="materials", original_name=typed["materials"])
    EntryFileFactory(entry=entry, kind="video", original_name=typed["video"])
    page.goto(base + reverse("registration:entry_submit", args=[entry.code]))
    visit.check("entry-submit")
    visit.submit()
    page.wait_for_url(base + reverse("registration:entry", args=[entry.code]))
    visit.check("entry-confirmed")
    page.goto(base + reverse("registration:dashboard"))
    visit.check("dashboard")
    page.goto(base + "/accounts/")
    visit.check("account")
    entry.refresh_from_db()
    assert entry.status == Entry.Status.SUBMITTED
