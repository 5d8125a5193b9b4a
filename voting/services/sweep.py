"""The periodic fraud sweep: re-read the recent votes with sliding windows and flag what breaks a rule.

The rules and their thresholds are in `voting.fraud_rules`, the shape of a finalist's support
in `voting.support_shape`; this module reads the figures they need from the rows and writes
the flags.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Count
from django.db.models.functions import TruncHour
from django.utils import timezone

from .. import live
from ..fraud_rules import SUBJECT_RULES, Flag, bursts, hourly_breaks, subject_key
from ..models import FlagCluster, FraudRule, Vote
from ..support_shape import Ballot, find_gangs
from .clusters import cluster_for

logger = logging.getLogger(__name__)


@dataclass
class SweepReport:
    flagged: dict[str, int] = field(default_factory=dict)  # rule -> votes newly flagged

    @property
    def total(self):
        return sum(self.flagged.values())


def sweep_votes(*, context, now=None, lookback_hours=26):
    """Re-read the votes of the last `lookback_hours` and flag every vote of a subject that breaks a rule.

    Only valid votes no organizer has reviewed change (to flagged, with the rule in their
    reason and their cluster set); their counts leave the leaderboard after commit. Returns
    a SweepReport. One transaction.
    """
    now = now or timezone.now()
    vote_settings = context.settings
    since = now - timedelta(hours=lookback_hours)
    votes = Vote.objects.filter(contest=context.contest, created_at__gte=since, created_at__lte=now)
    found = _address_bursts(votes, vote_settings)  # (rule, key, day, vote ids)
    found += _phones_per_subject(votes, vote_settings)
    # A gang's votes are explained by its shape, not also by its finalist's share of the hour.
    found += _gang_clusters(votes, context)
    found += _hourly_clusters(votes, vote_settings, context, explained={pk for _, _, _, ids, *_ in found for pk in ids})
    report = _flag(found, context=context, now=now)
    if report.total:
        logger.info("voting sweep flagged %s votes: %s", report.total, report.flagged)
    return report


def _address_bursts(votes, vote_settings):
    """Bursts from one address or one network: candidates first (cheap), then their timestamps."""
    window = timedelta(minutes=vote_settings.burst_window_minutes)
    found = []
    for rule, column, limit in (
        (FraudRule.IP_BURST, "ip", vote_settings.burst_ip_votes),
        (FraudRule.NETWORK_BURST, "network", vote_settings.burst_network_votes),
    ):
        candidates = list(
            votes.values_list(column).annotate(n=Count("id")).filter(n__gt=limit).values_list(column, flat=True)
        )
        if not candidates:
            continue
        by_subject = defaultdict(list)
        for subject, created_at, vote_id in votes.filter(**{f"{column}__in": candidates}).values_list(
            column, "created_at", "pk"
        ):
            by_subject[subject].append((created_at, vote_id))
        for subject, ids in bursts(by_subject, limit=limit, window=window).items():
            key = subject_key(rule, ip=subject, network=subject)
            found.extend(_split_by_day(rule, key, ids, votes))
    return found


def _phones_per_subject(votes, vote_settings):
    """Many phones on one device, runs of consecutive numbers: distinct phones per subject and day."""
    found = []
    for rule, column, limit in (
        (FraudRule.DEVICE_PHONES, "device_id", vote_settings.device_max_phones + 1),
        (FraudRule.SEQUENTIAL, "prefix_hash", vote_settings.sequential_min_phones),
    ):
        groups = (
            votes.exclude(**{column: ""})
            .values_list(column, "day")
            .annotate(phones=Count("phone_hash", distinct=True))
            .filter(phones__gte=limit)
            .values_list(column, "day")
        )
        for subject, day in groups:
            ids = list(votes.filter(**{column: subject, "day": day}).values_list("pk", flat=True))
            key = subject_key(rule, device_id=subject, prefix_hash=subject)
            found.append((rule, key, day, ids))
    return found


def _hourly_clusters(votes, vote_settings, context, *, explained):
    """Hourly shape per finalist: night bursts and share jumps.

    Votes a subject rule explains (`explained` now, or their reason earlier) are left out:
    one burst from one address is not also a finalist's jump.
    """
    zone = timezone.get_current_timezone()
    shaped = votes.exclude(pk__in=explained)
    for rule in (*SUBJECT_RULES, FraudRule.SUPPORT_SHAPE):
        shaped = shaped.exclude(reason__contains=rule)
    hourly = defaultdict(lambda: defaultdict(int))  # hour -> entry -> votes
    for entry_id, hour, n in (
        shaped.annotate(hour=TruncHour("created_at", tzinfo=zone))
        .values_list("entry_id", "hour")
        .annotate(n=Count("id"))
        .order_by()
        .values_list("entry_id", "hour", "n")
    ):
        hourly[timezone.localtime(hour, zone)][entry_id] += n
    codes = {finalist.id: finalist.code for finalist in context.finalists.values()}
    return [
        _hour_cluster(rule, codes.get(entry_id, str(entry_id)), hour, entry_id, shaped)
        for rule, hour, entry_id in hourly_breaks(hourly, vote_settings)
    ]


def _gang_clusters(votes, context):
    """Gangs in the shape of each finalist's support (`voting.support_shape`), one cluster per day.

    Every vote of the period takes part, flagged ones included: they are part of the shape.
    """
    ballots = [
        Ballot(
            id=pk,
            finalist=entry_id,
            phone=phone,
            network=network,
            browser=browser,
            page_seconds=seconds,
            api=channel == Vote.Channel.API,
        )
        for pk, entry_id, phone, network, browser, seconds, channel in votes.values_list(
            "pk", "entry_id", "phone_hash", "network", "ua_hash", "page_seconds", "channel"
        ).order_by()
    ]
    codes = {finalist.id: finalist.code for finalist in context.finalists.values()}
    found = []
    for gang in find_gangs(ballots):
        key = f"{codes.get(gang.finalist, gang.finalist)} {gang.network}"
        for rule, key_, day, ids in _split_by_day(FraudRule.SUPPORT_SHAPE, key, gang.vote_ids, votes):
            found.append((rule, key_, day, ids, gang.evidence))
    return found


def _flag(found, *, context, now):
    """Flag the valid, unreviewed, settled votes of each (rule, key, day, ids[, evidence]) in `found`.

    One transaction. A cluster's evidence, when the rule gives one, is the latest measured.
    """
    report = SweepReport()
    changes = []
    # A vote's count may still be on its way to Redis for a moment (voting.live.pending):
    # taking it back before it arrived would journal the two out of order during a rebuild.
    # The next sweep flags the votes too young for this one.
    settled = timezone.now() - timedelta(seconds=settings.VOTE_REBUILD_GRACE_SECONDS)
    with transaction.atomic():
        for rule, key, day, ids, *evidence in found:
            details = {"details": evidence[0]} if evidence else {}
            if details:
                subject = {"contest_id": context.contest_id, "rule": rule, "key": key, "day": day}
                FlagCluster.objects.filter(**subject).update(**details)
            candidates = Vote.objects.filter(
                pk__in=ids, status=Vote.Status.VALID, decision__isnull=True, created_at__lt=settled
            ).select_for_update()
            rows = list(candidates.values_list("pk", "entry_id"))
            if not rows:
                continue
            cluster_id = cluster_for(context.contest_id, Flag(rule, key), day)
            Vote.objects.filter(pk__in=[pk for pk, _ in rows]).update(
                status=Vote.Status.FLAGGED, reason=rule, cluster_id=cluster_id
            )
            # New votes reopen a cluster an organizer already decided on: they need a decision too.
            FlagCluster.objects.filter(pk=cluster_id).update(updated_at=now, status=FlagCluster.Status.OPEN, **details)
            report.flagged[rule] = report.flagged.get(rule, 0) + len(rows)
            changes += [live.Change(entry_id, pk, -1, f"s{cluster_id}") for pk, entry_id in rows]
        live.apply_after_commit(context.contest_id, changes)
    return report


def _split_by_day(rule, key, ids, votes):
    by_day = defaultdict(list)
    for pk, day in votes.filter(pk__in=ids).values_list("pk", "day"):
        by_day[day].append(pk)
    return [(rule, key, day, day_ids) for day, day_ids in by_day.items()]


def _hour_cluster(rule, code, hour, entry_id, votes):
    ids = list(
        votes.filter(entry_id=entry_id, created_at__gte=hour, created_at__lt=hour + timedelta(hours=1)).values_list(
            "pk", flat=True
        )
    )
    return (rule, subject_key(rule, finalist_code=code, hour=hour), hour.date(), ids)
