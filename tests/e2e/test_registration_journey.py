"""The whole registration journey in a real browser on a phone, in Chinese, nothing faked.

From the home page of the demo contest: sign up by phone with the code the outbox holds,
fill in a team profile, list a team of three, write an entry, upload its materials and its
video through the upload widget (the video interrupted by a reload and resumed), submit,
and find the confirmation on the pages and in the outbox. Every page must fit 375 px; a
full-page screenshot of each step is kept in tests/e2e/artefacts/journey-*.png.
"""

import base64
import io
import itertools
import os
from pathlib import Path

import pytest
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext
from playwright.sync_api import expect
from pypdf import PdfReader

from contest.models import Contest
from notifications.models import SmsMessage
from notifications.texts import get_template
from registration.models import Entry, EntryFile, Upload
from registration.services import confirmation_text
from tests.e2e.browser import wait_in_page
from tests.helpers import wait_for
from tests.registration.media import make_mp4

WIDTH = 375
PHONE = "13812345678"  # typed as people type it: eleven digits, no +86
E164 = "+8613812345678"
TEAM = "数据先锋队"
TITLE = "冀时办数据助手"
MEMBERS = [
    # (name, phone, organisation, role, leader)
    ("张晓明", PHONE, "河北大学", "队长", True),
    ("李思远", "13923456789", "河北工业大学", "数据工程师", False),
    ("王静怡", "13734567890", "石家庄铁道大学", "前端开发", False),
]
CHUNK_BYTES = 8 * 1024

pytestmark = [
    pytest.mark.e2e,
    # A phone: 375×812 CSS pixels, touch, a 2× screen, in the Chinese locale of tests/e2e.
    pytest.mark.browser_context_args(
        viewport={"width": WIDTH, "height": 812}, device_scale_factor=2, is_mobile=True, has_touch=True
    ),
]

# Samples every upload bar's value as it changes, from the first paint of each page on.
BAR_SAMPLER = """
window.__bars = {};
window.setInterval(function () {
  document.querySelectorAll(".upload[data-kind]").forEach(function (node) {
    var bar = node.querySelector("[data-bar]");
    var seen = window.__bars[node.dataset.kind] || (window.__bars[node.dataset.kind] = []);
    var value = Number(bar.value);
    if (seen[seen.length - 1] !== value) seen.push(value);
  });
}, 10);
"""


def zh(message):
    with translation.override("zh-hans"):
        return gettext(message)


class Journey:
    """The browser page plus the bookkeeping every step shares: screenshots and the width check."""

    def __init__(self, page, live_server, artefacts):
        self.page = page
        self.base = live_server.url
        self.artefacts = artefacts
        self.shots = 0

    def url(self, name, *args):
        return self.base + reverse(name, args=args)

    def shot(self, name):
        """Check that nothing is wider than the phone, then keep a full-page screenshot."""
        width = self.page.evaluate("document.documentElement.scrollWidth")
        assert width <= WIDTH, f"{self.page.url} is {width} px wide"
        self.shots += 1
        self.page.screenshot(path=self.artefacts / f"journey-{self.shots:02d}-{name}.png", full_page=True)

    def submit(self, form=".reg-form"):
        self.page.locator(f"{form} button[type=submit]").first.click()

    def bars(self, kind):
        return self.page.evaluate(f"window.__bars[{kind!r}] || []")

    def throttle(self, bytes_per_second):
        """A slow uplink (CDP network emulation); None lifts it. Lasts until the page reloads."""
        cdp = self.page.context.new_cdp_session(self.page)
        cdp.send("Network.enable")
        cdp.send(
            "Network.emulateNetworkConditions",
            {
                "offline": False,
                "latency": 0,
                "downloadThroughput": -1,
                "uploadThroughput": bytes_per_second or -1,
            },
        )


