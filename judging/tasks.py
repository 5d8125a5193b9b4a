"""Judging's background work: thin wrappers over the services, on the default `celery` queue."""

from celery import shared_task

from contest.models import Stage

from . import services


@shared_task(name="judging.populate_opened_rounds", queue="celery", time_limit=300)
def task_populate_opened_rounds(*, stage_id):
    """Fill the rounds of a stage that just opened with the entries that belong in them."""
    stage = Stage.objects.filter(pk=stage_id).first()
    if stage is None:
        return 0
    return services.populate_opened_rounds(stage=stage)
