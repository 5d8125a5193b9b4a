"""Each fraud rule against a scripted attack, next to organic traffic that must stay unflagged.

Votes are cast through cast_vote() with the clock set (`now=`), as they would arrive, then
the sweep runs over the day. Organic traffic: many people with numbers spread over the
number space, each on their own device and address, voting for all finalists through the
day and a little at night.
"""

import random
from datetime import timedelta

import pytest
from django.db import transaction
from django.utils import timezone

from tests.factories import FinalistFactory
from tests.helpers import local_midnight
from tests.voting.helpers import make_voter, spread_phone
from voting.exceptions import AlreadyVoted, DailyLimitReached
from voting.models import FlagCluster, Vote
from voting.queries import vote_context
from voting.services import cast_vote, sweep_votes


@pytest.fixture
def day():
    """Two days ago, inside the open stage: the attacks and the organic traffic happen then."""
    return timezone.localdate() - timedelta(days=2)


@pytest.fixture
def six_finalists(contest, tracks):
    return [FinalistFactory(entrant__contest=contest, track=tracks[i % 2]) for i in range(6)]


@pytest.fixture
def vote_ctx(contest, six_finalists):
    return vote_context(contest)


def at(day, hour, minute=0, second=0):
    return local_midnight(day) + timedelta(hours=hour, minutes=minute, seconds=second)


def random_ip(rng):
    return f"{rng.randint(11, 220)}.{rng.randint(0, 255)}.{rng.randint(0, 255)}.{rng.randint(1, 254)}"


def organic(context, finalists, day, *, voters=240, seed=7):
    """People voting for one to three finalists from their own phone, device and address, 08:00–23:59,
    a handful around 01:00–05:00. Returns the ids of their votes."""
    rng = random.Random(seed)
    ids = []
    for n in range(voters):
        night = n % 40 == 0
        hour = rng.choice([1, 2, 3, 4]) if night else rng.randint(8, 23)
        moment = at(day, hour, rng.randint(0, 55), rng.randint(0, 59))
        voter = make_voter(spread_phone(n), moment, device_id=f"organic-{n}")
        ip = random_ip(rng)
        for finalist in rng.sample(finalists, rng.randint(1, 3)):
            vote = cast_vote(
                finalist_code=finalist.code, voter=voter, ip=ip, device_id=voter.device_id, now=moment, context=context
            )
            ids.append(vote.pk)
            moment += timedelta(seconds=rng.randint(5, 60))
    return ids


def attack(context, finalist, moments, *, phones, ips, devices, captcha_passed=True):
    """Votes for `finalist`, the i-th at moments[i] with phones[i], ips[i], devices[i]; refused ones are skipped."""
    ids = []
    for moment, phone, ip, device in zip(moments, phones, ips, devices, strict=True):
        voter = make_voter(phone, moment, device_id=device)
        try:
            vote = cast_vote(
                finalist_code=finalist.code,
                voter=voter,
                ip=ip,
                device_id=device,
                now=moment,
                captcha_passed=captcha_passed,
                context=context,
            )
        except (AlreadyVoted, DailyLimitReached):
            continue
        ids.append(vote.pk)
    return ids


def sweep(context, day):
    return sweep_votes(context=context, now=at(day, 23, 59, 59))


def statuses(ids):
    rows = Vote.objects.filter(pk__in=ids)
    return {status: rows.filter(status=status).count() for status in ("valid", "flagged", "invalid")}


def assert_organic_untouched(ids):
    assert statuses(ids) == {"valid": len(ids), "flagged": 0, "invalid": 0}
    assert len(ids) > 300


def test_one_address_with_500_phones(vote_ctx, six_finalists, day):
    rng = random.Random(1)
    target = six_finalists[0]
    moments = [at(day, 14) + timedelta(seconds=2 * i) for i in range(500)]
    phones = [spread_phone(10_000 + i) for i in range(500)]
    attack_ids = attack(
        vote_ctx,
        target,
        moments,
        phones=phones,
        ips=["36.110.1.23"] * 500,
        devices=[f"bot-{rng.random()}" for _ in range(500)],
    )
    organic_ids = organic(vote_ctx, six_finalists, day)

    arrived_flagged = Vote.objects.filter(pk__in=attack_ids, status="flagged").count()
    report = sweep(vote_ctx, day)

    assert len(attack_ids) == 500
    assert 0 < arrived_flagged < 500  # the meters' window lets the first ones through…
    assert statuses(attack_ids) == {"valid": 0, "flagged": 500, "invalid": 0}  # …the sweep catches them
    assert report.flagged
    cluster = FlagCluster.objects.get(rule="ip_burst")
    assert (cluster.key, cluster.day, cluster.status) == ("ip 36.110.1.23", day, "open")
    assert_organic_untouched(organic_ids)


