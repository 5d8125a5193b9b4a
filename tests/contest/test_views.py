"""Public pages: content in both languages, what the public may not see, constant query counts."""

import re
from datetime import timedelta

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from contest.models import CommitteeMember, Stage
from tests.factories import (
    AnnouncementFactory,
    CommitteeMemberFactory,
    ContestFactory,
    StageFactory,
    TrackFactory,
    contest_at,
)


@pytest.fixture
def contest(db):
    """Registration open, the preliminary selection still to come: the timeline has a step ahead."""
    return contest_at(Stage.Kind.REGISTRATION, then=[Stage.Kind.PRELIMINARY])


def get(client, url, language="zh-hans"):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    response = client.get(url)
    assert response.status_code == 200, response.content[:500]
    return response.content.decode()


def count_queries(client, url):
    with CaptureQueriesContext(connection) as ctx:
        get(client, url)
    return len(ctx.captured_queries)


def test_home_shows_contest_tracks_schedule_and_news_in_chinese(client, contest):
    track = TrackFactory(contest=contest, name="数字支撑政务服务")
    news = AnnouncementFactory(contest=contest, title="报名通道正式开放")

    html = get(client, reverse("contest:home"))

    assert contest.name in html
    assert contest.slogan in html
    assert track.name in html
    assert news.title in html
    assert "河北省政务服务管理办公室" in html
    assert "河北省科学技术厅" in html
    assert 'lang="zh-hans"' in html


def test_home_in_english_uses_english_content(client, contest):
    track = TrackFactory(contest=contest, name="数字支撑政务服务", name_en="Digital support for government services")
    news = AnnouncementFactory(contest=contest, title="报名通道正式开放", title_en="Registration is open")

    html = get(client, reverse("contest:home"), language="en")

    assert contest.name_en in html
    assert track.name_en in html
    assert news.title_en in html
    assert "Hebei Provincial Government Service Management Office" in html
    assert track.name not in html
    assert 'lang="en"' in html


def test_home_highlights_the_open_stage(client, contest):
    html = get(client, reverse("contest:home"), language="en")

    assert 'aria-current="step"' in html
    assert html.count('aria-current="step"') == 1


def test_english_falls_back_to_chinese_when_no_translation_is_given(client, contest):
    track = TrackFactory(contest=contest, name="数字服务金融创新", name_en="")

    html = get(client, reverse("contest:home"), language="en")

    assert track.name in html


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_track_page_shows_its_description(client, contest, language):
    track = TrackFactory(
        contest=contest, description="依托河北省信用平台。", description_en="Built on the credit platform."
    )

    html = get(client, reverse("contest:track", args=[track.code]), language)

    assert (track.description if language == "zh-hans" else track.description_en) in html


def test_track_of_another_contest_is_not_found(client, contest):
    other = TrackFactory(contest=ContestFactory(is_current=False))

    assert client.get(reverse("contest:track", args=[other.code])).status_code == 404


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_rules_page_shows_rules_and_ip_terms(client, contest, language):
    html = get(client, reverse("contest:rules"), language)

    if language == "zh-hans":
        assert "参赛规则第一段。" in html
        assert "参赛规则第二段。" in html
        assert contest.ip_terms in html
    else:
        assert "First paragraph of the rules." in html
        assert contest.ip_terms_en in html


def test_committee_page_hides_review_committee_until_published(client, contest):
    CommitteeMemberFactory(contest=contest, name="张主任", role=CommitteeMember.Role.DIRECTOR)
    CommitteeMemberFactory(contest=contest, name="李专家", committee=CommitteeMember.Committee.REVIEW)

    html = get(client, reverse("contest:committee"))

    assert "张主任" in html
    assert "李专家" not in html


def test_committee_page_shows_review_committee_once_published(client, contest):
    contest.review_committee_published_at = timezone.now() - timedelta(minutes=1)
    contest.save(update_fields=["review_committee_published_at"])
    CommitteeMemberFactory(contest=contest, name="李专家", committee=CommitteeMember.Committee.REVIEW)

    html = get(client, reverse("contest:committee"), language="en")

    assert "李专家" in html


def test_committee_scheduled_publication_in_the_future_stays_hidden(client, contest):
    contest.review_committee_published_at = timezone.now() + timedelta(days=1)
    contest.save(update_fields=["review_committee_published_at"])
    CommitteeMemberFactory(contest=contest, name="李专家", committee=CommitteeMember.Committee.REVIEW)

    assert "李专家" not in get(client, reverse("contest:committee"))


