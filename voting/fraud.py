"""Fraud rules: on arrival (from the meters) and in a periodic sweep (from the rows).

Each rule groups votes by a *subject* and flags the votes of a subject that breaks it:

==============  ===================================  =====================================
rule            subject                              broken when
==============  ===================================  =====================================
ip_burst        one address                          > burst_ip_votes within the window
network_burst   one /24 (IPv6: /48) network          > burst_network_votes within the window
device_phones   one device id, one day               > device_max_phones distinct phones
sequential      one block of ten numbers, one day    ≥ sequential_min_phones distinct phones
night_burst     one finalist, one unusual hour       ≥ night_min_votes and > 5 × its day average
share_jump      one finalist, one hour               ≥ jump_min_votes and share ≥ factor × trend
==============  ===================================  =====================================

On arrival a vote that breaks a rule is stored flagged; the meters use fixed windows, so the
first votes of a burst get through. The sweep re-reads the rows with sliding windows and
flags every vote of the offending subject in the offending period, those first ones
included. Flagged votes do not count until an organizer reviews their cluster; votes an
organizer has reviewed are never flagged again by the sweep.

Organic traffic — many people, many addresses, many devices, numbers spread over the
number space, votes spread over the day — breaks none of these thresholds.
"""

from __future__ import annotations

import ipaddress
import logging
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Count
from django.db.models.functions import TruncHour
from django.utils import timezone

from . import live
from .models import FlagCluster, FraudRule, Vote
from .voters import local_time

logger = logging.getLogger(__name__)

NIGHT_FACTOR = 5
# Rules about who votes (as opposed to the hourly shape of a finalist's votes).
SUBJECT_RULES = (FraudRule.IP_BURST, FraudRule.NETWORK_BURST, FraudRule.DEVICE_PHONES, FraudRule.SEQUENTIAL)
# Share jumps need some traffic in the hours before to have a trend to compare with.
TREND_MIN_VOTES = 50


def network_of(ip):
    """The /24 of an IPv4 address, the /48 of an IPv6 one: what a campus or a small provider holds."""
    try:
        address = ipaddress.ip_address(ip)
    except ValueError:
        return str(ip)[:50]
    prefix = 24 if address.version == 4 else 48
    return str(ipaddress.ip_network(f"{address}/{prefix}", strict=False))


@dataclass(frozen=True)
class Flag:
    rule: str
    key: str


def subject_key(rule, *, ip="", network="", device_id="", prefix_hash="", finalist_code="", hour=None):
    """The label that names a cluster's subject (never a phone number)."""
    if rule == FraudRule.IP_BURST:
        return f"ip {ip}"
    if rule == FraudRule.NETWORK_BURST:
        return f"net {network}"
    if rule == FraudRule.DEVICE_PHONES:
        return f"device {device_id}"
    if rule == FraudRule.SEQUENTIAL:
        return f"block {prefix_hash[:12]}"
    return f"{finalist_code} {local_time(hour):%H}:00"


def arrival_flags(vote_settings, readings, *, ip, network, device_id, prefix_hash, finalist_code, at):
    """The rules a vote breaks as it arrives, judged from the meters (each figure includes the vote)."""
    flags = []
    if readings.address_window > vote_settings.burst_ip_votes:
        flags.append(Flag(FraudRule.IP_BURST, subject_key(FraudRule.IP_BURST, ip=ip)))
    if readings.network_window > vote_settings.burst_network_votes:
        flags.append(Flag(FraudRule.NETWORK_BURST, subject_key(FraudRule.NETWORK_BURST, network=network)))
    if device_id and readings.device_phones > vote_settings.device_max_phones:
        flags.append(Flag(FraudRule.DEVICE_PHONES, subject_key(FraudRule.DEVICE_PHONES, device_id=device_id)))
    if readings.block_phones >= vote_settings.sequential_min_phones:
        flags.append(Flag(FraudRule.SEQUENTIAL, subject_key(FraudRule.SEQUENTIAL, prefix_hash=prefix_hash)))
    local = local_time(at)
    if vote_settings.is_night(local.hour) and readings.entry_hour >= vote_settings.night_min_votes:
        key = subject_key(FraudRule.NIGHT_BURST, finalist_code=finalist_code, hour=local)
        flags.append(Flag(FraudRule.NIGHT_BURST, key))
    return flags


_cluster_ids: dict[tuple, int] = {}


