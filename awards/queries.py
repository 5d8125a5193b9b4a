"""Reads of the awards that cross models: the final ranking as allocation input, the tables.

Each loader runs a fixed number of queries whatever the number of awards, so the organizer's
table and the winners page stay flat (tests count them with one and three rows).
"""

from collections import Counter
from dataclasses import dataclass, field

from django.shortcuts import get_object_or_404

from contest.models import Stage
from judging.models import Round
from judging.queries import round_criteria
from judging.ranking import ranking
from registration.models import Entry, RoundReached
from voting.models import PopularityResult

from . import allocation
from .models import RANKED_SCOPES, Award, AwardScope, AwardStatus, AwardType


def released_final_rounds(contest):
    """The contest's final round(s) whose results were released, tracks in order."""
    return list(
        Round.objects.filter(stage__contest=contest, stage__kind=Stage.Kind.FINAL, results_released_at__isnull=False)
        .select_related("stage", "track")
        .order_by("track__order", "pk")
    )


def tie_break_criteria(round_):
    """The round's configured tie-break criteria in order; without any, the heaviest criterion."""
    criteria = round_criteria(round_)
    configured = sorted((c for c in criteria if c.tie_break_rank), key=lambda c: c.tie_break_rank)
    if configured or not criteria:
        return configured
    return [max(criteria, key=lambda c: (c.weight, -c.order))]


@dataclass
class FinalRanking:
    rounds: list
    candidates: list = field(default_factory=list)
    tracks: list = field(default_factory=list)  # Track objects in order
    entries: dict = field(default_factory=dict)  # entry id → Entry
    tie_break: list = field(default_factory=list)  # criteria names, most decisive first


def final_ranking(contest):
    """The released final ranking as allocation candidates (only entries still in the contest)."""
    rounds = released_final_rounds(contest)
    result = FinalRanking(rounds=rounds, tracks=list(contest.tracks.order_by("order", "pk")))
    for round_ in rounds:
        criteria = tie_break_criteria(round_)
        result.tie_break = result.tie_break or [c.name for c in criteria]
        for track_ranking in ranking(round_):
            for row in track_ranking.rows:
                result.entries[row.entry.pk] = row.entry
                result.candidates.append(
                    allocation.Candidate(
                        key=row.entry.pk,
                        track=row.entry.track_id,
                        aggregate=row.aggregate,
                        tie_keys=tuple(row.criterion_means.get(c.pk) for c in criteria),
                        # The ranking holds submitted entries only: the withdrawn and the
                        # disqualified are already out.
                        eligible=True,
                    )
                )
    return result


def finalists(contest):
    """Entries in the final still in the contest: each must end with an award of the judging."""
    return Entry.objects.filter(contest=contest, round_reached=RoundReached.FINAL, status=Entry.Status.SUBMITTED)


def finalists_without_award(contest):
    """Finalists holding no standing award of the judging, by display name."""
    return list(
        finalists(contest)
        .exclude(awards__in=Award.objects.standing().filter(judged=True))
        .select_related("track")
        .order_by("track__order", "display_name")
    )


def ranked_award_types(contest):
    return list(AwardType.objects.filter(contest=contest, scope__in=RANKED_SCOPES).order_by("order", "pk"))


def single_award_types(contest):
    return list(AwardType.objects.filter(contest=contest, scope=AwardScope.SINGLE).order_by("order", "pk"))


@dataclass(frozen=True)
class Vacancy:
    award_type: AwardType
    track: object | None
    places: int


def vacancies(contest, awards):
    """Places of the ranked quotas no standing award fills (a short track, a revocation)."""
    filled = Counter((a.award_type_id, a.track_id) for a in awards if a.status != AwardStatus.REVOKED)
    tracks = list(contest.tracks.order_by("order", "pk"))
    result = []
    for award_type in ranked_award_types(contest):
        for track in tracks if award_type.scope == AwardScope.PER_TRACK else [None]:
            missing = award_type.count - filled[(award_type.pk, track.pk if track else None)]
            if missing > 0:
                result.append(Vacancy(award_type, track, missing))
    return result


def award_table(contest):
    """Every award of the contest, revoked ones included (their history stays visible)."""
    return list(Award.objects.filter(contest=contest).for_table())


def popularity_result(contest):
    """The confirmed result of the public vote with its winners, or None."""
    return PopularityResult.objects.filter(contest=contest).prefetch_related("winners__entry__track").first()


def published_awards(contest):
    """The confirmed, published awards the winners page lists, by award and track."""
    return list(Award.objects.filter(contest=contest).published().for_table())


def award_for_organizer(contest, pk):
    """One award of the contest; anything else answers 404."""
    return get_object_or_404(Award.objects.select_related("award_type", "track", "entry"), contest=contest, pk=pk)
