from celery import shared_task

from contest.models import Stage

from . import services


@shared_task(name="judging.populate_opened_rounds", time_limit=300)
def task_populate_opened_rounds(*, stage_id):
    stage = Stage.objects.filter(pk=stage_id).first()
    if stage is None:
        return 0
    return services.populate_opened_rounds(stage=stage)