def make_report_pdf(path, pages=4):
    """A real report: Chinese text on `pages` pages and an incompressible figure, so that its upload takes a while."""
    from PIL import Image
    from weasyprint import HTML

    figure = io.BytesIO()
    Image.frombytes("RGB", (200, 200), os.urandom(200 * 200 * 3)).save(figure, "PNG")
    image = f'<img src="data:image/png;base64,{base64.b64encode(figure.getvalue()).decode()}" alt="">'
    sections = "".join(
        f'<section style="break-after: page"><h1>第{number}部分</h1>'
        f"<p>{TITLE}汇聚政务服务数据，为群众和企业提供一站式办事指引。</p>{image if number == 1 else ''}</section>"
        for number in range(1, pages + 1)
    )
    html = f'<html lang="zh"><body style="font-family: Noto Sans CJK SC">{sections}</body></html>'
    HTML(string=html).write_pdf(path)
    assert len(PdfReader(path).pages) == pages
    return Path(path)


def assert_bar_moved(values):
    """The bar showed progress between empty and full, and went up at least once while doing so."""
    moving = [value for value in values if 0 < value < 100]
    assert any(earlier < later for earlier, later in itertools.pairwise(moving)), values


def sign_up(journey):
    """Home → Register → sign up by phone → the code from the outbox → an empty dashboard."""
    page = journey.page
    page.goto(journey.url("contest:home"))
    expect(page.locator(".timeline .is-open")).to_have_count(1)
    journey.shot("home")
    # Named as the catalogue names it, so that the test follows the translation.
    register = page.locator(".site-nav").get_by_role("link", name=zh("Register"), exact=True)
    expect(register).to_have_attribute("href", reverse("registration:dashboard"))
    register.click()
    # A newcomer lands on the sign-up, which links to the sign-in for those with an account.
    page.wait_for_url("**/accounts/signup/?next=/register/")
    expect(page.locator(".site-main a[href^='/accounts/login/']").first).to_be_visible()
    page.fill("input[name=phone]", PHONE)
    journey.shot("signup")
    journey.submit(".auth-form")
    page.wait_for_url("**/accounts/phone/verify/")
    (sms,) = SmsMessage.objects.filter(phone=E164, purpose=SmsMessage.Purpose.VERIFICATION_CODE)
    expect(page.locator("label[for=id_code]")).to_contain_text(zh("Verification code"))
    page.fill("input[name=code]", sms.params["code"])
    journey.shot("verify")
    journey.submit(".auth-form")
    page.wait_for_url(journey.url("registration:dashboard"))
    expect(page.locator(".site-nav")).to_contain_text(zh("My registration"))
    # Named by the person's own number, not by the random username the account got.
    expect(page.locator(".messages")).to_contain_text("138****5678")
    # The deadline in words agrees with the last day of the schedule below it.
    last_day = Contest.objects.current().stages.get(kind="registration").last_day.isoformat()
    expect(page.locator(".page__meta")).to_contain_text(f"{last_day} 24:00")
    journey.shot("dashboard-empty")


def fill_profile(journey):
    """The entrant's profile, as a team."""
    page = journey.page
    page.locator(f".reg-card a[href='{reverse('registration:profile')}']").click()
    page.locator("input[name=kind][value=team]").check()
    page.fill("input[name=name]", TEAM)
    page.fill("input[name=organisation]", "河北大学")
    page.select_option("select[name=region]", "shijiazhuang")
    page.check("input[name=accept_rules]")
    page.check("input[name=accept_privacy]")
    expect(page.locator("[data-field=credit_code]")).to_be_hidden()
    journey.shot("profile")
    journey.submit()
    page.wait_for_url(journey.url("registration:team"))


def list_the_team(journey):
    """A team of three on the team page, its leader first."""
    page = journey.page
    for name, phone, organisation, role, leader in MEMBERS:
        page.fill("input[name=name]", name)
        page.fill("input[name=phone]", phone)
        page.fill("input[name=organisation]", organisation)
        page.fill("input[name=role]", role)
        if leader:
            page.check("input[name=is_leader]")
        journey.submit()
        page.wait_for_url(journey.url("registration:team"))
        expect(page.locator(".message--success")).to_contain_text(name)
    expect(page.locator(".reg-member__name")).to_have_text(
        [f"{MEMBERS[0][0]} {zh('Leader')}", MEMBERS[1][0], MEMBERS[2][0]]
    )
    journey.shot("team")