def test_one_network_with_many_addresses(vote_ctx, six_finalists, day):
    target = six_finalists[1]
    moments = [at(day, 10) + timedelta(seconds=2 * i) for i in range(300)]
    attack_ids = attack(
        vote_ctx,
        target,
        moments,
        phones=[spread_phone(20_000 + i) for i in range(300)],
        ips=[f"36.110.7.{1 + i % 250}" for i in range(300)],
        devices=[f"bot-{i}" for i in range(300)],
    )
    organic_ids = organic(vote_ctx, six_finalists, day)

    sweep(vote_ctx, day)

    assert statuses(attack_ids)["flagged"] == 300
    assert FlagCluster.objects.filter(rule="network_burst", key="net 36.110.7.0/24").exists()
    assert_organic_untouched(organic_ids)


def test_one_phone_on_300_addresses_gets_no_more_than_its_daily_votes(vote_ctx, six_finalists, day):
    rng = random.Random(2)
    phone = "13912345678"
    ids = []
    for i in range(300):
        finalist = six_finalists[i % len(six_finalists)]
        ids += attack(
            vote_ctx,
            finalist,
            [at(day, 9) + timedelta(seconds=10 * i)],
            phones=[phone],
            ips=[random_ip(rng)],
            devices=[f"proxy-{i}"],
        )
    organic_ids = organic(vote_ctx, six_finalists, day)

    sweep(vote_ctx, day)

    assert len(ids) == 3
    assert Vote.objects.filter(phone_hash=make_voter(phone).phone_hash).count() == 3
    assert_organic_untouched(organic_ids)


def test_one_device_with_many_phones(vote_ctx, six_finalists, day):
    rng = random.Random(3)
    moments = [at(day, 16) + timedelta(minutes=i) for i in range(40)]
    attack_ids = attack(
        vote_ctx,
        six_finalists[2],
        moments,
        phones=[spread_phone(30_000 + i) for i in range(40)],
        ips=[random_ip(rng) for _ in range(40)],
        devices=["one-phone-farm"] * 40,
    )
    organic_ids = organic(vote_ctx, six_finalists, day)

    sweep(vote_ctx, day)

    assert statuses(attack_ids)["flagged"] == 40
    assert FlagCluster.objects.get(rule="device_phones").key == "device one-phone-farm"
    assert_organic_untouched(organic_ids)


def test_1000_sequential_numbers(vote_ctx, six_finalists, day):
    rng = random.Random(4)
    moments = [at(day, 8) + timedelta(seconds=50 * i) for i in range(1000)]
    phones = [f"1391234{i:04d}" for i in range(1000)]
    attack_ids = attack(
        vote_ctx,
        six_finalists[3],
        moments,
        phones=phones,
        ips=[random_ip(rng) for _ in range(1000)],
        devices=[f"sim-{i}" for i in range(1000)],
    )
    organic_ids = organic(vote_ctx, six_finalists, day)

    sweep(vote_ctx, day)

    assert len(attack_ids) == 1000
    assert statuses(attack_ids) == {"valid": 0, "flagged": 1000, "invalid": 0}
    assert FlagCluster.objects.filter(rule="sequential").count() == 100  # one per block of ten numbers
    assert_organic_untouched(organic_ids)


def test_a_3am_burst(vote_ctx, six_finalists, day):
    rng = random.Random(5)
    moments = [at(day, 3) + timedelta(seconds=12 * i) for i in range(200)]
    attack_ids = attack(
        vote_ctx,
        six_finalists[4],
        moments,
        phones=[spread_phone(40_000 + i) for i in range(200)],
        ips=[random_ip(rng) for _ in range(200)],
        devices=[f"n-{i}" for i in range(200)],
    )
    organic_ids = organic(vote_ctx, six_finalists, day)

    sweep(vote_ctx, day)

    assert statuses(attack_ids) == {"valid": 0, "flagged": 200, "invalid": 0}
    cluster = FlagCluster.objects.get(rule="night_burst")
    assert cluster.key == f"{six_finalists[4].code} 03:00"
    assert_organic_untouched(organic_ids)


def test_a_share_jump_above_the_trend(vote_ctx, six_finalists, day):
    rng = random.Random(6)
    organic_ids = organic(vote_ctx, six_finalists, day, voters=400)
    moments = [at(day, 20) + timedelta(seconds=15 * i) for i in range(180)]
    attack_ids = attack(
        vote_ctx,
        six_finalists[5],
        moments,
        phones=[spread_phone(50_000 + i) for i in range(180)],
        ips=[random_ip(rng) for _ in range(180)],
        devices=[f"j-{i}" for i in range(180)],
    )

    sweep(vote_ctx, day)

    assert statuses(attack_ids)["flagged"] == 180
    assert FlagCluster.objects.get(rule="share_jump").key == f"{six_finalists[5].code} 20:00"
    # The finalist's organic votes of that hour share its cluster; the rest of the day is untouched.
    touched = Vote.objects.filter(pk__in=organic_ids, status="flagged")
    assert set(touched.values_list("entry_id", flat=True)) <= {six_finalists[5].pk}
    assert all(timezone.localtime(t).hour == 20 for t in touched.values_list("created_at", flat=True))
    assert Vote.objects.filter(pk__in=organic_ids, status="valid").count() >= len(organic_ids) - 15


