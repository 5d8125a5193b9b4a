import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from awards.models import Award, AwardStatus
from judging.models import AuditRecord
from notifications.models import SmsMessage
from tests.awards.factories import add_awards, awarded_scene, final_scene
from tests.factories import OrganizerUserFactory
from tests.helpers import staff_login

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english(client, settings):
    """The organizer here reads the pages in English (the portal's second language)."""
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"


def _queries(client, url):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured), response.content.decode()


@pytest.mark.parametrize("status", [AwardStatus.PROPOSED, AwardStatus.CONFIRMED])
def test_organizer_table_takes_the_same_queries_for_one_and_three_rows(client, status):
    contest, _ = awarded_scene(1, status=status, published=False)
    staff_login(client, OrganizerUserFactory())
    url = reverse("awards:organize:index")
    one, page = _queries(client, url)
    assert "获奖作品1" in page
    add_awards(contest, contest.tracks.get(), [2, 3], status=status, published=False)
    three, page = _queries(client, url)
    assert "获奖作品3" in page
    assert three == one


def test_winners_page_takes_the_same_queries_for_one_and_three_rows(client):
    contest, _awards = awarded_scene(1)
    url = reverse("awards:winners")
    one, page = _queries(client, url)
    assert "获奖作品1" in page
    add_awards(contest, contest.tracks.get(), [2, 3])
    three, page = _queries(client, url)
    assert "获奖作品3" in page
    assert three == one


def test_winners_page_lists_only_published_awards_by_award_and_track(client):
    _contest, awards = awarded_scene(2, published=False)
    page = client.get(reverse("awards:winners")).content.decode()
    assert "获奖作品1" not in page
    assert "not published yet" in page
    Award.objects.filter(pk=awards[0].pk).update(published_at=awards[0].confirmed_at)
    page = client.get(reverse("awards:winners")).content.decode()
    assert "获奖作品1" in page
    assert "获奖作品2" not in page
    # The page is in English: award and track by their English names.
    assert "Third prize" in page
    assert awards[0].track.name_en in page
    assert "¥20,000" in page


def test_prize_money_is_grouped_by_thousands_in_chinese_too(client):
    _contest, awards = awarded_scene(1)
    Award.objects.filter(pk=awards[0].pk).update(published_at=awards[0].confirmed_at)

    page = client.get(reverse("awards:winners"), HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()

    assert "¥20,000" in page


def test_organizer_allocates_resolves_confirms_and_publishes(client):
    scene = final_scene({"a": [(9, 9), (8, 8), (7, 7), (6, 6), (5, 5), (4, 4), (3, 3), (3, 3)]})
    staff_login(client, scene.organizer)
    response = client.post(reverse("awards:organize:allocate"))
    assert response.status_code == 302
    tied = Award.objects.get(tied=True)
    other = next(e for e in (scene.entries["a7"], scene.entries["a8"]) if e != tied.entry)
    page = client.get(reverse("awards:organize:index")).content.decode()
    assert "Resolve the tie" in page
    assert other.display_name in page  # listed among the finalists without an award
    response = client.post(reverse("awards:organize:change", args=[tied.pk]), {"entry": other.code, "reason": ""})
    assert response.status_code == 400
    response = client.post(
        reverse("awards:organize:change", args=[tied.pk]), {"entry": other.code, "reason": "现场答辩表现"}
    )
    assert response.status_code == 302
    left = next(e for e in (scene.entries["a7"], scene.entries["a8"]) if e != other)
    single = scene.contest.award_types.get(name="优秀案例奖")
    client.post(reverse("awards:organize:single"), {"award_type": single.pk, "entry": left.code, "reason": ""})
    client.post(reverse("awards:organize:confirm"))
    assert set(Award.objects.values_list("status", flat=True)) == {"confirmed"}
    client.post(reverse("awards:organize:publish"))
    assert Award.objects.filter(published_at__isnull=True).count() == 0
    assert SmsMessage.objects.filter(template="award").count() == 8
    assert AuditRecord.objects.filter(action="award_published").count() == 8


def test_organizer_revokes_with_a_reason(client):
    _contest, awards = awarded_scene(1)
    staff_login(client, OrganizerUserFactory())
    url = reverse("awards:organize:revoke", args=[awards[0].pk])
    assert client.post(url, {"reason": ""}).status_code == 400
    assert client.post(url, {"reason": "发现侵权"}).status_code == 302
    awards[0].refresh_from_db()
    assert (awards[0].status, awards[0].revoke_reason) == (AwardStatus.REVOKED, "发现侵权")
    page = client.get(reverse("awards:organize:index")).content.decode()
    assert "发现侵权" in page


def test_export_lists_every_award_with_its_money_and_the_same_queries_for_one_and_three(client):
    from openpyxl import load_workbook

    contest, _ = awarded_scene(1)
    staff_login(client, OrganizerUserFactory())
    url = reverse("awards:organize:export")
    with CaptureQueriesContext(connection) as one:
        response = client.get(url)
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    add_awards(contest, contest.tracks.get(), [2, 3])
    with CaptureQueriesContext(connection) as three:
        response = client.get(url)

    assert len(three) == len(one)
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    awards = list(Award.objects.filter(contest=contest).for_table())
    assert [row[3] for row in rows[1:]] == [award.entry.display_name for award in awards]
    assert [row[5] for row in rows[1:]] == [award.award_type.prize_money for award in awards]


def test_organizer_gives_an_empty_place_to_another_track(client):
    scene = final_scene({"a": [(10, 10), (9, 9), (8, 8), (7, 7), (6, 6), (5, 5), (4, 4), (3, 3)], "b": [(2, 2)]})
    staff_login(client, scene.organizer)
    client.post(reverse("awards:organize:allocate"))
    third = Award.objects.filter(award_type__name="三等奖").first().award_type
    url = reverse("awards:organize:move", args=[third.pk, scene.tracks["b"].pk])
    assert url in client.get(reverse("awards:organize:index")).content.decode()

    assert client.post(url, {"entry": scene.entries["a8"].code, "reason": ""}).status_code == 400
    assert client.post(url, {"entry": scene.entries["b1"].code, "reason": "理由"}).status_code == 400
    assert client.post(url, {"entry": scene.entries["a8"].code, "reason": "赛道b作品不足"}).status_code == 302

    moved = Award.objects.get(entry=scene.entries["a8"])
    assert (moved.moved_from, moved.reason) == (scene.tracks["b"], "赛道b作品不足")
    with translation.override("en"):
        expected = f"(place of {scene.tracks['b']})"
    assert expected in client.get(reverse("awards:organize:index")).content.decode()
