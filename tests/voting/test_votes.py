"""cast_vote(): the limits at their exact edges, the stage, who can be voted for, races."""

import threading
from datetime import timedelta

import psycopg
import pytest
from django.db import connection
from django.utils import timezone

from tests.factories import EntryFactory, FinalistFactory, StageFactory
from tests.helpers import local_midnight
from tests.voting.helpers import make_voter
from voting import live
from voting.exceptions import (
    AlreadyVoted,
    DailyLimitReached,
    FinalistExcluded,
    NotAFinalist,
    NotVerified,
    VotingClosed,
)
from voting.models import Penalty, Vote
from voting.queries import vote_context
from voting.services import apply_penalty, cast_vote

PHONE = "13800138000"


def vote(context, finalist, phone=PHONE, at=None, **extra):
    extra.setdefault("ip", "203.0.113.7")
    return cast_vote(finalist_code=finalist.code, voter=make_voter(phone, at), now=at, context=context, **extra)


def test_three_votes_a_day_are_accepted_and_the_fourth_is_refused(context, contest, finalists, tracks):
    fourth = FinalistFactory(entrant__contest=contest, track=tracks[1])
    context = vote_context(contest)

    votes = [vote(context, finalist) for finalist in finalists]
    with pytest.raises(DailyLimitReached):
        vote(context, fourth)

    assert [v.slot for v in votes] == [1, 2, 3]
    assert Vote.objects.count() == 3
    assert not Vote.objects.filter(entry=fourth).exists()


def test_the_same_finalist_twice_on_one_day_is_refused(context, finalists):
    vote(context, finalists[0])

    with pytest.raises(AlreadyVoted):
        vote(context, finalists[0])

    # The refusal used no daily slot: two more finalists can still be voted for.
    vote(context, finalists[1])
    vote(context, finalists[2])
    assert Vote.objects.filter(entry=finalists[0]).count() == 1
    assert Vote.objects.count() == 3


def test_the_day_turns_at_midnight_beijing_time(context, finalists):
    midnight = local_midnight(timezone.localdate() + timedelta(days=1))
    last_second = midnight - timedelta(seconds=1)

    first = vote(context, finalists[0], at=last_second)
    with pytest.raises(AlreadyVoted):
        vote(context, finalists[0], at=last_second)
    second = vote(context, finalists[0], at=midnight)

    assert (first.day, second.day) == (last_second.date(), midnight.date())
    assert timezone.localtime(last_second).strftime("%H:%M:%S") == "23:59:59"
    assert str(last_second.tzinfo) == "Asia/Shanghai"
    assert second.day - first.day == timedelta(days=1)
    assert second.slot == 1


def test_the_daily_limit_starts_again_at_midnight(context, contest, finalists, tracks):
    fourth = FinalistFactory(entrant__contest=contest, track=tracks[1])
    context = vote_context(contest)
    midnight = local_midnight(timezone.localdate() + timedelta(days=1))
    for finalist in finalists:
        vote(context, finalist, at=midnight - timedelta(seconds=3))

    with pytest.raises(DailyLimitReached):
        vote(context, fourth, at=midnight - timedelta(seconds=1))
    accepted = vote(context, fourth, at=midnight)

    assert accepted.slot == 1


def test_yesterdays_verification_does_not_vote_after_midnight(context, finalists):
    midnight = local_midnight(timezone.localdate() + timedelta(days=1))
    voter_of_the_evening = make_voter(PHONE, midnight - timedelta(seconds=1))

    with pytest.raises(NotVerified):
        cast_vote(
            finalist_code=finalists[0].code, voter=voter_of_the_evening, ip="203.0.113.7", now=midnight, context=context
        )


def test_the_daily_limit_is_a_setting(context, contest, finalists, vote_settings):
    vote_settings.votes_per_phone_per_day = 1
    vote_settings.save()
    context = vote_context(contest)

    vote(context, finalists[0])
    with pytest.raises(DailyLimitReached):
        vote(context, finalists[1])
    assert Vote.objects.get().day_limit == 1


def test_votes_only_while_the_stage_is_open(context, contest, finalists):
    stage = context.stage
    with pytest.raises(VotingClosed):
        vote(context, finalists[0], at=stage.starts_at - timedelta(seconds=1))
    with pytest.raises(VotingClosed):
        vote(context, finalists[0], at=stage.ends_at)
    vote(context, finalists[0], at=stage.starts_at)
    vote(context, finalists[1], at=stage.ends_at - timedelta(microseconds=1))
    assert Vote.objects.count() == 2


def test_no_vote_without_a_public_vote_stage(db, finalists):
    contest = finalists[0].contest
    contest.stages.all().delete()
    StageFactory(contest=contest, kind="final")

    with pytest.raises(VotingClosed):
        vote(vote_context(contest), finalists[0])


def test_only_consenting_finalists_can_be_voted_for(context, contest, tracks):
    not_final = EntryFactory(
        entrant__contest=contest,
        track=tracks[0],
        status="submitted",
        round_reached="reselection",
        first_submitted_at=timezone.now(),
    )
    withdrawn = FinalistFactory(entrant__contest=contest, track=tracks[0], status="withdrawn")
    context = vote_context(contest)

    for entry in (not_final, withdrawn):
        with pytest.raises(NotAFinalist):
            vote(context, entry)
    with pytest.raises(NotAFinalist):
        cast_vote(finalist_code="NOPE1234", voter=make_voter(PHONE), ip="203.0.113.7", context=context)
    assert not Vote.objects.exists()


