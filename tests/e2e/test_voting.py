"""The public vote in a real browser on a phone (375 px): gallery, finalist, SMS code, vote, thank you,
in Chinese and in English, every page in one language outside what entrants and organizers typed.

The code is read from the SMS outbox row, as the console backend would print it.
Screenshots go to tests/e2e/artefacts/voting-*.png.
"""

import io
import re
from datetime import timedelta
from pathlib import Path

import pytest
from django.core.files.base import ContentFile
from django.utils import timezone
from playwright.sync_api import expect

from contest.models import Stage
from notifications.models import SmsMessage
from tests.e2e.browser import wait_in_page
from tests.e2e.language import assert_one_language
from tests.factories import ContestFactory, EntryFileFactory, FinalistFactory, StageFactory, TrackFactory
from voting.models import Vote

pytestmark = pytest.mark.e2e

SHOTS = Path(__file__).resolve().parent / "artefacts"


def poster(colour):
    from PIL import Image, ImageDraw

    image = Image.new("RGB", (640, 360), colour)
    ImageDraw.Draw(image).rectangle((40, 120, 600, 240), outline="white", width=6)
    buffer = io.BytesIO()
    image.save(buffer, format="WEBP")
    return buffer.getvalue()


@pytest.fixture
def open_vote(transactional_db, settings):
    settings.VOTE_CONTEXT_TTL = 0
    contest = ContestFactory(short_name="数据应用大赛")
    now = timezone.now()
    StageFactory(
        contest=contest, kind=Stage.Kind.PUBLIC_VOTE, starts_at=now - timedelta(days=3), ends_at=now + timedelta(days=5)
    )
    gov = TrackFactory(contest=contest, code="gov", name="数字支撑政务服务", order=1)
    finance = TrackFactory(contest=contest, code="finance", name="数字服务金融创新", order=2)
    finalists = []
    for track, title, summary, colour in (
        (gov, "一网通办助手", "群众办事“最多跑一次”的智能导办。", "#0b3a7e"),
        (gov, "营商环境监测", "用政务数据实时监测营商环境。", "#11498f"),
        (finance, "信易贷画像", "以信用数据为小微企业增信。", "#7a1f1f"),
    ):
        entry = FinalistFactory(entrant__contest=contest, track=track, title=title, summary=summary)
        video = EntryFileFactory(entry=entry, kind="video")
        video.poster.save("poster.webp", ContentFile(poster(colour)), save=True)
        EntryFileFactory(entry=entry, kind="materials")
        finalists.append(entry)
    return finalists


def typed_content(finalists):
    """What entrants typed (titles, summaries, team names), and the organizers' names given only
    in Chinese: with no English name, an English page shows the Chinese one."""
    typed = []
    for entry in finalists:
        typed += [entry.title, entry.summary, entry.display_name, entry.entrant.name]
        typed += [entry.track.name] if not entry.track.name_en else []
    contest = finalists[0].contest
    typed += [
        name
        for name, name_en in ((contest.short_name, contest.short_name_en), (contest.name, contest.name_en))
        if not name_en
    ]
    return typed


def fits_the_screen(page):
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def shoot(page, name):
    SHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SHOTS / f"voting-{name}.png"), full_page=True)


# A phone in WeChat; locale and time zone come from the e2e conftest (zh-CN, Asia/Shanghai).
@pytest.mark.browser_context_args(
    viewport={"width": 375, "height": 812},
    device_scale_factor=2,
    is_mobile=True,
    has_touch=True,
    user_agent="Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) MicroMessenger/8.0",
)
def test_verify_a_phone_vote_and_see_thank_you_at_375px(page, live_server, open_vote):
    finalist = open_vote[0]
    language, typed = "zh-hans", typed_content(open_vote)  # the browser asks for Chinese
    problems = []
    page.on("pageerror", lambda error: problems.append(str(error)))

    page.goto(f"{live_server.url}/vote/")
    expect(page.locator(".vote-card")).to_have_count(3)
    wait_in_page(page, "[...document.querySelectorAll('.vote-card img')].every(i => i.naturalWidth === 640)")
    assert fits_the_screen(page)
    assert_one_language(page, language, typed)
    shoot(page, "gallery")

    page.locator(".vote-card__title a", has_text=finalist.display_name).click()
    page.wait_for_url(f"{live_server.url}/vote/f/{finalist.code}/")
    expect(page.locator("h1")).to_have_text(finalist.display_name)
    wait_in_page(page, "document.querySelector('.vote-share__qr img').naturalWidth > 100")
    assert fits_the_screen(page)
    assert_one_language(page, language, typed)
    shoot(page, "finalist")

    page.locator(".vote-panel .vote-button").click()
    page.wait_for_url(re.compile(r".*/vote/verify/\?next=.*"))
    page.fill("input[name=phone]", "138 0013 8000")
    assert fits_the_screen(page)
    assert_one_language(page, language, typed)
    shoot(page, "verify-phone")
    page.locator(".vote-form button[type=submit]").click()
    page.wait_for_url(re.compile(r".*/vote/verify/code/\?next=.*"))
    code = SmsMessage.objects.get(phone="+8613800138000", purpose="vote_code").params["code"]
    page.fill("input[name=code]", code)
    assert_one_language(page, language, typed)
    shoot(page, "verify-code")
    page.locator(".vote-form button[type=submit]").click()

    # The vote asked for is cast as soon as the number is verified: no second press.
    page.wait_for_url(f"{live_server.url}/vote/f/{finalist.code}/thanks/")
    expect(page.locator(".vote-thanks__title")).to_be_visible()
    expect(page.locator(".vote-thanks")).to_contain_text(finalist.display_name)
    expect(page.locator(".vote-thanks .vote-voter")).to_contain_text("2")
    assert fits_the_screen(page)
    assert_one_language(page, language, typed)
    shoot(page, "thanks")

    vote = Vote.objects.get()
    assert (vote.entry_id, vote.status, vote.channel) == (finalist.pk, "valid", "web")
    assert vote.ua_hash

    page.goto(f"{live_server.url}/vote/")
    expect(page.locator(f"#finalist-{finalist.code} .vote-done")).to_be_visible()
    expect(page.locator(".vote-done")).to_have_count(1)
    assert_one_language(page, language, typed)
    shoot(page, "gallery-after")
    assert problems == []


