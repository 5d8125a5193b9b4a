"""Judging in a real browser: a judge scores two entries on a phone and submits them, with the
materials in the inline PDF viewer and a video that seeks; the organizer then advances the
round and releases the results. Screenshots go to tests/e2e/artefacts/judging-*.png.
"""

from datetime import timedelta

import pytest
from django.core.files.base import ContentFile
from django.test import Client
from django.utils import timezone
from playwright.sync_api import expect

from contest.models import Stage
from judging.models import Assignment, Criterion, RoundEntry
from notifications.models import SmsMessage
from tests.e2e.browser import browser_login, wait_in_page
from tests.factories import (
    ContestFactory,
    EntrantFactory,
    EntryFactory,
    EntryFileFactory,
    JudgeProfileFactory,
    JudgingRoundFactory,
    OrganizerUserFactory,
    StageFactory,
    TrackFactory,
)
from tests.helpers import staff_login
from tests.registration.media import make_webm

pytestmark = pytest.mark.e2e

PHONE = {"width": 375, "height": 740}
LAPTOP = {"width": 1280, "height": 800}


def tiny_pdf(text):
    """A one-page PDF with a line of text in a standard font (pdf.js draws it with the vendored fonts)."""
    stream = f"BT /F1 28 Tf 30 120 Td ({text}) Tj ET".encode()
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 420 260] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for offset in offsets:
        out += b"%010d 00000 n \n" % offset
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


@pytest.fixture
def judging_round(transactional_db, tmp_path):
    """An open blind preliminary round with two entries, both assigned to one judge."""
    now = timezone.now()
    contest = ContestFactory()
    track = TrackFactory(contest=contest, code="gov", name="数字支撑政务服务")
    StageFactory(
        contest=contest,
        kind=Stage.Kind.REGISTRATION,
        starts_at=now - timedelta(days=30),
        ends_at=now - timedelta(days=2),
    )
    stage = StageFactory(
        contest=contest, kind=Stage.Kind.PRELIMINARY, starts_at=now - timedelta(days=1), ends_at=now + timedelta(days=7)
    )
    StageFactory(
        contest=contest,
        kind=Stage.Kind.RESELECTION,
        starts_at=now + timedelta(days=7),
        ends_at=now + timedelta(days=14),
    )
    round_ = JudgingRoundFactory(stage=stage, track=track, judges_per_entry=1, advance_count=1, blind=True)
    for order, (name, weight) in enumerate([("完整性", 30), ("可操作性", 35), ("契合主题", 35)], start=1):
        Criterion.objects.create(
            round=round_, name=name, name_en=name, weight=weight, order=order, tie_break_rank=order
        )
    judge = JudgeProfileFactory(contest=contest, name="李评委")
    round_.panel.add(judge)
    video = make_webm(tmp_path / "clip.webm", seconds=6).read_bytes()
    entries = []
    for index, title in enumerate(["智慧审批助手", "企业信用画像"]):
        entrant = EntrantFactory(contest=contest, name=f"参赛团队{index}")
        entry = EntryFactory(
            entrant=entrant,
            contest=contest,
            track=track,
            title=title,
            status="submitted",
            first_submitted_at=now,
            submitted_at=now,
            kind="website",
            product_url=f"https://demo{index}.example.com/",
            usage_instructions="账号 demo，密码 demo",
        )
        EntryFileFactory(
            entry=entry,
            kind="materials",
            detected_type="pdf",
            file=ContentFile(tiny_pdf(f"Entry {index + 1}"), name="m.pdf"),
            original_name=f"参赛团队{index}.pdf",
        )
        EntryFileFactory(
            entry=entry,
            kind="video",
            detected_type="webm",
            file=ContentFile(video, name="v.webm"),
            original_name="v.webm",
        )
        RoundEntry.objects.create(round=round_, entry=entry)
        Assignment.objects.create(round=round_, entry=entry, judge=judge, source="manual")
        entries.append(entry)
    return round_, judge, entries


def sign_in_as_staff(page, live_server, user):
    """A fresh browser session for a staff member signed in with their authenticator app."""
    page.context.clear_cookies()
    browser_login(page, staff_login(Client(), user), live_server)


@pytest.fixture
def shoot(artefacts):
    def take(page, name):
        page.screenshot(path=str(artefacts / f"judging-{name}.png"), full_page=True)

    return take


