"""The public site in a real browser: phone and desktop widths, Chinese and English."""

import re

import pytest
from django.urls import reverse
from django.utils import translation
from django.utils.formats import date_format
from playwright.sync_api import expect

from contest.models import Contest, Stage
from contest.templatetags.contest_tags import paragraphs

LANGUAGES = {"zh": "zh-hans", "en": "en"}
VIEWPORTS = {375: {"width": 375, "height": 812}, 1280: {"width": 1280, "height": 800}}


def stage_name(kind, lang):
    with translation.override(LANGUAGES[lang]):
        return str(Stage.Kind(kind).label)


def in_language(lang, obj, field):
    with translation.override(LANGUAGES[lang]):
        return obj.tr(field)


def track_names(lang):
    contest = Contest.objects.current()
    return [in_language(lang, track, "name") for track in contest.tracks.all()]


def watch_requests(page, live_server):
    """Collect every request that leaves the portal and every script error: the site must work offline."""
    problems = []
    page.on("request", lambda r: None if r.url.startswith(live_server.url) else problems.append(r.url))
    page.on("pageerror", lambda error: problems.append(f"script error: {error}"))
    return problems


def open_home(page, live_server, lang, width):
    page.set_viewport_size(VIEWPORTS[width])
    page.goto(live_server.url + reverse("contest:home"))
    expect(page.locator("html")).to_have_attribute("lang", "zh-hans")
    if lang != "zh":
        # The visitor's way: the switch in the header, which posts and comes back to the same page.
        page.locator(".lang-switch").get_by_role("button", name="English").click()
        expect(page.locator("html")).to_have_attribute("lang", LANGUAGES[lang])
        expect(page).to_have_url(live_server.url + reverse("contest:home"))
    expect(page.locator(".lang-switch [aria-pressed=true]")).to_have_attribute("value", LANGUAGES[lang])


def assert_no_horizontal_scroll(page, width):
    if width == 375:
        assert page.evaluate("document.documentElement.scrollWidth") <= 375


@pytest.mark.parametrize("width", [375, 1280])
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_home_shows_open_stage_countdown_and_tracks(page, live_server, demo_contest, artefacts, lang, width):
    problems = watch_requests(page, live_server)
    open_home(page, live_server, lang, width)

    highlighted = page.locator(".timeline .is-open")
    expect(highlighted).to_have_count(1)
    expect(highlighted).to_contain_text(stage_name("registration", lang))
    expect(highlighted).to_have_attribute("aria-current", "step")
    expect(page.locator(".timeline .is-past")).to_contain_text(stage_name("launch", lang))

    countdown = page.locator(".countdown")
    expect(countdown).to_be_visible()
    expect(countdown.locator(".countdown__label")).to_contain_text(stage_name("registration", lang))
    value = countdown.locator("[data-countdown-value]")
    expect(value).to_have_text(re.compile(r"^\d+ \S+ \d{2}:\d{2}:\d{2}$"))
    expect(value).not_to_have_text(value.text_content())  # it ticks

    expect(page.locator(".track-card .card__title")).to_have_text(track_names(lang))
    assert_no_horizontal_scroll(page, width)
    if width == 1280:
        # Desktop: the content column is capped and the three track cards sit side by side.
        assert page.locator(".container").first.bounding_box()["width"] <= 1120
        tops = {round(card.bounding_box()["y"]) for card in page.locator(".track-card").all()}
        assert len(tops) == 1

    page.screenshot(path=artefacts / f"home-{lang}-{width}.png", full_page=True)
    assert problems == []


def test_home_during_the_final_highlights_final_and_public_vote(page, live_server, load_demo, artefacts):
    load_demo(stage="final")
    open_home(page, live_server, "zh", 1280)

    highlighted = page.locator(".timeline .is-open")
    expect(highlighted).to_have_count(2)
    expect(highlighted.nth(0)).to_contain_text(stage_name("final", "zh"))
    expect(highlighted.nth(1)).to_contain_text(stage_name("public_vote", "zh"))
    expect(page.locator(".timeline .is-past")).to_have_count(5)
    expect(page.locator(".countdown__label")).to_contain_text(stage_name("final", "zh"))

    page.screenshot(path=artefacts / "home-final-zh-1280.png", full_page=True)


