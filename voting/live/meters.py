"""Meters: short-lived counters per address, /24 network, device, number block and finalist-hour.

The per-address limit and the fraud rules read them as a vote arrives. They are approximate
by nature (fixed windows); the periodic sweep re-reads the rows exactly. This module names
the keys and windows; the stores (`voting.live.store`) count in them.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from datetime import datetime

from django.conf import settings

from ..voters import local_time

HOUR = 3600
DAY_TTL = 2 * 86400


@dataclass(frozen=True)
class Arrival:
    """What the meters know about a vote as it arrives; each figure includes the vote itself."""

    contest_id: int
    ip: str
    network: str
    device_id: str
    phone_hash: str
    prefix_hash: str
    entry_id: int
    at: datetime
    window_minutes: int
    client_id: int | None = None


@dataclass(frozen=True)
class Readings:
    address_hour: int
    address_window: int
    network_window: int
    device_phones: int
    block_phones: int
    entry_hour: int
    client_minute: int


def _hour_bucket(at):
    return int(at.timestamp()) // HOUR


def _window_bucket(at, minutes):
    return int(at.timestamp()) // (minutes * 60)


def meter_keys(a: Arrival):
    """Per meter of `a`: (Redis or cache key, seconds it lives)."""
    p = f"{settings.VOTE_REDIS_PREFIX}:{a.contest_id}"
    day = local_time(a.at).date().isoformat()
    window = _window_bucket(a.at, a.window_minutes)
    window_ttl = a.window_minutes * 60 + 60
    return {
        "address_hour": (f"{p}:iph:{a.ip}:{_hour_bucket(a.at)}", HOUR + 60),
        "address_window": (f"{p}:ipw:{a.ip}:{a.window_minutes}:{window}", window_ttl),
        "network_window": (f"{p}:netw:{a.network}:{a.window_minutes}:{window}", window_ttl),
        "device_phones": (f"{p}:dev:{a.device_id}:{day}", DAY_TTL),
        "block_phones": (f"{p}:blk:{a.prefix_hash}:{day}", DAY_TTL),
        "entry_hour": (f"{p}:enh:{a.entry_id}:{_hour_bucket(a.at)}", HOUR + 60),
        # The same counter the API's other endpoints count in (see `hit`).
        "client_minute": (hit_key(f"api:{a.client_id}", 60, a.at), 120),
    }


def hit_key(key, seconds, at):
    """The key of the fixed window of `seconds` holding `at` (default: now) for the counter `key`."""
    stamp = int(at.timestamp() if at is not None else time.time())
    return f"{settings.VOTE_REDIS_PREFIX}:{key}:{stamp // seconds}"
