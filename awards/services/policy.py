"""Verbs of policy support: consent to recommendation, recommendations, loan applications and referrals.

Each verb checks who acts and whether the change is allowed, then writes in one transaction.
Consent is history: giving or withdrawing adds a row, and the latest row decides. A
recommendation needs the entrant's current consent when it is made; a withdrawal stops new
ones, while those already made stay on record (a partner cannot un-receive a name). Loan
applications are checked against the policy rows by `awards.eligibility`; organizers refer
them to a bank partner, and the bank decides.
"""

from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.rules import require_organizer
from registration.models import Entry

from ..eligibility import Application, loan_problems
from ..models import ApplicantType, LoanApplication, LoanPolicy, Partner, Recommendation, RecommendationConsent
from ..queries import current_consent, loan_limits

# The plan's limits of the first edition, in CNY: (applicant type, per person, in total).
FIRST_EDITION_LOAN_LIMITS = (
    (ApplicantType.INDIVIDUAL, Decimal("200000"), None),
    (ApplicantType.PARTNERSHIP, Decimal("220000"), Decimal("1300000")),
    (ApplicantType.SMALL_MICRO_FIRM, None, Decimal("3000000")),
)
# The bank that co-hosts the first edition.
COHOST_BANK = {"name": "中国建设银行河北省分行", "name_en": "China Construction Bank, Hebei Branch"}

# Where a recommendation may go next; the same status again only updates the notes.
RECOMMENDATION_STEPS = {
    Recommendation.Status.RECOMMENDED: {Recommendation.Status.IN_CONTACT, Recommendation.Status.DECLINED},
    Recommendation.Status.IN_CONTACT: {Recommendation.Status.SUPPORTED, Recommendation.Status.DECLINED},
    Recommendation.Status.SUPPORTED: set(),
    Recommendation.Status.DECLINED: set(),
}

# Entries that left the contest are recommended to no one.
_OUT_OF_CONTEST = (Entry.Status.WITHDRAWN, Entry.Status.DISQUALIFIED)


def _require_owner(entrant, by):
    if by is None or entrant.user_id != by.pk:
        raise PermissionDenied(_("Only the entrant can do this."))


@transaction.atomic
def set_recommendation_consent(*, entrant, given, by, share_contact=False):
    """Record the entrant's consent (or its withdrawal) as a new history row; returns the row.

    A withdrawal shares nothing: `share_contact` only counts with consent given.
    """
    _require_owner(entrant, by)
    return RecommendationConsent.objects.create(
        entrant=entrant, given=given, share_contact=bool(given and share_contact), by=by
    )


@transaction.atomic
def recommend_entry(*, entry, partner, by, notes=""):
    """Recommend the entry to the partner, if its entrant consents now; returns the recommendation."""
    require_organizer(by)
    if partner.contest_id != entry.contest_id:
        raise ValidationError(_("This partner belongs to another contest."))
    if entry.status in _OUT_OF_CONTEST:
        raise ValidationError(_("A withdrawn or disqualified entry cannot be recommended."))
    if not current_consent(entry):
        raise ValidationError(_("The entrant has not consented to recommendation."))
    if Recommendation.objects.filter(entry=entry, partner=partner).exists():
        raise ValidationError(_("This entry has already been recommended to this partner."))
    return Recommendation.objects.create(entry=entry, partner=partner, notes=notes, created_by=by)


@transaction.atomic
def update_recommendation(*, recommendation, status, notes, by):
    """Move the recommendation along (recommended → in contact → supported or declined) and keep the notes."""
    require_organizer(by)
    if status not in Recommendation.Status.values:
        raise ValidationError(_("Choose a status."))
    if status != recommendation.status and status not in RECOMMENDATION_STEPS[recommendation.status]:
        raise ValidationError(
            _("A recommendation cannot go from “%(old)s” to “%(new)s”.")
            % {"old": recommendation.get_status_display(), "new": Recommendation.Status(status).label}
        )
    recommendation.status = status
    recommendation.notes = notes
    recommendation.updated_at = timezone.now()
    recommendation.save(update_fields=["status", "notes", "updated_at"])
    return recommendation


def _check_loan(contest, applicant_type, partners_count, amount):
    application = Application(applicant_type=applicant_type, partners_count=partners_count, amount=amount)
    problems = loan_problems(application, loan_limits(contest))
    if problems:
        raise ValidationError(problems)


@transaction.atomic
def apply_for_loan(*, entrant, applicant_type, partners_count, amount, by):
    """Record the entrant's application once it fits the contest's loan limits; returns it."""
    _require_owner(entrant, by)
    if applicant_type == LoanApplication.ApplicantType.INDIVIDUAL:
        partners_count = 1
    _check_loan(entrant.contest, applicant_type, partners_count, amount)
    return LoanApplication.objects.create(
        entrant=entrant, applicant_type=applicant_type, partners_count=partners_count, amount=amount
    )


@transaction.atomic
def withdraw_loan_application(*, application, by):
    """The entrant takes back an application the organizers have not referred yet."""
    _require_owner(application.entrant, by)
    if application.status != LoanApplication.Status.SUBMITTED:
        raise ValidationError(_("Only an application not yet referred can be withdrawn."))
    application.status = LoanApplication.Status.WITHDRAWN
    application.save(update_fields=["status"])
    return application


@transaction.atomic
def refer_loan_application(*, application, partner, by):
    """Refer a submitted application to a bank partner of the same contest (checked again against today's limits)."""
    require_organizer(by)
    if partner.kind != Partner.Kind.BANK:
        raise ValidationError(_("Loan applications are referred to banks only."))
    if partner.contest_id != application.entrant.contest_id:
        raise ValidationError(_("This partner belongs to another contest."))
    if application.status != LoanApplication.Status.SUBMITTED:
        raise ValidationError(_("Only a submitted application can be referred."))
    _check_loan(application.entrant.contest, application.applicant_type, application.partners_count, application.amount)
    application.status = LoanApplication.Status.REFERRED
    application.referred_to = partner
    application.referred_at = timezone.now()
    application.save(update_fields=["status", "referred_to", "referred_at"])
    return application


@transaction.atomic
def set_up_policy(*, contest):
    """Load the plan's loan limits and the co-hosting bank where they are missing; returns what was created.

    Idempotent: rows organizers already edited in the admin are left as they are.
    """
    created = []
    for applicant_type, per_person, total in FIRST_EDITION_LOAN_LIMITS:
        policy, new = LoanPolicy.objects.get_or_create(
            contest=contest,
            applicant_type=applicant_type,
            defaults={"per_person_limit": per_person, "total_limit": total},
        )
        if new:
            created.append(policy)
    bank, new = Partner.objects.get_or_create(
        contest=contest,
        name=COHOST_BANK["name"],
        defaults={"name_en": COHOST_BANK["name_en"], "kind": Partner.Kind.BANK, "is_cohost": True},
    )
    if new:
        created.append(bank)
    return created
