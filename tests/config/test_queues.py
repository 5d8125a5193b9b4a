"""Celery queues: SMS never waits behind file checks, and one setting folds every queue into one."""

import uuid

import pytest

from config.celery import app as celery_app

QUEUES = {"messages", "heavy", "celery"}


def _ours():
    celery_app.loader.import_default_modules()
    return {name: task for name, task in celery_app.tasks.items() if not name.startswith("celery.")}


def test_every_task_names_one_of_the_three_queues():
    tasks = _ours()
    assert tasks
    assert {
        name: getattr(task, "queue", None) for name, task in tasks.items() if getattr(task, "queue", None) not in QUEUES
    } == {}


def test_sms_on_messages_and_file_checks_on_heavy():
    tasks = _ours()
    assert {name for name, task in tasks.items() if getattr(task, "queue", None) == "messages"} == {
        "notifications.send_sms",
        "notifications.recover_sms",
    }
    assert getattr(tasks["registration.check_file"], "queue", None) == "heavy"


@pytest.fixture
def queued(settings):
    """Tasks go to the broker (memory or Redis) instead of running; yields a reader of one queue
    that was emptied before the test."""
    celery_app.conf.task_always_eager = False
    with celery_app.connection_for_read() as connection:
        with connection.SimpleQueue("messages") as simple:
            simple.clear()

        def read(queue):
            with connection.SimpleQueue(queue) as simple:
                message = simple.get(timeout=5)
                message.ack()
                return message.headers["task"]

        yield read


def test_a_task_goes_to_the_queue_it_names(queued, settings):
    settings.CELERY_ONLY_QUEUE = ""
    name = "notifications.recover_sms"
    celery_app.signature(name).apply_async()
    assert queued("messages") == name


def test_only_queue_sends_every_task_to_that_queue(queued, settings):
    settings.CELERY_ONLY_QUEUE = f"only-{uuid.uuid4().hex[:8]}"
    celery_app.signature("notifications.recover_sms").apply_async()
    assert queued(settings.CELERY_ONLY_QUEUE) == "notifications.recover_sms"
