"""Limits on SMS codes: how many may go to one number, from one network and from the whole portal.

The forms that lead to a code check them, so that a refusal shows with the time to come back;
the allauth adapter and the vote-code service count them just before a code is queued.
"""

from __future__ import annotations

from datetime import timedelta
from math import ceil

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.timesince import timeuntil
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from .. import limiter
from ..phone import normalize_phone


class CodeRateLimited(ValidationError):
    """Sending one more code now would break a limit; `retry_at` says from when it would not."""

    def __init__(self, *, retry_at, now):
        self.retry_at = retry_at
        seconds = max(1, ceil((retry_at - now).total_seconds()))
        super().__init__(
            _("Too many codes have been requested. Please try again in %(wait)s."),
            code="code_rate_limited",
            params={"wait": format_wait(seconds, now=now)},
        )


def format_wait(seconds, *, now=None):
    """A waiting time for people: "45 seconds", "3 minutes", "1 hour, 5 minutes" (rounded up)."""
    if seconds < 60:
        return ngettext("%(num)d second", "%(num)d seconds", seconds) % {"num": seconds}
    now = now or timezone.now()
    # timeuntil() rounds down to whole minutes; round up so nobody comes back too early.
    return timeuntil(now + timedelta(minutes=ceil(seconds / 60)), now)


def _code_buckets(phone, ip):
    limits = settings.ACCOUNTS_CODE_LIMITS
    buckets = [
        limiter.RollingBucket(
            "code-phone", normalize_phone(phone), tuple(limiter.Rule(n, w) for n, w in limits["phone"])
        ),
        limiter.DailyBucket("code-all", limits["global_per_day"]),
    ]
    if ip:
        buckets.append(
            limiter.RollingBucket("code-ip", limiter.network_of(ip), tuple(limiter.Rule(n, w) for n, w in limits["ip"]))
        )
    return buckets


def check_code_rate(*, phone, ip, now=None):
    """Raise `CodeRateLimited` if one more SMS code to `phone`, asked from `ip`, would break a limit.

    Records nothing (see `consume_code_rate`). The limits (settings.ACCOUNTS_CODE_LIMITS)
    mirror what the SMS providers enforce per number — 1 a minute, 5 an hour, 10 a day on
    rolling windows — plus a per-IP limit and a daily cap for the whole portal. They count
    every code to a number, whatever it is for (sign-in, vote), because the provider does.
    """
    now = now or timezone.now()
    decision = limiter.take(_code_buckets(phone, ip), now=now, record=False)
    if not decision.allowed:
        raise CodeRateLimited(retry_at=decision.retry_at, now=now)


def consume_code_rate(*, phone, ip, now=None):
    """Count one SMS code to `phone` asked from `ip`, or raise `CodeRateLimited` and count nothing.

    Call it before queueing the message; check and count are one atomic step, so two
    concurrent requests cannot both take the last slot. A code refused here must not be sent.
    """
    now = now or timezone.now()
    decision = limiter.take(_code_buckets(phone, ip), now=now)
    if not decision.allowed:
        raise CodeRateLimited(retry_at=decision.retry_at, now=now)
