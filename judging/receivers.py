"""Reactions to the contest's schedule: only decoupling, the work is in a task and a service."""

from .models import ROUND_KINDS
from .tasks import task_populate_opened_rounds


def on_stage_changed(sender, *, stage, event, at, **kwargs):
    """A judging stage opened: fill its rounds that are still empty (entries submitted or advanced)."""
    if event == "opened" and stage.kind in ROUND_KINDS:
        task_populate_opened_rounds.delay_on_commit(stage_id=stage.pk)
