from celery import shared_task

from . import services


@shared_task(name="contest.record_stage_transitions", queue="celery", time_limit=120)
def task_record_stage_transitions():
    return [row.pk for row in services.record_stage_transitions()]