def test_organic_traffic_alone_is_never_flagged(vote_ctx, six_finalists, day):
    organic_ids = organic(vote_ctx, six_finalists, day, voters=600, seed=11)

    report = sweep(vote_ctx, day)

    assert report.total == 0
    assert not FlagCluster.objects.exists()
    assert_organic_untouched(organic_ids)


def test_the_sweep_leaves_reviewed_votes_alone(vote_ctx, six_finalists, day, organizer):
    from voting.services import review_cluster

    moments = [at(day, 14) + timedelta(seconds=2 * i) for i in range(100)]
    attack_ids = attack(
        vote_ctx,
        six_finalists[0],
        moments,
        phones=[spread_phone(60_000 + i) for i in range(100)],
        ips=["36.110.1.99"] * 100,
        devices=[f"d{i}" for i in range(100)],
    )
    sweep(vote_ctx, day)
    review_cluster(cluster=FlagCluster.objects.get(rule="ip_burst"), invalidate=False, reason="校园网", by=organizer)

    report = sweep(vote_ctx, day)

    assert report.total == 0
    assert statuses(attack_ids) == {"valid": 100, "flagged": 0, "invalid": 0}


def test_the_sweep_leaves_votes_whose_count_may_still_be_on_its_way(settings, vote_ctx, six_finalists):
    now = timezone.now()
    burst = vote_ctx.settings.burst_ip_votes + 10
    moments = [now - timedelta(milliseconds=5 * (burst - i)) for i in range(burst)]
    attack_ids = attack(
        vote_ctx,
        six_finalists[0],
        moments,
        phones=[spread_phone(70_000 + i) for i in range(burst)],
        ips=["36.110.1.23"] * burst,
        devices=[f"d-{i}" for i in range(burst)],
    )
    # The first ones came in before the meters saw a burst: only the sweep can flag them.
    early = list(Vote.objects.filter(pk__in=attack_ids, status="valid").values_list("pk", flat=True))
    assert len(early) == vote_ctx.settings.burst_ip_votes

    settings.VOTE_REBUILD_GRACE_SECONDS = 60
    sweep_votes(context=vote_ctx, now=now)
    assert statuses(early) == {"valid": len(early), "flagged": 0, "invalid": 0}

    settings.VOTE_REBUILD_GRACE_SECONDS = 0
    sweep_votes(context=vote_ctx, now=now)
    assert statuses(early) == {"valid": 0, "flagged": len(early), "invalid": 0}


def sweep_then_fail(context, day):
    """A sweep inside a transaction that fails after it created a cluster."""
    with transaction.atomic():
        sweep(context, day)
        assert FlagCluster.objects.filter(rule="share_jump").exists()
        raise RuntimeError("the caller's transaction fails")


def test_a_sweep_after_a_rolled_back_one_flags_into_a_saved_cluster(vote_ctx, six_finalists, day):
    rng = random.Random(8)
    for i in range(60):
        attack(
            vote_ctx,
            six_finalists[i % 5],
            [at(day, 10) + timedelta(minutes=8 * i)],
            phones=[spread_phone(80_000 + i)],
            ips=[random_ip(rng)],
            devices=[f"t-{i}"],
        )
    attack_ids = attack(
        vote_ctx,
        six_finalists[5],
        [at(day, 20) + timedelta(seconds=30 * i) for i in range(100)],
        phones=[spread_phone(81_000 + i) for i in range(100)],
        ips=[random_ip(rng) for _ in range(100)],
        devices=[f"j-{i}" for i in range(100)],
    )
    # A share jump is judged by the sweep only: its cluster is the sweep's to create.
    assert not FlagCluster.objects.exists()
    with pytest.raises(RuntimeError):
        sweep_then_fail(vote_ctx, day)
    assert not FlagCluster.objects.exists()
    assert statuses(attack_ids)["valid"] == 100

    sweep(vote_ctx, day)

    cluster = FlagCluster.objects.get(rule="share_jump")
    assert set(Vote.objects.filter(pk__in=attack_ids).values_list("cluster_id", flat=True)) == {cluster.pk}
    assert statuses(attack_ids)["flagged"] == 100
