"""The organizer's and the judge's first visits in a real browser at 1280 px, in Chinese and in
English: one sign-in, the TOTP set-up, the recovery codes in the column with a link onward,
then every page of the journey no wider than the window and in one language outside the text
entrants, judges and organizers typed. The advancement page also fits a 375 px phone.
Screenshots go to tests/e2e/artefacts/staff-*.png.
"""

import pytest
from django.test import Client

from accounts.models import User
from judging.models import Assignment, JudgeProfile, Round, RoundEntry, Score
from registration.models import Entrant, Entry, TeamMember
from tests.e2e.browser import browser_login
from tests.e2e.language import assert_one_language
from tests.helpers import staff_login, totp_code

pytestmark = pytest.mark.e2e

LAPTOP = {"width": 1280, "height": 800}
PHONE = {"width": 375, "height": 740}
OVERFLOW = "() => document.documentElement.scrollWidth - window.innerWidth"
WIDEST = """() => [...document.querySelectorAll('body *')]
    .filter(e => e.getBoundingClientRect().right > window.innerWidth + 1)
    .slice(0, 5).map(e => e.tagName + '.' + e.className + ' ' + Math.round(e.getBoundingClientRect().right))"""

ENTRY_ANSWERS = ("summary", "scenario", "problem", "data_used", "results", "self_introduction", "usage_instructions")


def first_visit(page, live_server, start, login, password):
    """Sign in once and set up TOTP, as a new staff member does; returns the recovery codes page."""
    page.goto(f"{live_server.url}{start}")
    page.fill("input[name=login]", login)
    page.fill("input[name=password]", password)
    page.press("input[name=password]", "Enter")
    page.wait_for_url("**/accounts/2fa/totp/activate/**")
    assert_one_language(page, "zh-hans", typed_content())  # the browser asks for Chinese
    secret = page.input_value("#authenticator_secret")
    page.fill("input[name=code]", totp_code(secret))
    page.press("input[name=code]", "Enter")
    page.wait_for_url("**/accounts/2fa/recovery-codes/")
    codes = page.locator("#recovery_codes").input_value().split()
    assert_one_language(page, "zh-hans", [*typed_content(), *codes])


def assert_centred(page, selector):
    box = page.locator(selector).first.bounding_box()
    left, right = box["x"], page.viewport_size["width"] - box["x"] - box["width"]
    assert abs(left - right) <= 24, (selector, left, right)


def assert_fits(page, url, artefacts, name):
    page.goto(url)
    page.screenshot(path=artefacts / f"staff-{name}.png", full_page=True)
    assert page.evaluate(OVERFLOW) <= 0, (url, page.evaluate(WIDEST))


def typed_content():
    """What people typed into the demo, in Chinese only: entries, entrants, team members, judges'
    profiles and comments, staff names. Data kept in both languages (contest, tracks, regions,
    criteria) is not here: an English page shows its English name."""
    typed = [*Entry.objects.values_list("title", "display_name", "keywords", *ENTRY_ANSWERS)]
    typed += Entrant.objects.values_list("name", "organisation")
    typed += TeamMember.objects.values_list("name", "organisation", "role")
    typed += JudgeProfile.objects.values_list("name", "title", "organisation")
    typed += Assignment.objects.values_list("comment", "recusal_reason")
    typed += Score.objects.values_list("comment")
    typed += RoundEntry.objects.values_list("decision_reason")
    typed += User.objects.values_list("display_name")
    return [value for row in typed for value in row]


def assert_journey_page(page, url, artefacts, name, language):
    assert_fits(page, url, artefacts, name)
    assert_one_language(page, language, typed_content())


@pytest.mark.parametrize(
    ("login", "password", "start"),
    [("organizer", "demo-organizer", "/organize/"), ("judge1", "demo-judge1", "/judge/")],
)
def test_first_visit_signs_in_once_and_lands_on_the_page(
    page, live_server, load_demo, artefacts, login, password, start
):
    load_demo("reselection")
    page.set_viewport_size(LAPTOP)

    first_visit(page, live_server, start, login, password)

    assert "/accounts/reauthenticate/" not in page.url
    assert_centred(page, ".auth-page h1")
    assert_centred(page, "#recovery_codes")
    page.screenshot(path=artefacts / f"staff-recovery-codes-{login}.png", full_page=True)
    page.locator("[data-onward]").click()
    page.wait_for_url(f"**{start}")


def organizer_pages(live_server):
    rounds = list(Round.objects.order_by("stage__starts_at", "pk"))
    decided = next(r for r in rounds if r.advanced_at)
    urls = {"home": "/organize/", "judging": "/organize/judging/", "notices": "/organize/registration/notices/"}
    for round_ in rounds[:2]:
        base = f"/organize/judging/{round_.code}/"
        for name in ("", "assignment/", "progress/", "ranking/", "advance/"):
            urls[f"{round_.code}-{name.strip('/') or 'round'}"] = base + name
    urls["advance-decided"] = f"/organize/judging/{decided.code}/advance/"
    urls["admin-entries"] = "/admin/registration/entry/"
    return {name: f"{live_server.url}{url}" for name, url in urls.items()}


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_the_organizer_journey_fits_the_window(page, live_server, load_demo, artefacts, django_user_model, language):
    load_demo("reselection")
    client = staff_login(Client(), django_user_model.objects.get(username="organizer"))
    browser_login(page, client, live_server)
    page.context.add_cookies([{"name": "django_language", "value": language, "url": live_server.url}])
    page.set_viewport_size(LAPTOP)

    for name, url in organizer_pages(live_server).items():
        assert_journey_page(page, url, artefacts, f"organizer-{language}-{name}", language)

    # The admin's entries table shows its last column inside the window.
    page.goto(organizer_pages(live_server)["admin-entries"])
    last = page.locator("#result_list thead th").last.bounding_box()
    assert last["x"] + last["width"] <= LAPTOP["width"]


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_the_judge_journey_fits_the_window(page, live_server, load_demo, artefacts, django_user_model, language):
    load_demo("reselection")
    judge = django_user_model.objects.get(username="judge1")
    client = staff_login(Client(), judge)
    browser_login(page, client, live_server)
    page.context.add_cookies([{"name": "django_language", "value": language, "url": live_server.url}])
    page.set_viewport_size(LAPTOP)

    assert_journey_page(page, f"{live_server.url}/judge/", artefacts, f"judge-{language}-dashboard", language)
    entry_links = page.locator("a[href^='/judge/'][href$='/']").evaluate_all(
        "links => links.map(a => a.getAttribute('href'))"
    )
    sheets = [href for href in entry_links if href.count("/") == 4][:2]
    assert sheets
    for index, href in enumerate(sheets):
        assert_journey_page(page, f"{live_server.url}{href}", artefacts, f"judge-{language}-sheet-{index}", language)


def test_the_advancement_page_fits_a_phone(page, live_server, load_demo, artefacts, django_user_model):
    load_demo("reselection")
    client = staff_login(Client(), django_user_model.objects.get(username="organizer"))
    browser_login(page, client, live_server)
    page.set_viewport_size(PHONE)

    for round_ in Round.objects.order_by("stage__starts_at", "pk"):
        assert_journey_page(
            page,
            f"{live_server.url}/organize/judging/{round_.code}/advance/",
            artefacts,
            f"advance-phone-{round_.code}",
            "zh-hans",  # the browser asks for Chinese
        )
