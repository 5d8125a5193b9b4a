"""Judging's tasks: their queue, and a quiet return when what they work on is gone."""

import pytest

from judging.tasks import task_populate_opened_rounds


def test_populating_opened_rounds_runs_on_the_default_queue():
    assert task_populate_opened_rounds.name == "judging.populate_opened_rounds"
    assert task_populate_opened_rounds.queue == "celery"


@pytest.mark.django_db
def test_populating_the_rounds_of_a_deleted_stage_does_nothing():
    assert task_populate_opened_rounds.apply(kwargs={"stage_id": 999_999}).get() == 0
