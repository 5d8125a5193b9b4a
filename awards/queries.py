"""Reads of the awards app that cross models or serve one user."""

from django.db.models import Prefetch

from registration.models import Entry

from .eligibility import Limit
from .models import (
    LoanApplication,
    LoanPolicy,
    Partner,
    Recommendation,
    RecommendationConsent,
    consent_expression,
    share_contact_expression,
)

# --- policy


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
