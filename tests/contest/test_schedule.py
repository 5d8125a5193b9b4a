from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.db import IntegrityError

from contest.models import Stage
from contest.schedule import Schedule
from tests.factories import ContestFactory, StageFactory

SHANGHAI = ZoneInfo("Asia/Shanghai")


def at(*args):
    return datetime(*args, tzinfo=SHANGHAI)


@pytest.fixture
def plan(db):
    """Registration 10 March – 20 June 2022; final and public vote both 1–20 August (overlapping)."""
    contest = ContestFactory()
    return {
        "contest": contest,
        "registration": StageFactory(
            contest=contest, kind=Stage.Kind.REGISTRATION, starts_at=at(2022, 3, 10), ends_at=at(2022, 6, 21)
        ),
        "final": StageFactory(
            contest=contest, kind=Stage.Kind.FINAL, starts_at=at(2022, 8, 1), ends_at=at(2022, 8, 21)
        ),
        "vote": StageFactory(
            contest=contest, kind=Stage.Kind.PUBLIC_VOTE, starts_at=at(2022, 8, 1), ends_at=at(2022, 8, 21)
        ),
    }


def kinds(stages):
    return {stage.kind for stage in stages}


def test_stage_is_open_until_the_last_second_of_its_last_day_in_shanghai(plan):
    schedule = Schedule.for_contest(plan["contest"])

    assert kinds(schedule.open_at(at(2022, 6, 20, 23, 59, 59))) == {"registration"}
    assert kinds(schedule.open_at(at(2022, 6, 21, 0, 0, 0))) == set()


def test_stage_opens_exactly_at_midnight_shanghai(plan):
    schedule = Schedule.for_contest(plan["contest"])

    assert schedule.open_at(at(2022, 3, 9, 23, 59, 59)) == []
    assert kinds(schedule.open_at(at(2022, 3, 10, 0, 0, 0))) == {"registration"}
    # 16:00 UTC on 9 March is already 10 March in Shanghai.
    assert schedule.is_open("registration", datetime(2022, 3, 9, 16, 0, tzinfo=ZoneInfo("UTC")))


def test_overlapping_stages_are_open_together(plan):
    schedule = Schedule.for_contest(plan["contest"])

    assert kinds(schedule.open_at(at(2022, 8, 10, 12))) == {"final", "public_vote"}


def test_next_deadline_is_the_end_of_the_open_stage(plan):
    deadline = Schedule.for_contest(plan["contest"]).next_deadline(at(2022, 6, 1))

    assert (deadline.stage, deadline.at, deadline.event) == (plan["registration"], at(2022, 6, 21), "end")


def test_next_deadline_between_stages_is_the_next_start(plan):
    deadline = Schedule.for_contest(plan["contest"]).next_deadline(at(2022, 7, 1))

    assert deadline.at == at(2022, 8, 1)
    assert deadline.event == "start"
    assert deadline.stage.kind in {"final", "public_vote"}


def test_next_deadline_after_the_last_stage_is_none(plan):
    assert Schedule.for_contest(plan["contest"]).next_deadline(at(2023, 1, 1)) is None


def test_timeline_marks_past_open_and_upcoming(plan):
    timeline = Schedule.for_contest(plan["contest"]).timeline(at(2022, 8, 1))

    assert [(stage.kind, state) for stage, state in timeline] == [
        ("registration", "past"),
        ("final", "open"),
        ("public_vote", "open"),
    ]


def test_stage_last_day_is_inclusive_in_local_time(plan):
    assert str(plan["registration"].last_day) == "2022-06-20"


def test_stage_must_end_after_it_starts(db):
    with pytest.raises(IntegrityError):
        StageFactory(starts_at=at(2022, 3, 10), ends_at=at(2022, 3, 10))


def test_one_stage_of_each_kind_per_contest(plan):
    with pytest.raises(IntegrityError):
        StageFactory(contest=plan["contest"], kind=Stage.Kind.REGISTRATION)


def test_schedule_answers_from_one_query(plan, django_assert_num_queries):
    with django_assert_num_queries(1):
        schedule = Schedule.for_contest(plan["contest"])
        schedule.open_at(at(2022, 8, 2))
        schedule.next_deadline(at(2022, 8, 2))
        schedule.timeline(at(2022, 8, 2))