def write_the_entry(journey):
    """An entry in the first track, every text field through the steps; the entry as saved."""
    page = journey.page
    page.get_by_role("link", name=zh("Back to my registration")).click()
    page.locator(f"a.button[href='{reverse('registration:entry_new')}']").click()
    track = Contest.objects.current().tracks.first()
    page.locator(f"input[name=track][value='{track.pk}']").check()
    page.fill("input[name=title]", TITLE)
    page.select_option("select[name=kind]", "platform")
    journey.shot("entry-basics")
    journey.submit()
    entry = Entry.objects.get(entrant__user__phone=f"+86{PHONE}")
    page.wait_for_url(journey.url("registration:entry_step", entry.code, "description"))
    description = {
        "summary": "面向群众和企业的政务数据助手，一句话找到要办的事。",
        "scenario": "市民在手机上查询办事指南、预约窗口、查看办理进度。",
        "problem": "办事材料说明分散在多个部门网站，群众难以找全。",
        "data_used": "省政务服务事项库、窗口排队数据，经脱敏后按日汇总使用。",
        "results": "试点期间咨询电话减少三成，平均办事跑动次数降到一次。",
        "self_introduction": "团队三人来自省内高校，长期从事政务数据治理和前端开发。",
    }
    for field, text in description.items():
        page.fill(f"textarea[name={field}]", text)
    journey.shot("entry-description")
    journey.submit()
    page.wait_for_url(journey.url("registration:entry_step", entry.code, "prototype"))
    page.fill("input[name=product_url]", "https://demo.example.com/assistant")
    page.fill("textarea[name=usage_instructions]", "打开网址，用测试账号 judge / 123456 登录，点“我要办事”。")
    page.fill("input[name=keywords]", "政务服务, 数据共享, 智能问答")
    journey.shot("entry-prototype")
    journey.submit()
    page.wait_for_url(journey.url("registration:entry_step", entry.code, "consents"))
    page.check("input[name=consent_original]")
    page.check("input[name=consent_publicity]")
    page.check("input[name=consent_recommendation]")
    page.check("input[name=commits_to_events]")
    journey.shot("entry-consents")
    journey.submit()
    page.wait_for_url(journey.url("registration:entry_files", entry.code))
    entry.refresh_from_db()
    assert (entry.display_name, entry.kind, entry.status) == (f"{TEAM}+{TITLE}", "platform", "draft")
    assert {field: getattr(entry, field) for field in description} == description
    return entry


def upload_the_materials(journey, tmp_path):
    """A four-page PDF on a slow uplink, the bar moving, then the verdict; the PDF uploaded."""
    page = journey.page
    pdf = make_report_pdf(tmp_path / "项目方案.pdf")
    materials = page.locator(".upload[data-kind=materials]")
    expect(materials.locator("[data-hint]")).to_contain_text("100 MB")
    journey.throttle(64 * 1024)
    materials.locator("[data-input]").set_input_files(pdf)
    wait_in_page(page, "(window.__bars.materials || []).some(v => v > 0 && v < 100)")
    journey.shot("materials-uploading")
    accepted = zh("The file passed the checks and is now the current file.")
    expect(materials.locator("[data-message]")).to_have_text(accepted, timeout=60_000)
    assert_bar_moved(journey.bars("materials"))
    expect(materials.locator("[data-current]")).to_contain_text("项目方案.pdf")
    expect(materials.locator("[data-current]")).to_contain_text(zh("{count} pages").format(count=4))
    journey.throttle(None)
    return pdf