def cluster_for(contest_id, flag, day):
    """The id of the cluster of `flag` on `day`, created when it is the first; remembered by the process."""
    memo_key = (contest_id, flag.rule, flag.key, day)
    cluster_id = _cluster_ids.get(memo_key)
    if cluster_id is not None:
        return cluster_id
    lookup = {"contest_id": contest_id, "rule": flag.rule, "key": flag.key, "day": day}
    cluster = FlagCluster.objects.filter(**lookup).first()
    if cluster is None:
        try:
            with transaction.atomic():
                cluster = FlagCluster.objects.create(**lookup)
        except IntegrityError:
            cluster = FlagCluster.objects.get(**lookup)
    _cluster_ids[memo_key] = cluster.pk
    return cluster.pk


def forget_clusters():
    _cluster_ids.clear()


# --- Sweep ------------------------------------------------------------------------------


@dataclass
class SweepReport:
    flagged: dict[str, int] = field(default_factory=dict)  # rule -> votes newly flagged

    @property
    def total(self):
        return sum(self.flagged.values())


def _bursts(times_by_subject, *, limit, window):
    """Ids of votes inside any sliding window of `window` holding more than `limit` votes, per subject."""
    hits = {}
    for subject, rows in times_by_subject.items():
        rows.sort()
        if len(rows) <= limit:
            continue
        marked = set()
        start = 0
        for end in range(len(rows)):
            while rows[end][0] - rows[start][0] > window:
                start += 1
            if end - start + 1 > limit:
                marked.update(vote_id for _, vote_id in rows[start : end + 1])
        if marked:
            hits[subject] = marked
    return hits


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
    window = timedelta(minutes=vote_settings.burst_window_minutes)
    codes = {finalist.id: finalist.code for finalist in context.finalists.values()}
    found = []  # (rule, key, day, vote ids)

    # Bursts from one address or one network: candidates first (cheap), then their timestamps.
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
        for subject, ids in _bursts(by_subject, limit=limit, window=window).items():
            key = subject_key(rule, ip=subject, network=subject)
            found.extend(_split_by_day(rule, key, ids, votes))

    # Many phones on one device, runs of consecutive numbers: distinct phones per subject and day.
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

    # Hourly shape per finalist: night bursts and share jumps. Votes a subject rule explains
    # (now or earlier) are left out: one burst from one address is not also a finalist's jump.
    zone = timezone.get_current_timezone()
    explained = {pk for _, _, _, ids in found for pk in ids}
    shaped = votes.exclude(pk__in=explained)
    for rule in SUBJECT_RULES:
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
    day_average = defaultdict(float)
    day_hours = [hour for hour in hourly if not vote_settings.is_night(hour.hour)]
    for hour in day_hours:
        for entry_id, n in hourly[hour].items():
            day_average[entry_id] += n / max(1, len(day_hours))
    for hour, per_entry in hourly.items():
        hour_total = sum(per_entry.values())
        trend_hours = [h for h in hourly if hour - timedelta(hours=24) <= h < hour]
        trend_total = sum(sum(hourly[h].values()) for h in trend_hours)
        for entry_id, n in per_entry.items():
            code = codes.get(entry_id, str(entry_id))
            night = vote_settings.is_night(hour.hour)
            if night and n >= vote_settings.night_min_votes and n > NIGHT_FACTOR * day_average.get(entry_id, 0):
                found.append(_hour_cluster(FraudRule.NIGHT_BURST, code, hour, entry_id, shaped))
                continue
            if n >= vote_settings.jump_min_votes and trend_total >= TREND_MIN_VOTES:
                trend_share = sum(hourly[h].get(entry_id, 0) for h in trend_hours) / trend_total
                share = n / hour_total
                if share >= vote_settings.jump_factor * trend_share and share - trend_share >= 0.2:
                    found.append(_hour_cluster(FraudRule.SHARE_JUMP, code, hour, entry_id, shaped))

    report = SweepReport()
    changes = []
    # A vote's count may still be on its way to Redis for a moment (voting.live.pending):
    # taking it back before it arrived would journal the two out of order during a rebuild.
    # The next sweep flags the votes too young for this one.
    settled = timezone.now() - timedelta(seconds=settings.VOTE_REBUILD_GRACE_SECONDS)
    with transaction.atomic():
        for rule, key, day, ids in found:
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
            FlagCluster.objects.filter(pk=cluster_id).update(updated_at=now, status=FlagCluster.Status.OPEN)
            report.flagged[rule] = report.flagged.get(rule, 0) + len(rows)
            changes += [live.Change(entry_id, pk, -1, f"s{cluster_id}") for pk, entry_id in rows]
        live.apply_after_commit(context.contest_id, changes)
    if report.total:
        logger.info("voting sweep flagged %s votes: %s", report.total, report.flagged)
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
