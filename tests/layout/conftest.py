"""The world the audience and fuzz tests ask every URL about: Alice's objects and everyone else."""

import pytest
from django.utils import timezone

from contest.models import Stage
from judging.models import Assignment
from tests.factories import (
    AnnouncementFactory,
    EntryFactory,
    EntryFileFactory,
    JudgeProfileFactory,
    JudgingRoundFactory,
    StageFactory,
    TeamMemberFactory,
    contest_at,
)
from tests.layout.routes import SECRET_INSTRUCTIONS, SECRET_MEMBER, SECRET_PHONE, SECRET_TITLE


@pytest.fixture
def world(db):
    """Alice's registration, entry and file in an open round; Bob's entry assigned to a judge."""
    contest = contest_at(Stage.Kind.REGISTRATION)
    stage = StageFactory(contest=contest, kind=Stage.Kind.PRELIMINARY)
    round_ = JudgingRoundFactory(stage=stage)
    alice = EntryFactory(
        entrant__contest=contest,
        title=SECRET_TITLE,
        usage_instructions=SECRET_INSTRUCTIONS,
        status="submitted",
        first_submitted_at=timezone.now(),
        submitted_at=timezone.now(),
    )
    TeamMemberFactory(entrant=alice.entrant, name=SECRET_MEMBER, phone=f"+86{SECRET_PHONE}")
    alice_file = EntryFileFactory(entry=alice)
    bob = EntryFactory(entrant__contest=contest, track=alice.track)
    judge = JudgeProfileFactory(contest=contest)
    other_judge = JudgeProfileFactory(contest=contest)
    sheet = Assignment.objects.create(round=round_, entry=alice, judge=other_judge, source="manual")
    Assignment.objects.create(round=round_, entry=bob, judge=judge, source="manual")
    return {
        "contest": contest,
        "round": round_,
        "alice": alice,
        "file": alice_file,
        "sheet": sheet,
        "bob": bob,
        "judge": judge.user,
        "announcement": AnnouncementFactory(contest=contest),
    }