def test_announcements_list_shows_published_only(client, contest):
    AnnouncementFactory(contest=contest, title="已发布的公告")
    AnnouncementFactory(contest=contest, title="草稿公告", published_at=None)
    AnnouncementFactory(contest=contest, title="定时公告", published_at=timezone.now() + timedelta(hours=1))

    html = get(client, reverse("contest:announcements"))

    assert "已发布的公告" in html
    assert "草稿公告" not in html
    assert "定时公告" not in html


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_announcement_detail_in_both_languages(client, contest, language):
    news = AnnouncementFactory(contest=contest, body="公告正文内容。", body_en="Body of the announcement.")

    html = get(client, reverse("contest:announcement", args=[news.code]), language)

    assert (news.body if language == "zh-hans" else news.body_en) in html


def test_draft_announcement_is_not_found(client, contest):
    draft = AnnouncementFactory(contest=contest, published_at=None)

    assert client.get(reverse("contest:announcement", args=[draft.code])).status_code == 404


def test_announcement_url_uses_a_code_not_the_id(contest):
    news = AnnouncementFactory(contest=contest)

    assert reverse("contest:announcement", args=[news.code]).rstrip("/").split("/")[-1] == news.code
    assert len(news.code) == 8
    assert news.code != str(news.pk)


def test_pages_without_a_contest_answer_not_found(client, db):
    assert client.get(reverse("contest:home")).status_code == 404


def test_language_switch_sets_the_language(client, contest):
    response = client.post(reverse("set_language"), {"language": "en", "next": "/rules/"})

    assert response.status_code == 302
    assert response["Location"] == "/rules/"
    assert 'lang="en"' in client.get("/rules/").content.decode()


def test_healthz_answers_ok(client, db):
    response = client.get(reverse("contest:healthz"))

    assert response.json() == {"status": "ok"}


# --- Query counts: a list page costs the same with 1 and with 3 rows ---------------------------------------


def test_home_query_count_does_not_grow_with_tracks_and_news(client, contest):
    TrackFactory(contest=contest)
    AnnouncementFactory(contest=contest)
    one = count_queries(client, reverse("contest:home"))

    TrackFactory.create_batch(2, contest=contest)
    AnnouncementFactory.create_batch(2, contest=contest)
    StageFactory(contest=contest, kind=Stage.Kind.FINAL, starts_at=timezone.now() + timedelta(days=60))
    three = count_queries(client, reverse("contest:home"))

    assert one == three


def test_committee_query_count_does_not_grow_with_members(client, contest):
    CommitteeMemberFactory(contest=contest)
    one = count_queries(client, reverse("contest:committee"))

    CommitteeMemberFactory.create_batch(2, contest=contest)
    three = count_queries(client, reverse("contest:committee"))

    assert one == three


def test_announcement_list_query_count_does_not_grow(client, contest):
    AnnouncementFactory(contest=contest)
    one = count_queries(client, reverse("contest:announcements"))

    AnnouncementFactory.create_batch(2, contest=contest)
    three = count_queries(client, reverse("contest:announcements"))

    assert one == three


def test_track_page_query_count_does_not_grow_with_tracks(client, contest):
    track = TrackFactory(contest=contest)
    one = count_queries(client, reverse("contest:track", args=[track.code]))

    TrackFactory.create_batch(2, contest=contest)
    three = count_queries(client, reverse("contest:track", args=[track.code]))

    assert one == three


def test_home_counts_down_to_the_registration_deadline_without_javascript(client, db):
    contest = ContestFactory()
    now = timezone.now()
    StageFactory(
        contest=contest,
        kind=Stage.Kind.REGISTRATION,
        starts_at=now - timedelta(days=1),
        ends_at=now + timedelta(days=2, hours=3, minutes=30),
    )

    html = get(client, reverse("contest:home"), language="en")

    assert re.search(r"2 days 03:(29|30):\d\d", html)


def test_home_invites_to_enter_while_registration_is_open(client, contest):
    html = get(client, reverse("contest:home"), language="en")

    assert f'href="{reverse("registration:dashboard")}">Enter the contest</a>' in html


def test_home_has_no_entry_button_once_registration_is_closed(client, db):
    contest = ContestFactory()
    StageFactory(contest=contest, kind=Stage.Kind.FINAL)

    assert "Enter the contest" not in get(client, reverse("contest:home"), language="en")


def test_home_invites_to_vote_while_the_public_vote_is_open(client, db):
    contest = ContestFactory()
    StageFactory(contest=contest, kind=Stage.Kind.PUBLIC_VOTE)

    html = get(client, reverse("contest:home"), language="en")

    assert f'href="{reverse("voting:gallery")}">Vote for the popularity award</a>' in html
    assert "Enter the contest" not in html
