"""The sweep against a gang that passes every per-vote rule, and the organizer's page that explains it.

The gang: random numbers used once, forty addresses over forty /24s of one /16, a fresh
device for each vote, spread over six hours, all for one finalist, posting the vote form
without loading a page. Ordinary voters (some from the same /16) load the page first.
"""

import random
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from tests.factories import FinalistFactory
from tests.helpers import local_midnight, staff_login
from tests.voting.helpers import make_voter, spread_phone
from voting.models import FlagCluster, FraudRule, Vote
from voting.queries import vote_context
from voting.services import cast_vote, review_cluster, sweep_votes


@pytest.fixture
def day():
    return timezone.localdate() - timedelta(days=2)


@pytest.fixture
def five(contest, tracks):
    return [FinalistFactory(entrant__contest=contest, track=tracks[i % 2]) for i in range(5)]


def at(day, hour, minute=0, second=0):
    return local_midnight(day) + timedelta(hours=hour, minutes=minute, seconds=second)


def vote(context, finalist, n, moment, *, ip, seconds, user_agent="Mozilla/5.0 (iPhone) MicroMessenger/8.0"):
    voter = make_voter(spread_phone(n), moment, device_id=f"device-{n}")
    return cast_vote(
        finalist_code=finalist.code,
        voter=voter,
        ip=ip,
        device_id=voter.device_id,
        user_agent=user_agent,
        page_seconds=seconds,
        now=moment,
        context=context,
    ).pk


def organic(context, finalists, day, *, voters=200):
    rng = random.Random(5)
    ids = []
    for n in range(voters):
        moment = at(day, rng.randint(8, 22), rng.randint(0, 59))
        # One in five lives in the gang's network, and backs the gang's finalist.
        first = "61.52" if n % 5 == 0 else f"{rng.randint(11, 220)}.{rng.randint(0, 255)}"
        ip = f"{first}.{rng.randint(0, 255)}.{rng.randint(1, 254)}"
        chosen = [finalists[0]] if n % 5 == 0 else rng.sample(finalists, rng.randint(1, 3))
        for finalist in chosen:
            ids.append(vote(context, finalist, n, moment, ip=ip, seconds=rng.randint(4, 400)))
            moment += timedelta(seconds=rng.randint(20, 90))
    return ids


def gang(context, finalist, day, *, size=40):
    return [
        vote(
            context,
            finalist,
            50_000 + n,
            at(day, 10) + timedelta(minutes=9 * n),
            ip=f"61.52.{n}.{10 + n}",
            seconds=None,
        )
        for n in range(size)
    ]


@pytest.fixture
def swept(contest, five, day):
    context = vote_context(contest)
    organic_ids = organic(context, five, day)
    gang_ids = gang(context, five[0], day)
    assert Vote.objects.filter(status="flagged").count() == 0  # no rule about single votes sees it
    report = sweep_votes(context=context, now=at(day, 23, 59))
    return report, organic_ids, gang_ids


def test_the_gang_waits_for_review_and_the_public_keeps_its_votes(swept, five, day):
    report, organic_ids, gang_ids = swept

    assert report.flagged == {FraudRule.SUPPORT_SHAPE: 40}
    cluster = FlagCluster.objects.get()
    assert (cluster.rule, cluster.key, cluster.day, cluster.status) == (
        "support_shape",
        f"{five[0].code} 61.52.0.0/16",
        day,
        "open",
    )
    assert set(Vote.objects.filter(status="flagged").values_list("pk", flat=True)) == set(gang_ids)
    assert Vote.objects.filter(pk__in=organic_ids, status="valid").count() == len(organic_ids)
    assert (cluster.details["no_page"], cluster.details["group_votes"]) == (40, 80)


def test_a_second_sweep_changes_nothing(swept, contest, day):
    again = sweep_votes(context=vote_context(contest), now=at(day, 23, 59))

    assert again.flagged == {}
    assert FlagCluster.objects.count() == 1


def test_the_cluster_page_explains_each_signal(client, swept, organizer):
    staff_login(client, organizer)
    cluster = FlagCluster.objects.get()

    with translation.override("en"):
        page = client.get(reverse("voting:organize:cluster", args=[cluster.pk]), HTTP_ACCEPT_LANGUAGE="en")
    text = page.content.decode()

    assert page.status_code == 200
    assert "Wide network: 80 of the finalist's 144 votes of the period came from this network (55.6%)" in text
    assert "No vote page: 40 votes came from a device that had loaded no page with a vote button" in text
    assert "One-shot phones: 100.0% of these votes" in text
    assert "Spread: 40 /24 networks; browsers: 1." in text
    assert "Machine pace" not in text  # a signal that did not fire is not shown
    assert text.count("no page") >= 40


def test_votes_an_organizer_restored_are_not_flagged_again(swept, contest, day, organizer):
    _, _, gang_ids = swept
    review_cluster(
        cluster=FlagCluster.objects.get(), invalidate=False, reason="A school's pupils, checked by phone", by=organizer
    )

    again = sweep_votes(context=vote_context(contest), now=at(day, 23, 59))

    assert again.flagged == {}
    assert Vote.objects.filter(pk__in=gang_ids, status="valid").count() == 40
    assert FlagCluster.objects.get().status == "restored"
