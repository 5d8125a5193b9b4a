"""A voter's path through the pages: the vote asked for before verifying is cast after it; used votes say when they come back."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from contest.models import Stage
from tests.voting.helpers import sms_code
from voting.models import Vote

PHONE = "13800138000"
USED = "You have used today's votes. You can vote again from 00:00 tomorrow, Beijing time."


@pytest.fixture
def client_en(client):
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    return client


def verify(client, next_url, phone=PHONE):
    response = client.post(reverse("voting:verify"), {"phone": phone, "next": next_url})
    assert response.status_code == 302, response.content.decode()[:2000]
    return client.post(response["Location"], {"code": sms_code("+86" + phone), "next": next_url})


def test_the_vote_asked_for_is_cast_once_the_number_is_verified(client_en, context, finalists):
    page = reverse("voting:finalist", args=[finalists[1].code])
    client_en.get(page)
    asked = client_en.post(reverse("voting:vote", args=[finalists[1].code]))
    assert asked["Location"] == f"{reverse('voting:verify')}?next={page}"

    verified = verify(client_en, page)

    assert verified.status_code == 302
    assert verified["Location"] == reverse("voting:thanks", args=[finalists[1].code])
    vote = Vote.objects.get()
    assert (vote.entry, vote.status, vote.channel) == (finalists[1], "valid", "web")
    assert vote.page_seconds is not None
    thanks = client_en.get(verified["Location"])
    assert thanks.status_code == 200
    assert "Thank you for voting!" in thanks.content.decode()
    # Done once: coming back to the page does not vote again or ask again.
    assert "vote_pending" not in client_en.cookies or not client_en.cookies["vote_pending"].value


def test_verifying_from_elsewhere_casts_no_forgotten_vote(client, context, finalists):
    client.post(reverse("voting:vote", args=[finalists[0].code]))

    verified = verify(client, reverse("voting:gallery"))

    assert verified["Location"] == reverse("voting:gallery")
    assert not Vote.objects.exists()


def test_a_refused_vote_after_verifying_says_why_on_the_finalist_page(
    client_en, context, finalists, vote_settings, settings
):
    settings.ACCOUNTS_CODE_LIMITS = {**settings.ACCOUNTS_CODE_LIMITS, "phone": [(5, 60)]}
    vote_settings.votes_per_phone_per_day = 1
    vote_settings.save()
    verify(client_en, reverse("voting:gallery"))
    client_en.post(reverse("voting:vote", args=[finalists[0].code]))
    client_en.cookies.pop("vote_voter")  # a new day on this device would look the same: verify again
    page = reverse("voting:finalist", args=[finalists[2].code])
    client_en.post(reverse("voting:vote", args=[finalists[2].code]))

    verified = verify(client_en, page)

    assert verified["Location"] == page
    assert Vote.objects.count() == 1
    assert "You have used all your votes for today." in client_en.get(page).content.decode()


def test_a_vote_without_a_page_loaded_keeps_no_page_time(client, context, finalists):
    verify(client, reverse("voting:gallery"))
    client.cookies.pop("vote_page", None)

    client.post(reverse("voting:vote", args=[finalists[0].code]))

    assert Vote.objects.get().page_seconds is None


@pytest.fixture
def used_up(client_en, context, finalists, vote_settings):
    """A voter who has cast their one vote of the day."""
    vote_settings.votes_per_phone_per_day = 1
    vote_settings.save()
    verify(client_en, reverse("voting:gallery"))
    client_en.post(reverse("voting:vote", args=[finalists[0].code]))
    return client_en


def test_thanks_for_the_last_vote_says_the_votes_are_used_and_when_they_come_back(used_up, finalists):
    text = used_up.get(reverse("voting:thanks", args=[finalists[0].code])).content.decode()

    assert USED in text
    assert "0 votes left" not in text
    assert "Vote for other finalists" not in text


def test_with_no_vote_left_no_page_offers_the_vote_button(used_up, finalists):
    finalist = used_up.get(reverse("voting:finalist", args=[finalists[1].code])).content.decode()
    gallery = used_up.get(reverse("voting:gallery")).content.decode()

    assert USED in finalist
    assert 'class="button vote-button"' not in finalist
    assert "0 votes left" not in finalist
    assert 'class="button vote-button"' not in gallery
    assert gallery.count(USED) == 2  # the two finalists not voted for


def test_when_the_vote_closes_before_tomorrow_it_says_so(used_up, contest, finalists):
    Stage.objects.filter(contest=contest, kind=Stage.Kind.PUBLIC_VOTE).update(
        ends_at=timezone.now() + timedelta(minutes=5)
    )

    text = used_up.get(reverse("voting:thanks", args=[finalists[0].code])).content.decode()

    assert "You have used today's votes, and the public vote closes before tomorrow." in text
