"""Fixtures of the accounts tests: allauth's clock moved forward, code limits relaxed for journeys."""

import time as real_time

import pytest


class Clock:
    """Stands in for the `time` module inside one allauth module, `offset` seconds ahead."""

    def __init__(self):
        self.offset = 0

    def time(self):
        return real_time.time() + self.offset

    def monotonic(self):
        return real_time.monotonic()

    def sleep(self, seconds):
        return real_time.sleep(seconds)


@pytest.fixture
def allauth_clock(monkeypatch):
    """Move allauth's clock forward: code validity and its rate limits read it, nothing else."""
    clock = Clock()
    monkeypatch.setattr("allauth.account.internal.flows.code_verification.time", clock)
    monkeypatch.setattr("allauth.core.internal.ratelimit.time", clock)
    return clock


@pytest.fixture
def relaxed_code_limits(settings):
    """Journeys send several codes to one number within a minute; the limits have tests of their own."""
    settings.ACCOUNTS_CODE_LIMITS = {"phone": [(100, 60)], "ip": [(100, 60)], "global_per_day": 1000}
