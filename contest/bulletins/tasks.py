"""The bulletin's Celery task: a thin wrapper over `services.build_bulletin`, on the heavy queue."""

from celery import shared_task

from contest.models import Stage

from .services import BUILD_TASK, build_bulletin

# Figures of a large edition take seconds, WeasyPrint a second more; a cold worker loads the font.
BUILD_TIME_LIMIT = 300


@shared_task(name=BUILD_TASK, queue="heavy", time_limit=BUILD_TIME_LIMIT)
def task_build_bulletin(*, stage_id):
    stage = Stage.objects.select_related("contest").filter(pk=stage_id).first()
    if stage is None:
        return None
    return build_bulletin(stage=stage).pk
