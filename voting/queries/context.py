"""The vote context: what every vote needs, read in a few queries and reused by the process.

`vote_context()` is the current edition, the public-vote stage, the settings, the finalists
and who is excluded, reused by the process for VOTE_CONTEXT_TTL seconds, so that a vote
costs one INSERT and not five SELECTs. An organizer's change (settings, a penalty) reaches
every process within that time.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field

from django.conf import settings
from django.utils import timezone

from contest.models import Contest, Stage
from registration.models import Entry, EntryStatus, RoundReached

from ..models import Penalty, PopularityResult, VoteSettings


def finalists_of(contest):
    """Entries of the edition in the public vote: in the final, submitted, publicity consented."""
    return Entry.objects.filter(
        contest=contest,
        round_reached=RoundReached.FINAL,
        status=EntryStatus.SUBMITTED,
        consent_publicity=True,
    )


@dataclass(frozen=True)
class Finalist:
    id: int
    code: str
    display_name: str
    track_id: int


@dataclass
class VoteContext:
    contest: Contest
    stage: Stage | None
    settings: VoteSettings
    finalists: dict[str, Finalist]
    excluded: frozenset[int]
    confirmed: bool
    loaded_at: float = field(default_factory=time.monotonic)

    @property
    def contest_id(self):
        return self.contest.pk

    def state(self, at=None):
        """ "unscheduled", "upcoming", "open" or "closed" (counts frozen) at `at`."""
        at = at or timezone.now()
        if self.stage is None:
            return "unscheduled"
        if at < self.stage.starts_at:
            return "upcoming"
        if self.stage.is_open(at):
            return "open"
        return "closed"

    def is_open(self, at=None):
        return self.state(at) == "open"

    def has_started(self, at=None):
        return self.state(at) in {"open", "closed"}


_contexts: dict[object, VoteContext] = {}


def load_context(contest):
    vote_settings = VoteSettings.for_contest(contest)
    stage = Stage.objects.filter(contest=contest, kind=Stage.Kind.PUBLIC_VOTE).first()
    finalists = {
        code: Finalist(id=pk, code=code, display_name=name, track_id=track_id)
        for pk, code, name, track_id in finalists_of(contest)
        .order_by("track__order", "display_name")
        .values_list("pk", "code", "display_name", "track_id")
    }
    excluded = frozenset(
        Penalty.objects.filter(contest=contest, kind=Penalty.Kind.EXCLUDE).values_list("entry_id", flat=True)
    )
    confirmed = PopularityResult.objects.filter(contest=contest).exists()
    return VoteContext(
        contest=contest,
        stage=stage,
        settings=vote_settings,
        finalists=finalists,
        excluded=excluded,
        confirmed=confirmed,
    )


def vote_context(contest=None):
    """The vote context of `contest` (default: the current edition), or None when there is no edition."""
    key = contest.pk if contest is not None else "current"
    ttl = settings.VOTE_CONTEXT_TTL
    cached = _contexts.get(key)
    if cached is not None and time.monotonic() - cached.loaded_at < ttl:
        return cached
    if contest is None:
        contest = Contest.objects.current()
        if contest is None:
            return None
    context = load_context(contest)
    if ttl:
        _contexts[key] = context
    return context


def forget_contexts():
    """Drop this process's cached contexts (after an organizer changed something here)."""
    _contexts.clear()
