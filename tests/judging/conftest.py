"""A contest whose preliminary round is open: tracks, judges, submitted entries, staff clients."""

from datetime import timedelta

import pytest
from django.utils import timezone

from accounts.middleware import MFA_SESSION_KEY
from accounts.rules import has_totp
from contest.models import Stage
from judging import services
from judging.models import Assignment, Criterion, RoundEntry
from tests.accounts.conftest import activate_totp
from tests.factories import (
    ContestFactory,
    EntrantFactory,
    EntryFactory,
    JudgeProfileFactory,
    JudgingRoundFactory,
    OrganizerUserFactory,
    StageFactory,
    TeamMemberFactory,
    TrackFactory,
    UserFactory,
)


def staff_login(client, user):
    """Sign `user` in as staff are: an authenticator app, and this session confirmed with it."""
    if not has_totp(user):
        activate_totp(user)
    client.force_login(user)
    session = client.session
    session[MFA_SESSION_KEY] = str(user.pk)
    session.save()
    return client


@pytest.fixture
def contest(db):
    contest = ContestFactory()
    now = timezone.now()
    StageFactory(
        contest=contest,
        kind=Stage.Kind.REGISTRATION,
        starts_at=now - timedelta(days=40),
        ends_at=now - timedelta(days=5),
    )
    return contest


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


def add_criteria(round_, specs=((30, 1), (35, None), (35, 2))):
    """Criteria 0–10 with the given (weight, tie-break rank)."""
    return [
        Criterion.objects.create(
            round=round_, name=f"标准{i}", name_en=f"Criterion {i}", weight=weight, order=i, tie_break_rank=tie
        )
        for i, (weight, tie) in enumerate(specs, start=1)
    ]


@pytest.fixture
def round_(stages, track):
    """The open preliminary round of the track: 3 judges per entry, top 2 advance, blind."""
    round_ = JudgingRoundFactory(stage=stages["preliminary"], track=track)
    add_criteria(round_)
    return round_


def make_entry(
    contest,
    track,
    *,
    name=None,
    organisation="",
    kind="team",
    credit_code="",
    region="shijiazhuang",
    members=(),
    title=None,
    **extra,
):
    """A submitted entry of a new entrant; `members` are (name, phone, organisation)."""
    entrant = EntrantFactory(
        contest=contest,
        user=UserFactory(),
        kind=kind,
        **({"name": name} if name else {}),
        organisation=organisation,
        credit_code=credit_code,
        organisation_type="enterprise" if kind == "organisation" else "",
        region=region,
    )
    for member_name, phone, member_org in members:
        TeamMemberFactory(entrant=entrant, contest=contest, name=member_name, phone=phone, organisation=member_org)
    now = timezone.now()
    return EntryFactory(
        entrant=entrant,
        contest=contest,
        track=track,
        status="submitted",
        first_submitted_at=now,
        submitted_at=now,
        **({"title": title} if title else {}),
        **extra,
    )


def make_judge(contest, *, panel=(), tracks=(), **fields):
    judge = JudgeProfileFactory(contest=contest, **fields)
    judge.tracks.set(tracks)
    for round_ in panel:
        round_.panel.add(judge)
    return judge


def put_in_round(round_, *entries):
    for entry in entries:
        RoundEntry.objects.get_or_create(round=round_, entry=entry)


def assign(round_, entry, judge, **fields):
    put_in_round(round_, entry)
    return Assignment.objects.create(round=round_, entry=entry, judge=judge, source="manual", **fields)


def score(assignment, values, *, submit=True, comments=None):
    """Save the judge's scores through the service: `values` in criterion order."""
    criteria = list(assignment.round.criteria.order_by("order", "pk"))
    values = dict(zip([c.pk for c in criteria], values, strict=True))
    comments = comments or {c.pk: "理由" for c in criteria}
    return services.save_scores(
        assignment=assignment, by=assignment.judge.user, values=values, comments=comments, submit=submit
    )


@pytest.fixture
def organizer(db):
    return OrganizerUserFactory()


@pytest.fixture
def organizer_client(client, organizer):
    return staff_login(client, organizer)
