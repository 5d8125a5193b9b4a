"""Counters in Django's cache for limits that must tell the user when to try again.

A *bucket* counts the hits of one key (a phone number, an IP address, the whole site):

- `RollingBucket` keeps the times of its allowed hits within its longest window; a hit is
  allowed when, for every rule "at most `limit` hits in `window` seconds", fewer than
  `limit` hits fall within the last `window` seconds. When refused, the answer carries the
  instant at which the oldest hit that blocks it leaves its window.
- `DailyBucket` counts hits per calendar day in the portal's time zone and frees up at
  the next local midnight.

`take()` checks several buckets together and records a hit in all of them only when all
allow it, under short cache locks, so two concurrent requests cannot both take the last
slot. Keys are hashed: phone numbers and addresses never appear in the cache in clear.
Every function takes `now`, so tests move time instead of waiting.
"""

from __future__ import annotations

import hashlib
import ipaddress
import time
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.core.cache import cache
from django.utils import timezone

_LOCK_TIMEOUT = 5  # seconds; the critical section is a cache read and a write
_LOCK_WAIT = 1.0
_LOCK_RETRY = 0.01


@dataclass(frozen=True)
class Rule:
    """At most `limit` hits within any `window` seconds."""

    limit: int
    window: int


@dataclass(frozen=True)
class Decision:
    allowed: bool
    retry_at: datetime | None = None


def _digest(key):
    return hashlib.sha256(str(key).encode()).hexdigest()[:32]


@dataclass(frozen=True)
class RollingBucket:
    name: str
    key: str
    rules: tuple[Rule, ...]

    def cache_key(self, now):
        return f"limiter:{self.name}:{_digest(self.key)}"

    @property
    def ttl(self):
        return max(rule.window for rule in self.rules) + 60

    def blocked_until(self, state, now):
        """The instant this bucket allows a hit again, or None when it allows one now."""
        history = state or []
        stamp = now.timestamp()
        retry = None
        for rule in self.rules:
            recent = [t for t in history if t > stamp - rule.window]
            if len(recent) >= rule.limit:
                # The hit that must leave the window before one more fits.
                free_at = recent[len(recent) - rule.limit] + rule.window
                retry = free_at if retry is None else max(retry, free_at)
        return None if retry is None else datetime.fromtimestamp(retry, tz=now.tzinfo)

    def recorded(self, state, now):
        stamp = now.timestamp()
        longest = max(rule.window for rule in self.rules)
        return sorted([t for t in (state or []) if t > stamp - longest] + [stamp])


@dataclass(frozen=True)
class DailyBucket:
    name: str
    limit: int
    key: str = "all"

    def cache_key(self, now):
        return f"limiter:{self.name}:{_digest(self.key)}:{timezone.localdate(now).isoformat()}"

    ttl = 2 * 86400

    def blocked_until(self, state, now):
        if (state or 0) < self.limit:
            return None
        tomorrow = timezone.localdate(now) + timedelta(days=1)
        return timezone.make_aware(datetime.combine(tomorrow, datetime.min.time()))

    def recorded(self, state, now):
        return (state or 0) + 1


def take(buckets, *, now=None, record=True):
    """Allow one hit if every bucket has room, and record it in all of them (unless `record` is false).

    Returns a `Decision`; when refused, `retry_at` is the earliest instant at which every
    bucket that refused has room again. If the locks cannot be had within a second (a
    storm of concurrent requests on one key), the hit is refused with a retry a second later.
    """
    now = now or timezone.now()
    keyed = [(bucket.cache_key(now), bucket) for bucket in buckets]
    with _locked(sorted({key for key, _ in keyed})) as locked:
        if not locked:
            return Decision(False, now + timedelta(seconds=1))
        states = cache.get_many([key for key, _ in keyed])
        blocked = [until for key, bucket in keyed if (until := bucket.blocked_until(states.get(key), now))]
        if blocked:
            return Decision(False, max(blocked))
        if record:
            for key, bucket in keyed:
                cache.set(key, bucket.recorded(states.get(key), now), bucket.ttl)
    return Decision(True)


def reset(buckets, *, now=None):
    """Forget the hits of these buckets (an organizer unblocking a number, tests)."""
    now = now or timezone.now()
    cache.delete_many([bucket.cache_key(now) for bucket in buckets])


def network_of(ip):
    """The address itself for IPv4, its /64 for IPv6 (one subscriber holds a whole /64)."""
    try:
        address = ipaddress.ip_address(ip)
    except ValueError:
        return str(ip)
    if address.version == 6:
        return str(ipaddress.ip_network(f"{address}/64", strict=False).network_address)
    return str(address)


@contextmanager
def _locked(keys):
    held = []
    deadline = time.monotonic() + _LOCK_WAIT
    try:
        for key in keys:
            while not cache.add(f"{key}:lock", 1, _LOCK_TIMEOUT):
                if time.monotonic() >= deadline:
                    yield False
                    return
                time.sleep(_LOCK_RETRY)
            held.append(f"{key}:lock")
        yield True
    finally:
        cache.delete_many(held)
