"""The organizer at the ceremony, in a real browser at 1280 px: allocates the prizes from the
released final ranking, resolves the tie the ranking cannot break, gives the last finalist a
single award, confirms and publishes; the public winners page then lists them."""

import pytest
from django.test import Client

from awards.models import Award
from notifications.models import SmsMessage
from tests.awards.factories import final_scene
from tests.e2e.browser import browser_login
from tests.helpers import staff_login

pytestmark = [pytest.mark.e2e, pytest.mark.browser_context_args(viewport={"width": 1280, "height": 900})]

# Eight finalists in one track; the last two score the same on every criterion.
SHEETS = [(9, 9), (8, 8), (7, 7), (6, 6), (5, 5), (4, 4), (3, 3), (3, 3)]


def submit(page, action):
    page.locator(f"form[action='{action}'] button[type=submit]").click()
    page.wait_for_load_state()


def test_organizer_allocates_resolves_the_tie_confirms_and_publishes_at_1280px(
    page, live_server, transactional_db, artefacts
):
    scene = final_scene({"a": SHEETS})
    browser_login(page, staff_login(Client(), scene.organizer), live_server)

    page.goto(f"{live_server.url}/organize/awards/")
    submit(page, "/organize/awards/allocate/")
    tied = Award.objects.get(tied=True)
    page.screenshot(path=str(artefacts / "awards-organizer-proposal.png"), full_page=True)

    # The tie: the organizer picks the other tied entry for the place, with a reason.
    other = next(e for e in (scene.entries["a7"], scene.entries["a8"]) if e != tied.entry)
    page.locator(f"a[href='/organize/awards/{tied.pk}/change/']").click()
    page.fill("input[name=entry]", other.code)
    page.fill("textarea[name=reason]", "现场答辩表现更好")
    page.locator("form.form button[type=submit]").click()
    page.wait_for_url(f"{live_server.url}/organize/awards/")

    # The finalist left over gets a single award.
    left = next(e for e in (scene.entries["a7"], scene.entries["a8"]) if e != other)
    single = scene.contest.award_types.get(name="优秀案例奖")
    form = page.locator("form[action='/organize/awards/single/']")
    form.locator("select[name=award_type]").select_option(str(single.pk))
    form.locator("input[name=entry]").fill(left.code)
    form.locator("button[type=submit]").click()
    page.wait_for_load_state()
    assert "现场答辩表现更好" in page.locator("#award-table").inner_text()

    submit(page, "/organize/awards/confirm/")
    submit(page, "/organize/awards/publish/")
    page.screenshot(path=str(artefacts / "awards-organizer-published.png"), full_page=True)

    assert set(Award.objects.values_list("status", flat=True)) == {"confirmed"}
    assert not Award.objects.filter(published_at__isnull=True).exists()
    assert Award.objects.get(entry=other).reason == "现场答辩表现更好"
    assert SmsMessage.objects.filter(template="award").count() == len(SHEETS)

    page.goto(f"{live_server.url}/awards/")
    winners = page.locator("main").inner_text()
    assert scene.entries["a1"].display_name in winners
    assert left.display_name in winners
