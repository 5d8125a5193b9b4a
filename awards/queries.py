"""Reads of the awards that cross models or serve one user.

Allocation: the final ranking as allocation input, the organizer's table and the winners page;
each loader runs a fixed number of queries whatever the number of awards (tests count them with
one and three rows). Policy support: consenting entries, recommendations, loan applications.
"""

from collections import Counter
from dataclasses import dataclass, field

from django.db.models import Prefetch
from django.shortcuts import get_object_or_404

from contest.models import Stage
from judging.models import Round
from judging.queries import round_criteria
from judging.ranking import ranking
from registration.models import Entry, RoundReached
from voting.models import PopularityResult

from . import allocation
from .eligibility import Limit
from .models import (
    RANKED_SCOPES,
    Award,
    AwardScope,
    AwardStatus,
    AwardType,
    LoanApplication,
    LoanPolicy,
    Partner,
    Recommendation,
    RecommendationConsent,
    consent_expression,
    share_contact_expression,
)


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
    filled = Counter(
        (a.award_type_id, a.moved_from_id or a.track_id) for a in awards if a.status != AwardStatus.REVOKED
    )
    tracks = list(contest.tracks.order_by("order", "pk"))
    result = []
    for award_type in ranked_award_types(contest):
        for track in tracks if award_type.scope == AwardScope.PER_TRACK else [None]:
            missing = award_type.count - filled[(award_type.pk, track.pk if track else None)]
            if missing > 0:
                result.append(Vacancy(award_type, track, missing))
    return result


def vacancy_for_organizer(contest, award_type_pk, track_pk):
    """(award type, track) of a per-track quota of the contest, or 404."""
    award_type = get_object_or_404(AwardType, contest=contest, pk=award_type_pk, scope=AwardScope.PER_TRACK)
    return award_type, get_object_or_404(contest.tracks, pk=track_pk)


def award_table(contest):
    """Every award of the contest, revoked ones included (their history stays visible)."""
    return list(Award.objects.filter(contest=contest).for_table())


def awards_for_export(contest):
    """Every award with what the organizers' spreadsheet shows, its certificates included."""
    return list(
        Award.objects.filter(contest=contest)
        .for_table()
        .select_related("entry__entrant")
        .prefetch_related("certificates")
    )


def popularity_result(contest):
    """The confirmed result of the public vote with its winners, or None."""
    return PopularityResult.objects.filter(contest=contest).prefetch_related("winners__entry__track").first()


def published_awards(contest):
    """The confirmed, published awards the winners page lists, by award and track."""
    return list(Award.objects.filter(contest=contest).published().for_table())


def award_for_organizer(contest, pk):
    """One award of the contest; anything else answers 404."""
    return get_object_or_404(Award.objects.select_related("award_type", "track", "entry"), contest=contest, pk=pk)


def current_consent(entry):
    """Whether the entry's entrant consents to recommendation now (latest history row, else the entry form)."""
    return Entry.objects.filter(pk=entry.pk).annotate(consent=consent_expression()).values_list("consent", flat=True)[0]


def consent_history(entrant):
    return RecommendationConsent.objects.filter(entrant=entrant).select_related("by").order_by("-at", "-pk")


def entrant_consents(entrant):
    """The entrant's current consent: the latest history row, else whether any entry's form gave it."""
    latest = consent_history(entrant).first()
    if latest is not None:
        return latest.given
    return entrant.entries.filter(consent_recommendation=True).exists()


def loan_limits(contest):
    """The contest's policy rows as plain limits for `awards.eligibility`."""
    return [
        Limit(applicant_type=row.applicant_type, per_person=row.per_person_limit, total=row.total_limit)
        for row in LoanPolicy.objects.filter(contest=contest)
    ]


def loan_policies(contest):
    return list(LoanPolicy.objects.filter(contest=contest).order_by("applicant_type"))


def partners(contest):
    return Partner.objects.filter(contest=contest)


def banks(contest):
    return partners(contest).filter(kind=Partner.Kind.BANK)


def consenting_entries(contest):
    """Entries still in the contest whose entrants consent now, with their recommendations, in three queries."""
    return (
        Entry.objects.filter(contest=contest)
        .exclude(status__in=[Entry.Status.DRAFT, Entry.Status.WITHDRAWN, Entry.Status.DISQUALIFIED])
        .annotate(consent=consent_expression())
        .filter(consent=True)
        .select_related("entrant", "track")
        .prefetch_related(
            Prefetch("recommendations", queryset=Recommendation.objects.select_related("partner").order_by("pk"))
        )
        .order_by("track__order", "display_name")
    )


def recommendations_to_share(contest, partner=None):
    """Recommendations whose entrants consent now, with what they agreed to share, for a partner's export.

    A withdrawal stops the sharing too: a withdrawn entrant's rows leave the export.
    """
    rows = (
        Recommendation.objects.for_contest(contest)
        .annotate(consent=consent_expression("entry__"), share_contact=share_contact_expression("entry__"))
        .filter(consent=True)
        .for_list()
        .prefetch_related("entry__entrant__members")
        .order_by("partner__name", "entry__display_name")
    )
    return rows.filter(partner=partner) if partner is not None else rows


def loan_applications(contest):
    return LoanApplication.objects.filter(entrant__contest=contest).for_list()


def own_loan_applications(user, contest):
    return LoanApplication.objects.for_user(user).filter(entrant__contest=contest).select_related("referred_to")


def loan_referrals(contest):
    return loan_applications(contest).filter(status=LoanApplication.Status.REFERRED).order_by("referred_at", "pk")


def contest_entries(contest):
    return Entry.objects.filter(contest=contest)


def recommendations(contest):
    return Recommendation.objects.for_contest(contest).for_list()