def fits_the_screen(page):
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def score_current_entry(page, values):
    for field, value in zip(page.locator("input[data-weight]").all(), values, strict=True):
        field.fill(str(value))
    page.once("dialog", lambda dialog: dialog.accept())
    page.locator("button[name=submit]").click()


# Long: the judge's turn and then the organizer's in one round, in the order they happen; the organizer's step depends on the scores the judge just gave.
def test_judge_scores_two_entries_and_the_organizer_advances_them(page, live_server, judging_round, shoot):
    round_, judge, entries = judging_round
    problems = []
    page.on("pageerror", lambda error: problems.append(str(error)))
    page.on("request", lambda r: None if r.url.startswith(live_server.url) else problems.append(r.url))
    sign_in_as_staff(page, live_server, judge.user)
    page.set_viewport_size(PHONE)

    page.goto(f"{live_server.url}/judge/")
    expect(page.locator(".jdg-progress__bar")).to_have_attribute("value", "0")
    assert fits_the_screen(page)
    shoot(page, "dashboard-375")

    page.locator(".jdg-card .button").first.click()
    first = next(e for e in entries if page.url.endswith(f"/{e.code}/"))
    second = next(e for e in entries if e != first)
    viewer = page.locator("[data-pdf-viewer]")
    expect(viewer).to_have_attribute("data-loaded", "1", timeout=20000)
    expect(viewer.locator("canvas")).to_have_count(1)
    wait_in_page(page, "document.querySelector('[data-pdf-viewer] canvas').width > 0")
    video = page.locator("video")
    wait_in_page(page, "document.querySelector('video').readyState >= 1", timeout=20000)
    assert page.evaluate("document.querySelector('video').duration") == pytest.approx(6, abs=0.5)
    # Seeking asks for a byte range the server answers with 206.
    page.evaluate(
        "new Promise(done => { const v = document.querySelector('video'); v.addEventListener('seeked', done, {once: true}); v.currentTime = 4.5; })"
    )
    assert page.evaluate("document.querySelector('video').currentTime") == pytest.approx(4.5, abs=0.6)
    expect(video).to_be_visible()
    assert fits_the_screen(page)
    for secret in ("参赛团队0", "参赛团队1"):
        assert secret not in page.content()
    shoot(page, "entry-375")

    page.locator("input[data-weight]").first.fill("8")
    page.locator("button[name=save]").click()
    expect(page.locator(".message--success")).to_be_visible()
    score_current_entry(page, [9, 8, 9] if first == entries[0] else [6, 6, 7])
    # Submitting moves on to the next entry not scored yet.
    page.wait_for_url(f"**/judge/{round_.code}/{second.code}/")
    page.set_viewport_size(LAPTOP)
    expect(page.locator("[data-pdf-viewer]")).to_have_attribute("data-loaded", "1", timeout=20000)
    shoot(page, "entry-1280")
    score_current_entry(page, [9, 8, 9] if second == entries[0] else [6, 6, 7])
    page.wait_for_url(f"{live_server.url}/judge/")
    expect(page.locator(".jdg-progress__bar")).to_have_attribute("value", "2")
    shoot(page, "dashboard-done-1280")
    assert set(Assignment.objects.values_list("status", flat=True)) == {"submitted"}

    sign_in_as_staff(page, live_server, OrganizerUserFactory())
    page.goto(f"{live_server.url}/organize/judging/{round_.code}/ranking/")
    expect(page.locator(".jdg-table tbody tr")).to_have_count(2)
    shoot(page, "ranking-1280")
    page.goto(f"{live_server.url}/organize/judging/{round_.code}/advance/")
    expect(page.locator(f"input[name=advance_{entries[0].code}]")).to_be_checked()
    expect(page.locator(f"input[name=advance_{entries[1].code}]")).not_to_be_checked()
    shoot(page, "advance-1280")
    page.locator("form.jdg-form button[type=submit]").click()
    page.wait_for_url(f"**/organize/judging/{round_.code}/")
    assert not SmsMessage.objects.exists()
    page.locator(".jdg-release button").click()
    expect(page.locator(".message--success")).to_be_visible()
    shoot(page, "released-1280")

    decided = dict(RoundEntry.objects.filter(round=round_).values_list("entry_id", "advances"))
    assert decided == {entries[0].pk: True, entries[1].pk: False}
    assert sorted(SmsMessage.objects.values_list("template", flat=True)) == ["advancement", "not_advanced"]
    assert problems == []
