"""Public pages: gallery, finalist page, QR codes, verification by SMS code, voting, thank you."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from contest.models import Stage
from registration.rules import can_read_entry
from tests.factories import EntryFactory, FinalistFactory
from tests.voting.helpers import sms_code, with_media
from voting.models import Vote
from voting.voters import DEVICE_COOKIE, VOTER_COOKIE

PHONE = "+8613800138000"


@pytest.fixture
def client_zh(client):
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "zh-hans"
    return client


def verify(client, phone="13800138000", next_url=None):
    """Confirm a number through the two pages, as a voter does; returns the last response."""
    next_url = next_url or reverse("voting:gallery")
    response = client.post(reverse("voting:verify"), {"phone": phone, "next": next_url})
    assert response.status_code == 302, response.content.decode()[:2000]
    code = sms_code("+86" + phone[-11:])
    return client.post(response["Location"], {"code": code, "next": next_url})


def test_gallery_shows_each_finalist_with_poster_track_and_one_line(client, context, finalists):
    with_media(finalists[0])
    non_consenting = EntryFactory(
        entrant__contest=finalists[0].contest,
        track=finalists[0].track,
        status="draft",
        consent_publicity=False,
        title="未同意宣传",
    )

    response = client.get(reverse("voting:gallery"))

    page = response.content.decode()
    assert response.status_code == 200
    for finalist in finalists:
        assert finalist.display_name in page
        assert reverse("voting:finalist", args=[finalist.code]) in page
    assert "群众办事少跑腿。" in page  # one line of the summary…
    assert "第二行" not in page  # …not the rest
    assert "数字支撑政务服务" in page
    assert reverse("registration:file_variant", args=[finalists[0].files.get(kind="video").uid, "poster"]) in page
    assert non_consenting.display_name not in page
    assert response.cookies[DEVICE_COOKIE].value


@pytest.mark.parametrize("count", [1, 3])
def test_gallery_queries_do_not_grow_with_finalists(client, contest, tracks, count):
    for _ in range(count):
        with_media(FinalistFactory(entrant__contest=contest, track=tracks[0]))
    client.get(reverse("voting:gallery"))  # warm up sessions etc.

    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("voting:gallery"))

    assert response.status_code == 200
    # Contest, the vote context (settings, stage, finalists, penalties, result), tracks, finalists + files.
    assert len(queries) == 9, [q["sql"] for q in queries]


def test_gallery_filters_by_track(client, context, finalists, tracks):
    response = client.get(reverse("voting:gallery"), {"track": tracks[1].code})

    page = response.content.decode()
    assert finalists[2].display_name in page
    assert finalists[0].display_name not in page


def test_before_the_vote_there_is_no_finalist_to_see(client, contest, finalists):
    stage = contest.stages.get(kind=Stage.Kind.PUBLIC_VOTE)
    stage.starts_at = timezone.now() + timedelta(days=1)
    stage.save()

    gallery = client.get(reverse("voting:gallery"))
    page = client.get(reverse("voting:finalist", args=[finalists[0].code]))

    assert gallery.status_code == 200
    assert finalists[0].display_name not in gallery.content.decode()
    assert "投票将于" in gallery.content.decode() or "opens" in gallery.content.decode()
    assert page.status_code == 404


def test_finalist_page_has_video_pdf_share_link_and_qr_codes(client, context, finalists):
    entry = with_media(finalists[0])
    video = entry.files.get(kind="video")
    materials = entry.files.get(kind="materials")

    response = client.get(reverse("voting:finalist", args=[entry.code]))

    page = response.content.decode()
    assert response.status_code == 200
    assert f'src="{reverse("registration:file", args=[video.uid])}"' in page
    assert f'poster="{reverse("registration:file_variant", args=[video.uid, "poster"])}"' in page
    assert reverse("registration:file", args=[materials.uid]) in page
    assert f'value="http://testserver{reverse("voting:finalist", args=[entry.code])}"' in page
    assert reverse("voting:qr_png", args=[entry.code]) in page
    assert reverse("voting:qr_svg", args=[entry.code]) in page
    assert reverse("voting:vote", args=[entry.code]) in page


def test_public_finalist_files_are_readable_by_anyone(context, finalists, contest, tracks):
    from django.contrib.auth.models import AnonymousUser

    semi = EntryFactory(
        entrant__contest=contest,
        track=tracks[0],
        status="submitted",
        round_reached="reselection",
        first_submitted_at=timezone.now(),
    )

    assert can_read_entry(AnonymousUser(), finalists[0]) is True
    assert can_read_entry(AnonymousUser(), semi) is False


def test_anyone_fetches_the_poster_of_a_public_finalist(client, context, finalists):
    video = with_media(finalists[0]).files.get(kind="video")

    response = client.get(reverse("registration:file_variant", args=[video.uid, "poster"]))

    assert response.status_code == 200
    assert response["Content-Type"] == "image/webp"


def test_finalist_page_of_a_non_finalist_is_404(client, context, contest, tracks):
    entry = EntryFactory(entrant__contest=contest, track=tracks[0])

    assert client.get(reverse("voting:finalist", args=[entry.code])).status_code == 404
    assert client.get(reverse("voting:qr_png", args=[entry.code])).status_code == 404


def test_qr_codes_of_a_finalist_page(client, context, finalists):
    png = client.get(reverse("voting:qr_png", args=[finalists[0].code]))
    svg = client.get(reverse("voting:qr_svg", args=[finalists[0].code]))

    assert (png.status_code, png["Content-Type"]) == (200, "image/png")
    assert png.content.startswith(b"\x89PNG\r\n\x1a\n")
    assert (svg.status_code, svg["Content-Type"]) == (200, "image/svg+xml")
    assert svg.content.startswith(b"<svg")
    assert b"<path" in svg.content
    assert "max-age=86400" in png["Cache-Control"]


def test_voting_asks_for_the_number_first(client, context, finalists):
    response = client.post(reverse("voting:vote", args=[finalists[0].code]))

    assert response.status_code == 302
    assert (
        response["Location"]
        == f"{reverse('voting:verify')}?next={reverse('voting:finalist', args=[finalists[0].code])}"
    )
    assert not Vote.objects.exists()


def test_verify_by_sms_code_then_vote_and_see_thank_you(client, context, finalists):
    page = reverse("voting:finalist", args=[finalists[0].code])

    response = verify(client, next_url=page)
    assert response.status_code == 302
    assert response["Location"] == page
    assert response.cookies[VOTER_COOKIE]["httponly"]
    finalist_page = client.get(page).content.decode()
    assert "138****8000" in finalist_page

    voted = client.post(reverse("voting:vote", args=[finalists[0].code]), HTTP_USER_AGENT="Mozilla/5.0 MicroMessenger")
    assert voted.status_code == 302
    assert voted["Location"] == reverse("voting:thanks", args=[finalists[0].code])
    thanks = client.get(voted["Location"])

    vote = Vote.objects.get()
    assert (vote.entry, vote.channel, vote.status, vote.slot) == (finalists[0], "web", "valid", 1)
    assert vote.device_id == client.cookies[DEVICE_COOKIE].value.split(":")[0]
    assert thanks.status_code == 200
    text = thanks.content.decode()
    assert finalists[0].display_name in text
    assert "2" in text  # votes left today


def test_a_wrong_code_is_refused_and_counts_as_an_attempt(client, context, settings):
    settings.VOTE_CODE_MAX_ATTEMPTS = 2
    response = client.post(reverse("voting:verify"), {"phone": "13800138000"})
    code_page = response["Location"]
    good = sms_code(PHONE)
    wrong = "000000" if good != "000000" else "111111"

    first = client.post(code_page, {"code": wrong})
    second = client.post(code_page, {"code": wrong})
    third = client.post(code_page, {"code": good})  # too late: two attempts used

    assert first.status_code == second.status_code == third.status_code == 200
    assert VOTER_COOKIE not in third.cookies


def test_a_second_vote_for_the_same_finalist_says_so(client, context, finalists):
    verify(client)
    client.post(reverse("voting:vote", args=[finalists[0].code]))

    again = client.post(reverse("voting:vote", args=[finalists[0].code]), follow=True)

    assert Vote.objects.count() == 1
    assert "今天已经为该作品投过票" in again.content.decode() or "already voted" in again.content.decode()


def test_an_address_past_its_hourly_votes_gets_a_captcha(client, context, finalists, vote_settings):
    from captcha.models import CaptchaStore

    vote_settings.ip_captcha_after = 1
    vote_settings.save()
    verify(client)
    client.post(reverse("voting:vote", args=[finalists[0].code]))

    asked = client.post(reverse("voting:vote", args=[finalists[1].code]))
    assert asked.status_code == 428
    assert 'name="captcha_1"' in asked.content.decode()
    store = CaptchaStore.objects.get()

    wrong = client.post(
        reverse("voting:vote", args=[finalists[1].code]), {"captcha_0": store.hashkey, "captcha_1": "wrong"}
    )
    assert wrong.status_code == 400
    store = CaptchaStore.objects.create(challenge="ABCD", response="abcd")
    solved = client.post(
        reverse("voting:vote", args=[finalists[1].code]), {"captcha_0": store.hashkey, "captcha_1": "ABCD"}
    )

    assert solved.status_code == 302
    assert Vote.objects.count() == 2


def test_results_page_follows_the_visibility_setting(client, context, finalists, vote_settings):
    hidden = client.get(reverse("voting:results")).content.decode()
    vote_settings.counts_visibility = "live"
    vote_settings.save()
    live_page = client.get(reverse("voting:results")).content.decode()

    assert finalists[0].display_name not in hidden
    assert finalists[0].display_name in live_page
