from datetime import timedelta

import pytest
from django.utils import timezone

from contest.models import StageTransition
from contest.services import record_stage_transitions
from contest.tasks import task_record_stage_transitions
from tests.factories import StageFactory


def test_record_stage_transitions_eager_records_each_boundary_once(db):
    now = timezone.now()
    closed = StageFactory(kind="launch", starts_at=now - timedelta(days=3), ends_at=now - timedelta(days=1))
    open_ = StageFactory(contest=closed.contest, kind="registration", starts_at=now - timedelta(hours=1))
    StageFactory(contest=closed.contest, kind="final", starts_at=now + timedelta(days=1))

    task_record_stage_transitions.delay()
    task_record_stage_transitions.delay()

    rows = set(StageTransition.objects.values_list("stage_id", "event"))
    assert rows == {(closed.pk, "opened"), (closed.pk, "closed"), (open_.pk, "opened")}


def test_record_stage_transitions_round_trips_through_real_worker(celery_worker_process):
    now = timezone.now()
    stage = StageFactory(kind="registration", starts_at=now - timedelta(minutes=5))

    result = task_record_stage_transitions.delay()

    created = result.get(timeout=30)
    assert created == list(StageTransition.objects.filter(stage=stage).values_list("pk", flat=True))
    assert StageTransition.objects.get(stage=stage).event == "opened"


@pytest.mark.parametrize("stages", [1, 3])
def test_recorded_boundaries_cost_no_query_each(db, django_assert_num_queries, stages):
    now = timezone.now()
    for _ in range(stages):
        StageFactory(contest__is_current=False, starts_at=now - timedelta(days=3), ends_at=now - timedelta(days=1))
    assert len(record_stage_transitions(now=now)) == 2 * stages

    with django_assert_num_queries(2):  # the stages, the boundaries already recorded
        assert record_stage_transitions(now=now) == []
