"""A closing stage queues exactly one build of its bulletin, run by a real worker on the heavy queue."""

from datetime import timedelta

import pytest
from django.utils import timezone

from contest.bulletins.models import Bulletin
from contest.services import record_stage_transitions
from tests.factories import StageFactory
from tests.helpers import wait_for


@pytest.fixture
def worker_media(monkeypatch, tmp_path):
    """The worker process stores the PDFs in this test's folder, not the project's."""
    monkeypatch.setenv("MEDIA_ROOT", str(tmp_path / "worker-media"))


def test_each_closed_stage_queues_one_build_through_a_real_worker(worker_media, celery_worker_process):
    now = timezone.now()
    launch = StageFactory(kind="launch", starts_at=now - timedelta(days=9), ends_at=now - timedelta(days=5))
    registration = StageFactory(
        contest=launch.contest,
        kind="registration",
        starts_at=now - timedelta(days=5),
        ends_at=now - timedelta(minutes=1),
    )
    StageFactory(contest=launch.contest, kind="preliminary", starts_at=now - timedelta(minutes=1))

    record_stage_transitions(now=now)
    record_stage_transitions(now=now)  # boundaries already recorded: nothing more is queued

    assert wait_for(lambda: Bulletin.objects.filter(pdf__startswith="bulletins/").count() == 2, timeout=90)
    built = dict(Bulletin.objects.values_list("stage_id", "built_at"))
    # A second build, had one been queued, would be waiting or running until the worker is idle.
    assert wait_for(celery_worker_process.idle, timeout=30)
    assert dict(Bulletin.objects.values_list("stage_id", "built_at")) == built
    assert set(built) == {launch.pk, registration.pk}
    assert sorted(Bulletin.objects.values_list("number", "version", "status")) == [(1, 1, "draft"), (2, 1, "draft")]
