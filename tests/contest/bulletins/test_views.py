"""The organizers' bulletin pages and the public news: what each shows, and fixed query counts."""

import re

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from contest.bulletins.models import Bulletin
from contest.bulletins.services import build_bulletin, publish_bulletin
from contest.models import Stage
from tests.factories import AnnouncementFactory
from tests.helpers import staff_login

KINDS = [Stage.Kind.LAUNCH, Stage.Kind.REVIEW_MEETING, Stage.Kind.RESELECTION, Stage.Kind.CEREMONY]


def bulletins_of(contest, count, *, organizer, publish=True, kinds=KINDS):
    """`count` bulletins of distinct stages, published unless told otherwise."""
    registration = contest.stages.get(kind=Stage.Kind.REGISTRATION)
    made = []
    for n, kind in enumerate(kinds[:count]):
        stage = contest.stages.create(
            kind=kind,
            starts_at=registration.starts_at - timezone.timedelta(days=10 * (KINDS.index(kind) + 2)),
            ends_at=registration.starts_at - timezone.timedelta(days=10 * (KINDS.index(kind) + 1)),
        )
        bulletin = build_bulletin(stage=stage, by=organizer)
        made.append(publish_bulletin(bulletin=bulletin, by=organizer, lead=f"导语{n}") if publish else bulletin)
    return made


@pytest.mark.parametrize("count", [1, 3])
def test_news_lists_bulletins_with_announcements_in_fixed_queries(
    client, contest, organizer, count, django_assert_num_queries
):
    bulletins_of(contest, count, organizer=organizer)
    for _ in range(count):
        AnnouncementFactory(contest=contest)

    with django_assert_num_queries(3):  # the contest, the announcements, the bulletins
        response = client.get(reverse("contest:announcements"))

    html = response.content.decode()
    assert len(re.findall(r'href="/bulletins/\w{8}/"', html)) == count
    assert len(re.findall(r'href="/announcements/\w{8}/"', html)) == count


def test_news_lists_the_newest_first_and_no_draft(client, contest, organizer):
    old = AnnouncementFactory(contest=contest, published_at=timezone.now() - timezone.timedelta(days=2))
    [bulletin] = bulletins_of(contest, 1, organizer=organizer)
    [draft] = bulletins_of(contest, 1, organizer=organizer, publish=False, kinds=KINDS[3:])

    html = client.get(reverse("contest:announcements")).content.decode()

    assert html.index(f"/bulletins/{bulletin.code}/") < html.index(f"/announcements/{old.code}/")
    assert draft.code not in html


def test_home_news_shows_the_five_newest_of_announcements_and_bulletins(client, contest, organizer):
    days = timezone.timedelta(days=1)
    announcements = [AnnouncementFactory(contest=contest, published_at=timezone.now() - n * days) for n in range(1, 6)]
    [bulletin] = bulletins_of(contest, 1, organizer=organizer)

    html = client.get(reverse("contest:home")).content.decode()

    shown = re.findall(r'href="/(?:announcements|bulletins)/(\w{8})/"', html)
    assert shown == [bulletin.code, *[a.code for a in announcements[:4]]]


def test_public_page_and_pdf_of_a_published_bulletin(client, contest, organizer):
    [bulletin] = bulletins_of(contest, 1, organizer=organizer)

    page = client.get(reverse("bulletins:detail", args=[bulletin.code]))
    pdf = client.get(reverse("bulletins:pdf", args=[bulletin.code]))

    assert "导语0" in page.content.decode()
    assert pdf["Content-Type"] == "application/pdf"
    assert b"".join(pdf.streaming_content).startswith(b"%PDF-")


def test_a_draft_has_no_public_page(client, contest, organizer):
    [draft] = bulletins_of(contest, 1, organizer=organizer, publish=False)

    assert client.get(reverse("bulletins:detail", args=[draft.code])).status_code == 404
    assert client.get(reverse("bulletins:pdf", args=[draft.code])).status_code == 404


@pytest.mark.parametrize("count", [1, 3])
def test_organizer_list_in_fixed_queries(client, contest, organizer, count, django_assert_num_queries):
    bulletins_of(contest, count, organizer=organizer)
    staff_login(client, organizer)
    client.get(reverse("bulletins:organize:list"))  # warm the session and MFA state

    with django_assert_num_queries(9):  # the site menu reads the user's roles once
        response = client.get(reverse("bulletins:organize:list"))

    assert response.content.decode().count("/organize/bulletins/") >= count + 1


def test_organizer_writes_the_lead_and_publishes(client, contest, organizer):
    [draft] = bulletins_of(contest, 1, organizer=organizer, publish=False)
    staff_login(client, organizer)
    url = reverse("bulletins:organize:detail", args=[draft.pk])

    with translation.override("en"):
        client.post(url, {"lead": "第一期导语。", "lead_en": "The first lead.", "save": "1"})
        assert Bulletin.objects.get(pk=draft.pk).lead == "第一期导语。"
        response = client.post(url, {"lead": "第一期导语。", "publish": "1"}, follow=True)

    published = Bulletin.objects.get(pk=draft.pk)
    assert published.status == "published"
    assert published.published_by == organizer
    assert "第一期导语。" in response.content.decode()
    assert 'id="lead-form"' not in response.content.decode()


def test_organizer_builds_on_demand(client, contest, organizer, registration, django_capture_on_commit_callbacks):
    staff_login(client, organizer)

    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("bulletins:organize:build"), {"stage": registration.pk})

    assert Bulletin.objects.get(stage=registration).status == "draft"  # eager here; a heavy worker otherwise


def test_organizer_cannot_build_another_contests_stage(client, contest, organizer):
    from tests.factories import StageFactory

    other = StageFactory(contest__is_current=False)
    staff_login(client, organizer)

    client.post(reverse("bulletins:organize:build"), {"stage": other.pk})

    assert not Bulletin.objects.exists()
