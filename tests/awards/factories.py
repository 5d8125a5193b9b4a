"""Factories of the awards tests.

Award, certificate and policy-support rows are factory_boy factories; `final_scene` builds a
contest whose final round released its ranking through judging's own services: with
`tracks={"gov": [(8, 6), …]}` it makes one track per key and, in it, one finalist per pair of
scores (heaviest criterion first, which is also the tie-break), scored by one judge.
"""

from dataclasses import dataclass, field
from decimal import Decimal

import factory
from django.utils import timezone

from awards.models import Award, AwardScope, AwardType
from awards.services import create_default_award_types
from contest.models import Stage
from judging.models import Round
from tests.factories import (
    ContestFactory,
    EntrantFactory,
    EntryFactory,
    JudgingRoundFactory,
    OrganizerUserFactory,
    StageFactory,
    TrackFactory,
)
from tests.judging.helpers import add_criteria, assign, make_entry, make_judge, score

# --- Certificates: confirmed awards of entries, and certificate rows -------------------------
# AwardType and Award here are the smallest that certificates need.


class AwardTypeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "awards.AwardType"

    contest = factory.SubFactory(ContestFactory)
    name = factory.Sequence(lambda n: f"一等奖{n}")
    name_en = factory.Sequence(lambda n: f"First Prize {n}")
    order = factory.Sequence(int)
    scope = "per_track"
    count = 1
    certificate_wording = "特发此证，以资鼓励。"
    certificate_wording_en = "In recognition of outstanding work."


class ConfirmedAwardFactory(factory.django.DjangoModelFactory):
    """A confirmed award of a team's entry; the team's members come with `members=n`."""

    class Meta:
        model = "awards.Award"

    entry = factory.SubFactory(EntryFactory)
    contest = factory.LazyAttribute(lambda o: o.entry.contest)
    award_type = factory.SubFactory(AwardTypeFactory, contest=factory.SelfAttribute("..contest"))
    track = factory.LazyAttribute(lambda o: o.entry.track)
    place = 1
    status = "confirmed"
    confirmed_at = factory.LazyFunction(timezone.now)


class CertificateTemplateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "awards.CertificateTemplate"
        django_get_or_create = ["contest"]

    contest = factory.SubFactory(ContestFactory)
    issuers = "河北省数据应用创新大赛组委会\n河北省数据和政务服务局"
    wording_zh = "经大赛评审委员会评定，荣获"
    wording_en = "is awarded, by decision of the jury,"
    show_english = True


class CertificateFactory(factory.django.DjangoModelFactory):
    """A certificate row as issue_certificates writes it, not yet rendered."""

    class Meta:
        model = "awards.Certificate"

    award = factory.SubFactory(ConfirmedAwardFactory)
    holder_name = factory.LazyAttribute(lambda o: o.award.entry.entrant.name)


# --- Policy support: partners, loan limits, recommendations, loan applications -----------


class PartnerFactory(factory.django.DjangoModelFactory):
    """A government department of the contest; pass kind="bank" for a bank."""

    class Meta:
        model = "awards.Partner"

    contest = factory.SubFactory(ContestFactory)
    name = factory.Sequence(lambda n: f"河北省合作单位{n}")
    name_en = factory.Sequence(lambda n: f"Partner {n}")
    kind = "department"


class SubmittedEntryFactory(EntryFactory):
    """A submitted entry whose entry form gave consent to recommendation."""

    status = "submitted"
    consent_recommendation = True
    first_submitted_at = factory.LazyFunction(timezone.now)
    submitted_at = factory.LazyFunction(timezone.now)


class RecommendationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "awards.Recommendation"

    entry = factory.SubFactory(SubmittedEntryFactory)
    partner = factory.SubFactory(PartnerFactory, contest=factory.SelfAttribute("..entry.contest"))


class LoanApplicationFactory(factory.django.DjangoModelFactory):
    """An individual's application for ¥100,000, not yet referred."""

    class Meta:
        model = "awards.LoanApplication"

    entrant = factory.SubFactory(EntrantFactory)
    applicant_type = "individual"
    partners_count = 1
    amount = Decimal("100000")


def plan_limits(contest):
    """The plan's three loan policy rows for `contest` (and the co-hosting bank)."""
    from awards.services import set_up_policy

    set_up_policy(contest=contest)
    return contest


# --- Allocation: a final round with its ranking released ------------------------------------


@dataclass
class Scene:
    contest: object
    organizer: object
    round: object
    tracks: dict = field(default_factory=dict)  # code → Track
    entries: dict = field(default_factory=dict)  # "gov1" → Entry


def final_scene(tracks, *, released=True, award_types=True):
    contest = ContestFactory()
    stage = StageFactory(contest=contest, kind=Stage.Kind.FINAL)
    round_ = JudgingRoundFactory(
        stage=stage, judges_per_entry=1, blind=False, aggregation="mean", advancement_rule="none"
    )
    add_criteria(round_, specs=((60, 1), (40, None)))
    judge = make_judge(contest, panel=[round_])
    scene = Scene(contest=contest, organizer=OrganizerUserFactory(), round=round_)
    for order, (code, sheets) in enumerate(tracks.items()):
        track = TrackFactory(contest=contest, code=code, name=f"赛道{code}", order=order)
        scene.tracks[code] = track
        for index, values in enumerate(sheets, start=1):
            entry = make_entry(contest, track, title=f"作品{code}{index}", round_reached="final")
            scene.entries[f"{code}{index}"] = entry
            score(assign(round_, entry, judge), list(values))
    if released:
        now = timezone.now()
        Round.objects.filter(pk=round_.pk).update(advanced_at=now, results_released_at=now)
    if award_types:
        create_default_award_types(contest=contest)
    return scene


def award_type(contest, name):
    return AwardType.objects.get(contest=contest, name=name)


def holders(contest, name, track=None):
    """Entry titles holding the named award (in a track), by place."""
    awards = Award.objects.standing().filter(award_type__contest=contest, award_type__name=name)
    if track is not None:
        awards = awards.filter(track=track)
    return [a.entry.title for a in awards.order_by("place")]


SINGLE = AwardScope.SINGLE


def awarded_scene(count, *, status=Award.Status.CONFIRMED, published=True):
    """A contest with `count` third prizes in one track, given directly (no judging)."""
    contest = ContestFactory()
    create_default_award_types(contest=contest)
    track = TrackFactory(contest=contest, code="gov", name="政务赛道")
    return contest, add_awards(contest, track, range(1, count + 1), status=status, published=published)


def add_awards(contest, track, places, *, status=Award.Status.CONFIRMED, published=True):
    third = award_type(contest, "三等奖")
    now = timezone.now()
    return [
        Award.objects.create(
            contest=contest,
            award_type=third,
            track=track,
            entry=make_entry(contest, track, title=f"获奖作品{n}", round_reached="final"),
            place=n,
            status=status,
            confirmed_at=None if status == Award.Status.PROPOSED else now,
            published_at=now if published else None,
        )
        for n in places
    ]
