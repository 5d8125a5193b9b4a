"""Live counts: Redis after commit, the rebuild from the rows (also under load), the fallback without Redis."""

import threading

import pytest
from django.core.management import call_command
from django.db import connection

from tests.factories import FinalistFactory
from tests.helpers import wait_for
from tests.voting.helpers import make_voter, spread_phone
from voting import live
from voting.models import Vote
from voting.queries import vote_context
from voting.services import cast_vote


def needs_redis(settings):
    if not settings.VOTE_REDIS_URL:
        pytest.skip("needs REDIS_URL (the counts are read from the rows without it)")


def cast(context, finalist, n, **extra):
    return cast_vote(
        finalist_code=finalist.code,
        voter=make_voter(spread_phone(n)),
        ip=f"198.51.{n // 250}.{n % 250}",
        context=context,
        **extra,
    )


def test_counts_come_from_the_rows_without_redis(settings, context, finalists, capsys):
    settings.VOTE_REDIS_URL = None
    for n in range(3):
        cast(context, finalists[0], n)
    cast(context, finalists[1], 9)

    assert live.store().uses_redis is False
    assert live.counts(context.contest_id) == {finalists[0].pk: 3, finalists[1].pk: 1}
    call_command("rebuild_vote_counts")
    assert "nothing to rebuild" in capsys.readouterr().out


def test_redis_counts_follow_commits(settings, context, finalists, after_commit):
    needs_redis(settings)
    live.store().rebuild(context.contest_id)
    with after_commit():
        for n in range(4):
            cast(context, finalists[n % 2], n)

    assert live.store().board(context.contest_id) == {finalists[0].pk: 2, finalists[1].pk: 2}
    assert int(live.redis_client().get(f"{settings.VOTE_REDIS_PREFIX}:{context.contest_id}:total")) == 4


def test_accepted_votes_reach_redis_with_nobody_reading(settings, context, finalists, after_commit):
    needs_redis(settings)
    settings.VOTE_COUNT_FLUSH_MS = 1000
    live.store().rebuild(context.contest_id)
    with after_commit():
        for n in range(3):
            cast(context, finalists[0], n)

    # Read Redis directly: `board()` would flush this process's pending changes itself.
    total_key = f"{settings.VOTE_REDIS_PREFIX}:{context.contest_id}:total"
    assert int(live.redis_client().get(total_key)) == 0  # gathered, one call for the three
    assert wait_for(lambda: int(live.redis_client().get(total_key)) == 3, timeout=5)
    assert live.redis_client().zscore(f"{settings.VOTE_REDIS_PREFIX}:{context.contest_id}:board", finalists[0].pk) == 3


def test_a_retried_change_is_counted_once(settings, context, finalists):
    needs_redis(settings)
    live.store().rebuild(context.contest_id)
    change = live.Change(finalists[0].pk, 12345, +1)

    live.store().apply(context.contest_id, [change])
    live.store().apply(context.contest_id, [change])

    assert live.store().board(context.contest_id) == {finalists[0].pk: 1}


def test_rebuild_after_redis_lost_its_counts_equals_the_rows(settings, context, finalists, after_commit):
    needs_redis(settings)
    with after_commit():
        for n in range(5):
            cast(context, finalists[n % 3], n)
    # A restart of Redis without persistence: every key is gone.
    client = live.redis_client()
    client.delete(*client.scan_iter(match=f"{settings.VOTE_REDIS_PREFIX}:*"))

    assert live.store().board(context.contest_id) is None
    # Readers fall back to the rows meanwhile.
    assert live.counts(context.contest_id) == live.database_counts(context.contest_id)
    call_command("rebuild_vote_counts")

    assert live.store().board(context.contest_id) == {finalists[0].pk: 2, finalists[1].pk: 2, finalists[2].pk: 1}


def test_a_reader_finding_the_counts_lost_has_them_rebuilt(settings, context, finalists, after_commit):
    needs_redis(settings)
    live.store().rebuild(context.contest_id)
    with after_commit():
        cast(context, finalists[0], 1)
    live.pending.flush()
    client = live.redis_client()
    client.delete(*client.scan_iter(match=f"{settings.VOTE_REDIS_PREFIX}:*"))

    with after_commit():
        assert live.counts(context.contest_id) == {finalists[0].pk: 1}

    # The rebuild ran after commit (tasks are eager in tests), asked for through `counts_lost`.
    assert live.store().board(context.contest_id) == {finalists[0].pk: 1}


def test_rebuild_adds_a_vote_whose_count_was_lost_in_a_crash(settings, context, finalists, after_commit):
    needs_redis(settings)
    live.store().rebuild(context.contest_id)
    with after_commit():
        cast(context, finalists[0], 1)
    # The worker died between the commit and the count: the row is there, the count is not.
    cast(context, finalists[0], 2)
    assert live.store().board(context.contest_id) == {finalists[0].pk: 1}

    live.store().rebuild(context.contest_id)

    assert live.store().board(context.contest_id) == {finalists[0].pk: 2}


@pytest.mark.django_db(transaction=True)
def test_rebuild_while_votes_arrive_stays_exact(settings, contest, tracks):
    needs_redis(settings)
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL: concurrent writers during a snapshot")
    # A short grace keeps many rebuilds overlapping the votes; it still covers the moment
    # between a vote's commit and its count call, the double count the grace exists to stop.
    settings.VOTE_REBUILD_GRACE_SECONDS = 0.2
    finalists = [FinalistFactory(entrant__contest=contest, track=tracks[0]) for _ in range(4)]
    context = vote_context(contest)
    store = live.store()
    store.rebuild(context.contest_id)
    stop = threading.Event()
    errors = []

    def voter(worker):
        n = 0
        try:
            while not stop.is_set() and n < 1000:
                cast(context, finalists[n % 4], worker * 1000 + n)
                n += 1
        except Exception as exc:  # pragma: no cover - reported below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=voter, args=(w,)) for w in range(4)]
    for thread in threads:
        thread.start()
    # The voters keep voting until three rebuilds have overlapped them, however slow the machine.
    rebuilds = 0
    while rebuilds < 3 and any(thread.is_alive() for thread in threads):
        if store.rebuild(context.contest_id) is not None:
            rebuilds += 1
    stop.set()
    for thread in threads:
        thread.join()
    connection.close()

    assert not errors, errors
    assert rebuilds == 3, "the voters stopped before three rebuilds overlapped them"
    assert Vote.objects.count() > 0
    # No rebuild after the last vote: the counts kept up through every swap.
    assert store.board(context.contest_id) == live.database_counts(context.contest_id)