ZERO_LEFT = re.compile(r"可投0票|\b0 votes? left")
PHRASES = {
    "en": {
        "vote": "Vote",
        "used": "You have used today's votes. You can vote again from 00:00 tomorrow, Beijing time.",
    },
    "zh-hans": {"vote": "投票", "used": "您今天的票数已用完，明天北京时间0:00起可再次投票。"},
}


@pytest.mark.parametrize("language", ["zh-hans", "en"])
@pytest.mark.browser_context_args(
    viewport={"width": 375, "height": 812},
    device_scale_factor=2,
    is_mobile=True,
    has_touch=True,
    user_agent="Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) MicroMessenger/8.0",
)
def test_a_voter_with_no_vote_left_is_told_when_votes_come_back_at_375px(page, live_server, open_vote, language):
    from django.conf import settings

    from voting.models import VoteSettings

    vote_settings = VoteSettings.for_contest(open_vote[0].contest)
    vote_settings.votes_per_phone_per_day = 1
    vote_settings.save()
    page.context.add_cookies([{"name": settings.LANGUAGE_COOKIE_NAME, "value": language, "url": live_server.url}])
    words = PHRASES[language]
    typed = typed_content(open_vote)
    first, other = open_vote[0], open_vote[2]

    page.goto(f"{live_server.url}/vote/f/{first.code}/")
    assert fits_the_screen(page)
    assert_one_language(page, language, typed)
    page.locator(".vote-panel .vote-button").click()
    page.fill("input[name=phone]", "13800138000")
    assert fits_the_screen(page)
    assert_one_language(page, language, typed)
    page.locator(".vote-form button[type=submit]").click()
    page.wait_for_url(re.compile(r".*/vote/verify/code/\?next=.*"))
    assert fits_the_screen(page)
    assert_one_language(page, language, typed)
    page.fill("input[name=code]", SmsMessage.objects.get(phone="+8613800138000").params["code"])
    page.locator(".vote-form button[type=submit]").click()

    page.wait_for_url(f"{live_server.url}/vote/f/{first.code}/thanks/")
    assert Vote.objects.get().entry_id == first.pk
    thanks = page.locator(".vote-thanks .vote-voter")
    expect(thanks).not_to_contain_text(ZERO_LEFT)
    expect(thanks).to_have_text(words["used"])
    expect(page.locator(".vote-thanks__actions .button")).to_have_count(1)  # sharing only, no "vote for others"
    assert fits_the_screen(page)
    assert_one_language(page, language, typed)
    shoot(page, f"used-thanks-{language}")

    page.goto(f"{live_server.url}/vote/f/{other.code}/")
    expect(page.locator(".vote-panel h2")).to_be_visible()
    expect(page.locator(".vote-panel .vote-button")).to_have_count(0)
    expect(page.locator(".vote-panel .vote-voter")).not_to_contain_text(ZERO_LEFT)
    expect(page.locator(".vote-panel .vote-note")).to_have_text(words["used"])
    assert fits_the_screen(page)
    assert_one_language(page, language, typed)
    shoot(page, f"used-finalist-{language}")

    page.goto(f"{live_server.url}/vote/")
    expect(page.locator(".vote-card")).to_have_count(3)
    expect(page.get_by_role("button", name=words["vote"])).to_have_count(0)
    expect(page.locator(".vote-note")).to_have_count(2)
    assert fits_the_screen(page)
    assert_one_language(page, language, typed)
