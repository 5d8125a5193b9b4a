"""Scheduled and queued work of the public vote; each task a thin wrapper over a service.

All on the default queue `celery`: a sweep or a rebuild reads one edition's votes for
seconds, nothing that would hold up other work for long.
"""

from datetime import timedelta

from celery import shared_task
from django.utils import timezone

from contest.models import Contest

from . import live
from .queries import vote_context
from .services import sweep_votes

# The sweep looks back 26 hours, so it keeps running for a day after the vote closes.
SWEEP_AFTER_CLOSE = timedelta(hours=26)


def _context(contest_id):
    contest = Contest.objects.filter(pk=contest_id).first() if contest_id else Contest.objects.current()
    return vote_context(contest) if contest is not None else None


@shared_task(name="voting.sweep", queue="celery", time_limit=300)
def task_sweep_votes(*, contest_id=None):
    context = _context(contest_id)
    now = timezone.now()
    if context is None or not context.has_started(now) or now > context.stage.ends_at + SWEEP_AFTER_CLOSE:
        return None
    return sweep_votes(context=context, now=now).flagged


@shared_task(name="voting.rebuild_counts", queue="celery", time_limit=300)
def task_rebuild_counts(*, contest_id=None):
    context = _context(contest_id)
    if context is None or not context.has_started():
        return None
    rebuilt = live.store().rebuild(context.contest_id)
    return None if rebuilt is None else sum(rebuilt.values())


def queue_rebuild_counts(sender, *, contest_id, **kwargs):
    """Receiver of `voting.signals.counts_lost`: the live store found an edition's counts gone."""
    task_rebuild_counts.delay(contest_id=contest_id)
