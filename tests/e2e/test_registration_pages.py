"""The entrant pages in a real browser at 375 px: nothing wider than the screen, drafts kept.

The upload widget belongs to the files side; here the two files are marked accepted in the
database, as their checks would leave them, so that the flow can reach the submission.
"""

import pytest
from django.test import Client

from contest.models import Stage
from notifications.models import SmsMessage
from registration.models import Entry
from tests.e2e.browser import browser_login
from tests.factories import TrackFactory, UserFactory, contest_at
from tests.helpers import entrant_login
from tests.registration.helpers import accept_files

pytestmark = [
    pytest.mark.e2e,
    # A phone, in the Chinese locale of tests/e2e.
    pytest.mark.browser_context_args(
        viewport={"width": 375, "height": 740}, device_scale_factor=2, is_mobile=True, has_touch=True
    ),
]


@pytest.fixture
def track(transactional_db):
    """A track of the current edition, with registration open from yesterday for thirty days."""
    return TrackFactory(contest=contest_at(Stage.Kind.REGISTRATION), name="数字支撑政务服务", code="gov")


@pytest.fixture
def signed_in(page, live_server, transactional_db):
    """The entrant's session in the browser (signing in by SMS is the journey's test)."""
    owner = UserFactory(phone="+8613800138000", display_name="张三")
    return browser_login(page, entrant_login(Client(), owner), live_server)


def fits_the_screen(page):
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def shoot(page, artefacts, name):
    page.screenshot(path=str(artefacts / f"registration-{name}.png"), full_page=True)


# Long: the registration pages in the order an entrant meets them, each checked at 375 px when it is reached; it reads top to bottom as the entrant goes.
def test_registration_flow_at_375px(signed_in, live_server, track, artefacts):
    page = signed_in
    base = f"{live_server.url}/register"

    page.goto(f"{base}/profile/")
    assert fits_the_screen(page)
    page.get_by_label("团队").check() if page.get_by_label("团队").count() else page.locator(
        "input[value=team]"
    ).check()
    page.fill("input[name=name]", "数据先锋队")
    page.select_option("select[name=region]", "baoding")
    page.check("input[name=accept_rules]")
    page.check("input[name=accept_privacy]")
    shoot(page, artefacts, "profile")
    page.click(".reg-form button[type=submit]")
    page.wait_for_url(f"{base}/team/")

    for n, (name, phone) in enumerate([("张三", "13800138000"), ("李四", "13900139001"), ("王五", "13700137002")]):
        page.fill("input[name=name]", name)
        page.fill("input[name=phone]", phone)
        page.fill("input[name=organisation]", "河北大学")
        page.fill("input[name=role]", "队长" if n == 0 else "开发")
        page.click(".reg-form button[type=submit]")
        page.wait_for_url(f"{base}/team/")
    assert page.locator(".reg-member").count() == 3
    assert fits_the_screen(page)
    shoot(page, artefacts, "team")

    page.goto(f"{base}/entries/new/")
    page.locator("input[name=track]").first.check()
    page.fill("input[name=title]", "一网通办助手")
    page.select_option("select[name=kind]", "app")
    page.click(".reg-form button[type=submit]")
    code = Entry.objects.get().code
    page.wait_for_url(f"{base}/entries/{code}/edit/description/")

    # Typed but not saved, then the page reloads: the text comes back with a note.
    page.fill("textarea[name=summary]", "尚未保存的简介")
    page.reload()
    assert page.input_value("textarea[name=summary]") == "尚未保存的简介"
    assert page.locator(".reg-restored").count() == 1
    for field in ("scenario", "problem", "data_used", "results", "self_introduction"):
        page.fill(f"textarea[name={field}]", f"{field} 内容")
    assert fits_the_screen(page)
    shoot(page, artefacts, "entry-description")
    page.click(".reg-form button[type=submit]")
    page.wait_for_url(f"{base}/entries/{code}/edit/prototype/")
    assert Entry.objects.get().summary == "尚未保存的简介"

    page.fill("input[name=product_url]", "https://example.com/app")
    page.fill("textarea[name=usage_instructions]", "扫码安装，测试账号 test。")
    page.click(".reg-form button[type=submit]")
    page.wait_for_url(f"{base}/entries/{code}/edit/consents/")
    page.check("input[name=consent_original]")
    page.check("input[name=consent_publicity]")
    page.check("input[name=commits_to_events]")
    page.click(".reg-form button[type=submit]")
    page.wait_for_url(f"{base}/entries/{code}/files/")
    assert fits_the_screen(page)
    shoot(page, artefacts, "entry-files")

    accept_files(Entry.objects.get())
    page.goto(f"{base}/entries/{code}/submit/")
    assert fits_the_screen(page)
    shoot(page, artefacts, "entry-submit")
    page.click(".reg-form button[type=submit]")
    page.wait_for_url(f"{base}/entries/{code}/")
    confirmation = page.locator(".reg-confirmation").inner_text()
    assert (
        confirmation
        == f"您的参赛作品“数据先锋队+一网通办助手”已提交成功，作品编号{code}。评审结果将以短信通知，请保持手机畅通。"
    )
    assert fits_the_screen(page)
    shoot(page, artefacts, "entry-confirmed")

    page.goto(f"{base}/")
    assert page.locator(".reg-confirmation").inner_text() == confirmation
    assert fits_the_screen(page)
    shoot(page, artefacts, "dashboard")
    assert list(SmsMessage.objects.values_list("phone", "params")) == [
        ("+8613800138000", {"entry": "数据先锋队+一网通办助手", "number": code})
    ]