def test_home_reads_without_javascript(browser, live_server, demo_contest, artefacts):
    context = browser.new_context(java_script_enabled=False, viewport=VIEWPORTS[375], locale="zh-CN")
    page = context.new_page()
    page.goto(live_server.url + reverse("contest:home"))

    # Without the script the box still says roughly how long remains and exactly until when.
    registration = Contest.objects.current().stages.get(kind=Stage.Kind.REGISTRATION)
    with translation.override("zh-hans"):
        last_day = date_format(registration.last_day, "DATE_FORMAT")
    expect(page.locator("[data-countdown-value]")).to_have_text(re.compile(r"\d"))
    expect(page.locator(".countdown__at")).to_contain_text(last_day)
    expect(page.locator(".timeline .is-open")).to_have_count(1)
    assert_no_horizontal_scroll(page, 375)
    page.screenshot(path=artefacts / "home-nojs-zh-375.png", full_page=True)
    context.close()


@pytest.mark.parametrize(("lang", "width"), [("zh", 375), ("en", 1280)])
def test_click_through_track_committee_rules_and_news(page, live_server, demo_contest, artefacts, lang, width):
    problems = watch_requests(page, live_server)
    contest = Contest.objects.current()
    track = contest.tracks.first()
    open_home(page, live_server, lang, width)

    page.get_by_role("link", name=in_language(lang, track, "name"), exact=True).click()
    expect(page).to_have_url(live_server.url + reverse("contest:track", args=[track.code]))
    expect(page.locator("h1")).to_have_text(in_language(lang, track, "name"))
    expect(page.locator(".prose")).to_contain_text(in_language(lang, track, "description")[:30])
    expect(page.locator(".track-card")).to_have_count(2)
    assert_no_horizontal_scroll(page, width)
    page.screenshot(path=artefacts / f"track-{lang}-{width}.png", full_page=True)

    page.locator(f".site-nav a[href='{reverse('contest:committee')}']").click()
    expect(page).to_have_url(live_server.url + reverse("contest:committee"))
    expect(page.locator(".person__name").first).to_have_text("吴显国")
    expect(page.locator(".person__name")).to_have_count(16)
    # Registration is open: the review committee is not public yet, and the page says when it will be.
    expect(page.locator(".committee-note")).to_be_visible()
    expect(page.get_by_text("示例专家甲")).to_have_count(0)
    assert_no_horizontal_scroll(page, width)
    page.screenshot(path=artefacts / f"committee-{lang}-{width}.png", full_page=True)

    page.locator(f".site-nav a[href='{reverse('contest:rules')}']").click()
    expect(page).to_have_url(live_server.url + reverse("contest:rules"))
    rules = paragraphs(in_language(lang, contest, "rules_text"))
    expect(page.locator(".rules li")).to_have_count(len(rules))
    expect(page.locator(".rules li").first).to_contain_text(rules[0][:30])
    expect(page.locator(".prose")).to_contain_text(in_language(lang, contest, "ip_terms")[:30])
    assert_no_horizontal_scroll(page, width)
    page.screenshot(path=artefacts / f"rules-{lang}-{width}.png", full_page=True)

    page.locator(f".site-nav a[href='{reverse('contest:announcements')}']").click()
    announcement = contest.announcements.published().first()
    page.get_by_role("link", name=in_language(lang, announcement, "title")).click()
    expect(page.locator("h1")).to_have_text(in_language(lang, announcement, "title"))
    expect(page.locator("html")).to_have_attribute("lang", LANGUAGES[lang])
    assert_no_horizontal_scroll(page, width)
    page.screenshot(path=artefacts / f"announcement-{lang}-{width}.png", full_page=True)

    response = page.goto(live_server.url + "/no-such-page/")
    assert response.status == 404
    expect(page.locator("h1")).to_be_visible()
    expect(page.locator(".error-page a")).to_have_attribute("href", reverse("contest:home"))
    assert problems == []
