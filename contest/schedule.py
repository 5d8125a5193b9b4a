"""The one place that answers "which stages are open at instant t" and "what comes next".

Built from a single query; every answer is computed in Python so a page can ask several
questions without touching the database again.
"""

from dataclasses import dataclass
from datetime import datetime

from django.utils import timezone

from .models import Stage


@dataclass(frozen=True)
class Deadline:
    stage: Stage
    at: datetime
    event: str  # "start" or "end"

    def remaining(self, now):
        return self.at - now


def now_or(now):
    """The instant a verb acts at: the one its caller fixed (a test, a replay), else now."""
    return now or timezone.now()


class Schedule:
    def __init__(self, stages):
        self.stages = sorted(stages, key=lambda s: (s.starts_at, s.ends_at, s.pk or 0))

    @classmethod
    def for_contest(cls, contest):
        if contest is None:
            return cls([])
        return cls(Stage.objects.filter(contest=contest))

    def open_at(self, at=None):
        at = at or timezone.now()
        return [stage for stage in self.stages if stage.is_open(at)]

    def is_open(self, kind, at=None):
        at = at or timezone.now()
        return any(stage.kind == kind and stage.is_open(at) for stage in self.stages)

    def stage(self, kind):
        return next((stage for stage in self.stages if stage.kind == kind), None)

    def next_deadline(self, at=None):
        """The earliest end of an open stage; when nothing is open, the next start."""
        at = at or timezone.now()
        ends = self.open_at(at)
        if ends:
            stage = min(ends, key=lambda s: s.ends_at)
            return Deadline(stage=stage, at=stage.ends_at, event="end")
        upcoming = [stage for stage in self.stages if stage.starts_at > at]
        if upcoming:
            stage = min(upcoming, key=lambda s: s.starts_at)
            return Deadline(stage=stage, at=stage.starts_at, event="start")
        return None

    def timeline(self, at=None):
        """Each stage with its state relative to `at`: past, open or upcoming."""
        at = at or timezone.now()
        rows = []
        for stage in self.stages:
            if stage.is_open(at):
                state = "open"
            elif stage.ends_at <= at:
                state = "past"
            else:
                state = "upcoming"
            rows.append((stage, state))
        return rows