def test_an_excluded_finalist_receives_no_votes(context, contest, finalists, organizer, vote_settings):
    vote_settings.penalty_ladder = "exclude"
    vote_settings.save()
    apply_penalty(entry=finalists[0], reason="刷票", by=organizer)

    with pytest.raises(FinalistExcluded):
        vote(vote_context(contest), finalists[0])
    assert Penalty.objects.get().kind == "exclude"


def test_a_vote_keeps_no_phone_number(context, finalists):
    created = vote(context, finalists[0], device_id="dev-1", user_agent="Mozilla/5.0 MicroMessenger")

    row = Vote.objects.filter(pk=created.pk).values().get()
    assert not any(PHONE in str(value) for value in row.values())
    assert len(row["phone_hash"]) == 32
    assert row["prefix_hash"] != row["phone_hash"]
    assert row["ua_hash"]
    assert "Mozilla" not in row["ua_hash"]
    assert (row["ip"], row["network"], row["device_id"]) == ("203.0.113.7", "203.0.113.0/24", "dev-1")
    assert (row["status"], row["reason"], row["cluster_id"]) == ("valid", "", None)


def test_an_accepted_vote_counts_after_commit(context, finalists, after_commit):
    with after_commit():
        vote(context, finalists[0])
        vote(context, finalists[1], phone="13900139000")
        vote(context, finalists[0], phone="13900139000")

    assert live.counts(context.contest_id) == {finalists[0].pk: 2, finalists[1].pk: 1}


# --- Races ---------------------------------------------------------------------------


def _race(count, action):
    """Run `action(i)` in `count` threads released together; return their results or exceptions."""
    barrier = threading.Barrier(count)
    results = [None] * count

    def run(i):
        try:
            barrier.wait()
            results[i] = action(i)
        except Exception as exc:
            results[i] = exc
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results


@pytest.mark.django_db(transaction=True)
def test_concurrent_duplicate_votes_leave_one_row(contest, finalists):
    if connection.vendor != "postgresql":
        pytest.skip("SQLite serialises writers, so there is no race to lose; run with DATABASE_URL=postgres://…")
    context = vote_context(contest)

    results = _race(12, lambda i: vote(context, finalists[0]))

    accepted = [r for r in results if isinstance(r, Vote)]
    refused = [r for r in results if isinstance(r, AlreadyVoted)]
    assert (len(accepted), len(refused)) == (1, 11), results
    assert Vote.objects.filter(entry=finalists[0]).count() == 1


@pytest.mark.django_db(transaction=True)
def test_concurrent_votes_of_one_phone_never_exceed_the_daily_limit(contest, tracks):
    if connection.vendor != "postgresql":
        pytest.skip("SQLite serialises writers, so there is no race to lose; run with DATABASE_URL=postgres://…")
    many = [FinalistFactory(entrant__contest=contest, track=tracks[0]) for _ in range(10)]
    context = vote_context(contest)

    results = _race(10, lambda i: vote(context, many[i]))

    accepted = [r for r in results if isinstance(r, Vote)]
    assert len(accepted) == 3, results
    assert all(isinstance(r, DailyLimitReached) for r in results if not isinstance(r, Vote)), results
    assert sorted(Vote.objects.values_list("slot", flat=True)) == [1, 2, 3]


@pytest.mark.django_db(transaction=True)
def test_a_vote_goes_through_after_the_server_dropped_the_kept_connection(contest, finalists):
    if connection.vendor != "postgresql":
        pytest.skip("the prepared INSERT and its reconnection are PostgreSQL's; run with DATABASE_URL=postgres://…")
    context = vote_context(contest)
    vote(context, finalists[0])
    dropped = connection.connection.info.backend_pid
    # What a database restart or an idle timeout does to a kept connection.
    with psycopg.connect(**_params()) as admin:
        admin.execute("SELECT pg_terminate_backend(%s)", [dropped])

    second = vote(context, finalists[1])

    assert connection.connection.info.backend_pid != dropped
    assert second.slot == 2
    assert sorted(Vote.objects.values_list("entry_id", flat=True)) == sorted([finalists[0].pk, finalists[1].pk])


def _params():
    params = connection.get_connection_params()
    return {key: params[key] for key in ("dbname", "user", "host", "port", "password") if params.get(key)}


@pytest.mark.django_db(transaction=True)
def test_a_vote_stored_before_its_connection_died_is_answered_as_stored(contest, finalists):
    if connection.vendor != "postgresql":
        pytest.skip("the reconnection is PostgreSQL's; run with DATABASE_URL=postgres://…")
    context = vote_context(contest)
    at = timezone.now()
    # The server stored the vote, then the connection died before its answer came back:
    # the same request is sent again on a new connection.
    stored = vote(context, finalists[0], at=at, device_id="phone-a")
    with psycopg.connect(**_params()) as admin:
        admin.execute("SELECT pg_terminate_backend(%s)", [connection.connection.info.backend_pid])

    again = vote(context, finalists[0], at=at, device_id="phone-a")

    assert (again.pk, again.slot) == (stored.pk, stored.slot)
    assert Vote.objects.count() == 1
    # A second vote of the same phone on a live connection is still refused.
    with pytest.raises(AlreadyVoted):
        vote(context, finalists[0], at=at, device_id="phone-a")
