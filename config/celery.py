import os

from celery import Celery
from celery.contrib.django.task import DjangoTask
from django.conf import settings

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")


class PortalTask(DjangoTask):
    """Every task names its queue ("messages", "heavy", "celery"); CELERY_ONLY_QUEUE, when set,
    sends them all to that one queue instead (one worker for everything, or a test worker).
    Celery's own routes cannot do this: a queue named on the task wins over them. Built on
    Celery's Django task class, which brings `delay_on_commit`."""

    def apply_async(self, args=None, kwargs=None, task_id=None, producer=None, link=None, link_error=None, **options):
        if settings.CELERY_ONLY_QUEUE:
            options["queue"] = settings.CELERY_ONLY_QUEUE
        return super().apply_async(args, kwargs, task_id, producer, link, link_error, **options)


app = Celery("contest_portal", task_cls=PortalTask)
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
