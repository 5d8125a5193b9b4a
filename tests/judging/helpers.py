"""Plain helpers of the judging tests: entries, judges, criteria, assignments and scores.

Fixtures are in conftest.py; these are imported by the tests that call them.
"""

from django.utils import timezone

from judging import services
from judging.models import Assignment, Criterion, RoundEntry
from tests.factories import EntrantFactory, EntryFactory, JudgeProfileFactory, TeamMemberFactory, UserFactory

# Words that must never reach a judge in a blind round: the entrant, its organisation,
# its team, its region, and the names its files were uploaded under.
SECRET_ENTRANT = "保密科技团队"
SECRET_ORGANISATION = "隐秘数据研究院"
SECRET_MEMBER = "欧阳保密"
SECRET_MEMBER_ORG = "成员所在单位"
SECRET_REGION = "xingtai"  # label 邢台 / Xingtai
SECRET_FILE = "保密科技团队-汇报材料.pdf"
SECRET_VIDEO = "保密科技团队-演示.mp4"


def add_criteria(round_, specs=((30, 1), (35, None), (35, 2))):
    """Criteria 0–10 with the given (weight, tie-break rank)."""
    return [
        Criterion.objects.create(
            round=round_, name=f"标准{i}", name_en=f"Criterion {i}", weight=weight, order=i, tie_break_rank=tie
        )
        for i, (weight, tie) in enumerate(specs, start=1)
    ]


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
