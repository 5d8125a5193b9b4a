"""Fixtures of the judging tests: a contest whose preliminary round is open, tracks, a blind scene,
staff clients. The plain helpers they build with are in tests/judging/helpers.py."""

from datetime import timedelta

import pytest
from django.utils import timezone

from contest.models import Stage
from judging import services
from tests.factories import (
    EntryFileFactory,
    JudgingRoundFactory,
    OrganizerUserFactory,
    StageFactory,
    TrackFactory,
    contest_at,
)
from tests.helpers import staff_login
from tests.judging.helpers import (
    SECRET_ENTRANT,
    SECRET_FILE,
    SECRET_MEMBER,
    SECRET_MEMBER_ORG,
    SECRET_ORGANISATION,
    SECRET_REGION,
    SECRET_VIDEO,
    add_criteria,
    assign,
    make_entry,
    make_judge,
)


@pytest.fixture
def contest(db):
    """The current edition, its registration closed five days ago (it ran for five weeks)."""
    return contest_at(Stage.Kind.REGISTRATION, starts=-timedelta(days=40), ends=-timedelta(days=5))


@pytest.fixture
def stages(contest):
    now = timezone.now()
    return {
        "preliminary": StageFactory(
            contest=contest,
            kind=Stage.Kind.PRELIMINARY,
            starts_at=now - timedelta(days=1),
            ends_at=now + timedelta(days=10),
        ),
        "reselection": StageFactory(
            contest=contest,
            kind=Stage.Kind.RESELECTION,
            starts_at=now + timedelta(days=10),
            ends_at=now + timedelta(days=20),
        ),
        "final": StageFactory(
            contest=contest, kind=Stage.Kind.FINAL, starts_at=now + timedelta(days=20), ends_at=now + timedelta(days=30)
        ),
    }


@pytest.fixture
def track(contest):
    return TrackFactory(contest=contest, code="gov", name="数字支撑政务服务", name_en="Digital government", order=1)


@pytest.fixture
def other_track(contest):
    return TrackFactory(contest=contest, code="economy", name="数字赋能经济发展", name_en="Digital economy", order=2)


@pytest.fixture
def round_(stages, track):
    """The open preliminary round of the track: 3 judges per entry, top 2 advance, blind."""
    round_ = JudgingRoundFactory(stage=stages["preliminary"], track=track)
    add_criteria(round_)
    return round_


@pytest.fixture
def organizer(db):
    return OrganizerUserFactory()


@pytest.fixture
def organizer_client(client, organizer):
    return staff_login(client, organizer)


@pytest.fixture
def scene(contest, stages, track, other_track, organizer):
    """An open blind round of one track: three judges, a judge of another track, an entry with files.

    Returns a dict: round, entry (with materials PDF and video), judges (3, assigned),
    other_track_judge (on the panel, not assigned), conflicted judge (same organisation).
    """
    round_ = JudgingRoundFactory(stage=stages["preliminary"], track=track, blind=True)
    add_criteria(round_)
    entry = make_entry(
        contest,
        track,
        name=SECRET_ENTRANT,
        organisation=SECRET_ORGANISATION,
        region=SECRET_REGION,
        members=[(SECRET_MEMBER, "+8613912345678", SECRET_MEMBER_ORG)],
        title="智慧审批助手",
        product_url="https://demo.example.com/app",
        kind="platform",
        usage_instructions="账号 demo / demo",
    )
    EntryFileFactory(
        entry=entry, kind="materials", original_name=SECRET_FILE, detected_type="pdf", file__data=b"%PDF-1.4 stand-in"
    )
    EntryFileFactory(
        entry=entry, kind="video", original_name=SECRET_VIDEO, detected_type="mp4", file__data=b"0123456789" * 10
    )
    judges = [make_judge(contest, panel=[round_], tracks=[track]) for _ in range(3)]
    other_track_judge = make_judge(contest, panel=[round_], tracks=[other_track])
    conflicted = make_judge(contest, panel=[round_], organisation=SECRET_ORGANISATION)
    services.populate_round(round=round_, by=organizer)
    sheets = [assign(round_, entry, judge) for judge in judges]
    return {
        "round": round_,
        "entry": entry,
        "judges": judges,
        "sheets": sheets,
        "other_track_judge": other_track_judge,
        "conflicted": conflicted,
    }


@pytest.fixture
def english():
    """Messages read in English, the language their assertions are written in (translations may change)."""
    from django.utils import translation

    with translation.override("en"):
        yield
