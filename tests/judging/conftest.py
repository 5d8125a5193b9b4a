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
    entrant_kind="team",
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
        kind=entrant_kind,
        **({"name": name} if name else {}),
        organisation=organisation,
        credit_code=credit_code,
        organisation_type="enterprise" if entrant_kind == "organisation" else "",
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
    comments = {c.pk: "理由" for c in criteria} if comments is None else comments
    return services.save_scores(
        assignment=assignment, by=assignment.judge.user, values=values, comments=comments, submit=submit
    )


@pytest.fixture
def organizer(db):
    return OrganizerUserFactory()


@pytest.fixture
def organizer_client(client, organizer):
    return staff_login(client, organizer)


# Words that must never reach a judge in a blind round: the entrant, its organisation,
# its team, its region, and the names its files were uploaded under.
SECRET_ENTRANT = "保密科技团队"
SECRET_ORGANISATION = "隐秘数据研究院"
SECRET_MEMBER = "欧阳保密"
SECRET_MEMBER_ORG = "成员所在单位"
SECRET_REGION = "xingtai"  # label 邢台 / Xingtai
SECRET_FILE = "保密科技团队-汇报材料.pdf"
SECRET_VIDEO = "保密科技团队-演示.mp4"


@pytest.fixture
def scene(contest, stages, track, other_track, organizer):
    """An open blind round of one track: three judges, a judge of another track, an entry with files.

    Returns a dict: round, entry (with materials PDF and video), judges (3, assigned),
    other_track_judge (on the panel, not assigned), conflicted judge (same organisation).
    """
    from tests.factories import EntryFileFactory

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
