"""The popularity vote has nothing to do with the judging: voting writes no table but its own.

A storm of votes, fraud, sweeps, reviews, penalties, a rebuild and the award confirmation
runs, and every table outside voting's — registration's entries and files, judging's rounds,
scores and rankings (whatever judging stores now or later), accounts, contest — has the same
rows, byte for byte, before and after.
"""

import hashlib
from contextlib import suppress
from datetime import timedelta

from django.db import connection
from django.utils import timezone

from tests.helpers import local_midnight
from tests.voting.helpers import make_voter, spread_phone, with_media
from voting import live
from voting.exceptions import VoteRefused
from voting.models import FlagCluster, Vote
from voting.queries import vote_context
from voting.services import (
    apply_penalty,
    cast_vote,
    confirm_popularity_award,
    publish_counts,
    review_cluster,
    sweep_votes,
)

OWN_TABLE_PREFIXES = ("voting_",)


def snapshot():
    """Row count and a digest of every row of every table that is not voting's."""
    state = {}
    with connection.cursor() as cursor:
        for table in sorted(connection.introspection.table_names()):
            if table.startswith(OWN_TABLE_PREFIXES):
                continue
            quoted = connection.ops.quote_name(table)
            cursor.execute(f"SELECT * FROM {quoted}")  # noqa: S608 - table names come from the schema
            rows = sorted(repr(row) for row in cursor.fetchall())
            state[table] = (len(rows), hashlib.sha256("\n".join(rows).encode()).hexdigest())
    return state


def test_a_vote_storm_writes_nothing_outside_voting(
    context, contest, finalists, organizer, vote_settings, after_commit
):
    for finalist in finalists:
        with_media(finalist)
    vote_settings.burst_ip_votes = 20
    vote_settings.save()
    before = snapshot()
    assert before["registration_entry"][0] == 3

    context = vote_context(contest)
    with after_commit():
        live.store().rebuild(context.contest_id)
        at = local_midnight(timezone.localdate() - timedelta(days=1)) + timedelta(hours=12)
        for n in range(300):
            finalist = finalists[n % 3]
            ip = "36.110.1.23" if n % 4 == 0 else f"10.{n // 250}.{n % 250}.7"
            # Refusals (a phone's daily limit, the same finalist twice) are part of the storm.
            with suppress(VoteRefused):
                cast_vote(
                    finalist_code=finalist.code,
                    voter=make_voter(spread_phone(n % 120), at),
                    ip=ip,
                    device_id=f"d{n % 90}",
                    now=at,
                    captcha_passed=True,
                    context=context,
                )
            at += timedelta(seconds=5)
        sweep_votes(context=context)
        clusters = list(FlagCluster.objects.all())
        for cluster in clusters:
            review_cluster(cluster=cluster, invalidate=True, reason="刷票", by=organizer)
        apply_penalty(entry=finalists[1], reason="警告", by=organizer)
        apply_penalty(entry=finalists[1], reason="清零", by=organizer)
        publish_counts(contest=contest, reason="公布", by=organizer)
        live.store().rebuild(context.contest_id)
    after_votes = snapshot()
    # Closing the stage is the schedule's business, not the vote's: done outside the comparison.
    stage = context.stage
    stage.ends_at = timezone.now() - timedelta(minutes=1)
    stage.save()
    closed = snapshot()
    result = confirm_popularity_award(contest=contest, reason="确认", by=organizer)

    assert Vote.objects.filter(status="valid").exists()
    assert {cluster.rule for cluster in clusters} >= {"ip_burst"}
    assert Vote.objects.filter(status="invalid").count() > len(clusters)
    assert result.winners.exists()
    assert after_votes == before
    assert snapshot() == closed
