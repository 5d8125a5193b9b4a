"""Fraud rules: which votes belong together under which rule, computed from plain figures.

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
support_shape   one finalist, one /16 network        its support looks like a paid gang's
==============  ===================================  =====================================

On arrival a vote that breaks a rule is stored flagged (`arrival_flags`, from the meters);
the meters use fixed windows, so the first votes of a burst get through. The sweep
(`voting.services.sweep.sweep_votes`) re-reads the rows with sliding windows (`bursts`,
`hourly_breaks`) and flags every vote of the offending subject in the offending period, those
first ones included. Flagged votes do not count until an organizer reviews their cluster;
votes an organizer has reviewed are never flagged again by the sweep.

The last rule looks at the shape of a finalist's support rather than at single votes; it is
computed in `voting.support_shape`, which says what it measures.

Organic traffic — many people, many addresses, many devices, numbers spread over the
number space, votes spread over the day — breaks none of these thresholds.

No database access here: the services read the figures and write the flags.
"""

from __future__ import annotations

import ipaddress
from collections import defaultdict
from dataclasses import dataclass
from datetime import timedelta

from .models import FraudRule
from .voters import local_time

NIGHT_FACTOR = 5
# Rules about who votes (as opposed to the hourly shape of a finalist's votes).
SUBJECT_RULES = (FraudRule.IP_BURST, FraudRule.NETWORK_BURST, FraudRule.DEVICE_PHONES, FraudRule.SEQUENTIAL)
# Share jumps need some traffic in the hours before to have a trend to compare with.
TREND_MIN_VOTES = 50


def site_network(ip):
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


def bursts(times_by_subject, *, limit, window):
    """Ids of votes inside any sliding window of `window` holding more than `limit` votes, per subject.

    `times_by_subject`: subject -> list of (time, vote id); the lists are sorted in place.
    """
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


def _day_averages(hourly, vote_settings):
    """Per finalist, its votes per daytime hour on average over the daytime hours of `hourly`."""
    day_average = defaultdict(float)
    day_hours = [hour for hour in hourly if not vote_settings.is_night(hour.hour)]
    for hour in day_hours:
        for entry_id, n in hourly[hour].items():
            day_average[entry_id] += n / max(1, len(day_hours))
    return day_average


def hourly_breaks(hourly, vote_settings):
    """(rule, hour, entry id) of each finalist-hour whose votes break a rule about their hourly shape.

    `hourly`: local hour -> entry id -> votes. A night burst is judged against the finalist's
    daytime average; a share jump against its share of the votes in the 24 hours before.
    """
    day_average = _day_averages(hourly, vote_settings)
    found = []
    for hour, per_entry in hourly.items():
        hour_total = sum(per_entry.values())
        trend_hours = [h for h in hourly if hour - timedelta(hours=24) <= h < hour]
        trend_total = sum(sum(hourly[h].values()) for h in trend_hours)
        night = vote_settings.is_night(hour.hour)
        for entry_id, n in per_entry.items():
            if night and n >= vote_settings.night_min_votes and n > NIGHT_FACTOR * day_average.get(entry_id, 0):
                found.append((FraudRule.NIGHT_BURST, hour, entry_id))
                continue
            if n >= vote_settings.jump_min_votes and trend_total >= TREND_MIN_VOTES:
                trend_share = sum(hourly[h].get(entry_id, 0) for h in trend_hours) / trend_total
                share = n / hour_total
                if share >= vote_settings.jump_factor * trend_share and share - trend_share >= 0.2:
                    found.append((FraudRule.SHARE_JUMP, hour, entry_id))
    return found