def upload_the_video_across_a_reload(journey, tmp_path, dialogs):
    """The video on a slower uplink, the page reloaded mid-upload and the same file chosen again: only the rest is sent."""
    page = journey.page
    accepted = zh("The file passed the checks and is now the current file.")
    video = make_mp4(tmp_path / "演示视频.mp4")
    size = video.stat().st_size
    part = page.locator(".upload[data-kind=video]")
    journey.throttle(4 * 1024)
    part.locator("[data-input]").set_input_files(video)
    wait_in_page(page, "(window.__bars.video || []).some(v => v > 0 && v < 100)")
    assert wait_for(lambda: Upload.objects.filter(kind="video", offset__gt=0).exists(), timeout=30, interval=0.05)
    journey.shot("video-uploading")
    bars_before_reload = journey.bars("video")
    sent_before_reload = Upload.objects.get(kind="video").offset
    assert 0 < sent_before_reload < size
    page.reload()
    # The widget warned before the page went away mid-upload.
    assert dialogs == ["beforeunload"]
    note = part.locator("[data-resume-note]")
    expect(note).to_be_visible()
    expect(note).to_contain_text("演示视频.mp4")
    journey.shot("video-interrupted")
    interrupted = Upload.objects.get(kind="video")
    requests = []
    page.on("request", lambda request: requests.append((request.method, request.headers.get("upload-offset"))))
    journey.throttle(32 * 1024)
    part.locator("[data-input]").set_input_files(video)
    expect(part.locator("[data-message]")).to_have_text(accepted, timeout=60_000)
    assert_bar_moved(bars_before_reload + journey.bars("video"))
    # The same upload finished: no new one was created, and the first chunk after the reload
    # started where the server stood, not at 0.
    resumed = Upload.objects.get(kind="video")
    assert (resumed.pk, resumed.offset, resumed.length) == (interrupted.pk, size, size)
    assert [method for method, _offset in requests if method == "POST"] == []
    patches = [int(offset) for method, offset in requests if method == "PATCH"]
    assert patches[0] >= interrupted.offset >= sent_before_reload > 0
    return video


def check_the_stored_files(journey, entry, pdf, video):
    """Both files accepted, current and stored byte for byte as chosen; the video's poster shown."""
    video_file = EntryFile.objects.get(entry=entry, kind="video", is_current=True)
    assert video_file.status == EntryFile.Status.ACCEPTED
    assert video_file.file.read() == video.read_bytes()
    materials_file = EntryFile.objects.get(entry=entry, kind="materials", is_current=True)
    assert (materials_file.status, materials_file.page_count) == (EntryFile.Status.ACCEPTED, 4)
    assert materials_file.file.read() == pdf.read_bytes()
    journey.page.locator(".upload[data-kind=video] [data-current] img").wait_for(state="visible")
    journey.throttle(None)
    journey.shot("files-passed")


def submit_the_entry(journey, entry):
    """Submit; the confirmation on the page and on the dashboard."""
    page = journey.page
    page.locator(f".reg-actions a[href='{reverse('registration:entry_submit', args=[entry.code])}']").click()
    expected = confirmation_text(entry)
    expect(page.locator(".reg-confirmation")).to_have_text(expected)
    journey.shot("submit")
    journey.submit()
    page.wait_for_url(journey.url("registration:entry", entry.code))
    expect(page.locator(".reg-confirmation")).to_have_text(expected)
    expect(page.locator("#confirmation-title")).to_have_text(zh("Registration confirmed"))
    journey.shot("confirmed")
    page.locator(".breadcrumb a[href='/register/']").click()
    expect(page.locator(".reg-confirmation")).to_have_text(expected)
    journey.shot("dashboard-submitted")


def test_register_a_team_entry_from_the_home_page_on_a_phone(
    page, live_server, demo_contest, artefacts, settings, tmp_path
):
    settings.UPLOAD_CHUNK_BYTES = CHUNK_BYTES
    page.add_init_script(BAR_SAMPLER)
    dialogs = []
    # Leaving mid-upload asks "leave anyway?"; the entrant says yes.
    page.on("dialog", lambda dialog: (dialogs.append(dialog.type), dialog.accept()))
    journey = Journey(page, live_server, artefacts)

    sign_up(journey)
    fill_profile(journey)
    list_the_team(journey)
    entry = write_the_entry(journey)
    pdf = upload_the_materials(journey, tmp_path)
    video = upload_the_video_across_a_reload(journey, tmp_path, dialogs)
    check_the_stored_files(journey, entry, pdf, video)
    submit_the_entry(journey, entry)

    # The entry is submitted, and the leader's phone has its confirmation in the outbox.
    expected = confirmation_text(entry)
    entry.refresh_from_db()
    assert entry.status == Entry.Status.SUBMITTED
    assert entry.entrant.members.get(is_leader=True).phone == E164
    (confirmation,) = SmsMessage.objects.filter(phone=E164, purpose=SmsMessage.Purpose.REGISTRATION_CONFIRMATION)
    text = get_template(confirmation.template).render(confirmation.params)
    assert entry.code in text
    assert entry.display_name in text
    assert text.endswith(expected)
