"""During the vote the public reads a finalist's current accepted files, and nothing else of it.

A refused upload, or one an entrant replaced, keeps the rule of every private file: the
owner, an assigned judge of an open round and the organizers read it, the public gets 404.
"""

import pytest
from django.test import Client

from contest.models import Stage
from judging.models import Assignment
from tests.factories import (
    EntrantUserFactory,
    EntryFileFactory,
    JudgeProfileFactory,
    JudgingRoundFactory,
    StageFactory,
    UserFactory,
)


def client_for(user=None):
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


@pytest.fixture
def files(finalists):
    entry = finalists[0]
    return {
        "current": EntryFileFactory(entry=entry, kind="materials"),
        "replaced": EntryFileFactory(entry=entry, kind="materials", is_current=False),
        "refused": EntryFileFactory(entry=entry, kind="video", status="refused", is_current=False),
        "pending": EntryFileFactory(entry=entry, kind="poster", status="pending", is_current=True),
    }


@pytest.fixture
def personas(contest, finalists, organizer):
    """Who asks: nobody, another entrant, the owner, a judge assigned to the entry in an open round, an organizer."""
    stage = StageFactory(contest=contest, kind=Stage.Kind.FINAL, starts_at=contest.stages.first().starts_at)
    round_ = JudgingRoundFactory(stage=stage)
    judge = JudgeProfileFactory(contest=contest)
    Assignment.objects.create(round=round_, entry=finalists[0], judge=judge, source="manual")
    return {
        "anonymous": None,
        "other entrant": EntrantUserFactory(),
        "signed-in stranger": UserFactory(),
        "owner": finalists[0].entrant.user,
        "judge": judge.user,
        "organizer": organizer,
    }


PUBLIC = {"current"}
PRIVATE_READERS = {"owner", "judge", "organizer"}


@pytest.mark.parametrize("persona", ["anonymous", "other entrant", "signed-in stranger", "owner", "judge", "organizer"])
def test_public_reads_only_current_accepted_files(context, files, personas, persona):
    client = client_for(personas[persona])

    answers = {name: client.get(f"/files/{f.uid}/").status_code for name, f in files.items()}

    readable = set(files) if persona in PRIVATE_READERS else PUBLIC
    assert answers == {name: 200 if name in readable else 404 for name in files}
