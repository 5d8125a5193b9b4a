"""What a new entrant stumbled on in the browser: the breadcrumb on a phone, the sign-in page on
a desktop, and a profile sent with a field left empty."""

import pytest
from django.test import Client
from playwright.sync_api import expect

from contest.models import Stage
from tests.e2e.browser import browser_login, wait_in_page
from tests.factories import EntrantFactory, EntryFactory, TrackFactory, UserFactory, contest_at
from tests.helpers import entrant_login
from tests.registration.media import make_mp4

pytestmark = pytest.mark.e2e

PHONE = pytest.mark.browser_context_args(
    viewport={"width": 375, "height": 740}, device_scale_factor=2, is_mobile=True, has_touch=True
)
DESKTOP = pytest.mark.browser_context_args(viewport={"width": 1280, "height": 800})

# For each item of the breadcrumb that starts a line, the separator drawn in front of it (if any).
LINE_STARTS = """
() => {
  const trail = document.querySelector(".breadcrumb ol");
  const left = trail.getBoundingClientRect().left;
  return Array.from(trail.children)
    .filter((item) => Math.abs(item.getBoundingClientRect().left - left) < 1)
    .map((item) => getComputedStyle(item, "::before").content);
}
"""


@pytest.fixture
def contest(transactional_db):
    contest = contest_at(Stage.Kind.REGISTRATION)
    TrackFactory(contest=contest, name="数字支撑政务服务", code="gov")
    return contest


@pytest.fixture
def entrant_page(page, live_server, contest):
    user = UserFactory(phone="+8613912341362", display_name="张三")
    page.user = user
    return browser_login(page, entrant_login(Client(), user), live_server)


@PHONE
def test_breadcrumb_that_wraps_on_a_phone_starts_no_line_with_a_separator(entrant_page, live_server, contest):
    entrant = EntrantFactory(contest=contest, user=entrant_page.user, name="石家庄市数据先锋创新团队")
    entry = EntryFactory(entrant=entrant, title="冀时办一网通办智能数据助手")
    entrant_page.goto(f"{live_server.url}/register/entries/{entry.code}/edit/description/")

    rows = entrant_page.evaluate(LINE_STARTS)
    assert len(rows) >= 2, "the trail should wrap at 375 px for this test to mean anything"
    assert all(content in ("none", "normal") for content in rows), rows
    assert entrant_page.evaluate("document.documentElement.scrollWidth") <= 375


@DESKTOP
def test_sign_in_code_button_sits_in_the_centred_column(page, live_server, contest):
    page.goto(f"{live_server.url}/accounts/login/")
    sign_in = page.locator("form.auth-form button[type=submit]").first.bounding_box()
    code_button = page.locator("a.button[href^='/accounts/login/code/']").bounding_box()
    # The same column as the form's own button: same left edge, same width.
    assert abs(code_button["x"] - sign_in["x"]) <= 1, (code_button, sign_in)
    assert abs(code_button["width"] - sign_in["width"]) <= 1, (code_button, sign_in)


@pytest.mark.browser_context_args(
    viewport={"width": 375, "height": 740}, device_scale_factor=2, is_mobile=True, has_touch=True, locale="en-US"
)
def test_profile_sent_with_an_empty_name_names_and_outlines_the_field(entrant_page, live_server, contest):
    page = entrant_page
    page.goto(f"{live_server.url}/register/profile/")
    page.locator("input[name=kind][value=individual]").check()
    page.check("input[name=accept_rules]")
    page.check("input[name=accept_privacy]")
    page.locator(".reg-form button[type=submit]").click()

    name = page.locator("[data-field=name]")
    region = page.locator("[data-field=region]")
    assert name.locator(".reg-field__error").inner_text() == "Please fill in Name."
    assert region.locator(".reg-field__error").inner_text() == "Please choose Region."
    red = page.evaluate("getComputedStyle(document.querySelector('[data-field=region] select')).borderTopColor")
    box = page.evaluate("getComputedStyle(document.querySelector('[data-field=name] input')).borderTopColor")
    assert (
        box
        == red
        != page.evaluate("getComputedStyle(document.querySelector('[data-field=organisation] input')).borderTopColor")
    )
    summary = page.locator(".reg-errors li")
    assert summary.all_inner_texts() == ["Name: Please fill in Name.", "Region: Please choose Region."]
    assert page.evaluate("document.documentElement.scrollWidth") <= 375


@pytest.mark.browser_context_args(
    viewport={"width": 375, "height": 740}, device_scale_factor=2, is_mobile=True, has_touch=True, locale="en-US"
)
def test_continue_waits_for_a_video_still_uploading(entrant_page, live_server, contest, settings, tmp_path):
    settings.UPLOAD_CHUNK_BYTES = 8 * 1024
    page = entrant_page
    entry = EntryFactory(entrant=EntrantFactory(contest=contest, user=page.user))
    files_url = f"{live_server.url}/register/entries/{entry.code}/files/"
    page.goto(files_url)
    video = page.locator(".upload[data-kind=video]")
    cdp = page.context.new_cdp_session(page)
    cdp.send("Network.enable")
    slow = {"offline": False, "latency": 0, "downloadThroughput": -1, "uploadThroughput": 4 * 1024}
    cdp.send("Network.emulateNetworkConditions", slow)
    video.locator("[data-input]").set_input_files(make_mp4(tmp_path / "demo.mp4"))
    wait_in_page(page, "Number(document.querySelector('[data-kind=video] [data-bar]').value) > 0")

    page.get_by_role("link", name="Continue to submission").click()
    note = page.locator("[data-uploads-note]")
    expect(note).to_be_visible()
    expect(note).to_contain_text("Video: the upload or its check is not finished.")
    assert page.url == files_url
    # The step links wait for the file just the same.
    page.locator(".reg-steps a", has_text="Submit").click()
    assert page.url == files_url
    assert page.evaluate("document.documentElement.scrollWidth") <= 375

    cdp.send("Network.emulateNetworkConditions", {**slow, "uploadThroughput": -1})
    expect(video.locator("[data-message]")).to_have_text(
        "The file passed the checks and is now the current file.", timeout=60_000
    )
    expect(note).to_be_hidden()
    page.get_by_role("link", name="Continue to submission").click()
    page.wait_for_url(f"**/register/entries/{entry.code}/submit/")
