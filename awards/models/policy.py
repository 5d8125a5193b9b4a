"""Policy support after the ceremony: partners, recommendations and startup guarantee loans.

Consent. The entry form asks once whether the work may be recommended
(`registration.Entry.consent_recommendation`); that answer is where every entrant starts. From
the dashboard an entrant then gives or withdraws consent, and each change is a
`RecommendationConsent` row, never an update: the latest row is the entrant's current consent,
and without any row the entry's own answer stands. `consent_expression()` says this once for
every query that needs it.

Loans. The limits are rows (`LoanPolicy`) organizers edit in the admin; `awards.eligibility`
checks an application against them. The portal refers an application to a bank partner; it
decides no loan.
"""

from django.db import models
from django.db.models import F, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.fields import actor_field
from accounts.textlimits import length_checks, limited_text
from contest.models import Translated


class Partner(Translated, models.Model):
    """A department, incubator or bank that entries are recommended or loans referred to."""

    class Kind(models.TextChoices):
        DEPARTMENT = "department", _("Government department")
        INCUBATOR = "incubator", _("Incubator")
        BANK = "bank", _("Bank")

    contest = models.ForeignKey(
        "contest.Contest", on_delete=models.CASCADE, related_name="partners", verbose_name=_("contest")
    )
    name = models.CharField(_("name"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200, blank=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    is_cohost = models.BooleanField(_("co-hosts the contest"), default=False)
    contact = models.CharField(_("contact"), max_length=200, blank=True)
    notes = limited_text(_("notes"), 2000, blank=True)

    class Meta:
        verbose_name = _("partner")
        verbose_name_plural = _("partners")
        ordering = ["contest", "kind", "name", "pk"]
        constraints = [
            *length_checks("awards_partner", notes=2000),
            models.UniqueConstraint(fields=["contest", "name"], name="awards_partner_name_unique"),
            models.CheckConstraint(
                condition=Q(kind__in=["department", "incubator", "bank"]), name="awards_partner_kind"
            ),
            models.CheckConstraint(condition=~Q(name=""), name="awards_partner_name_not_empty"),
        ]

    def __str__(self):
        return self.tr("name")

    @property
    def is_bank(self):
        return self.kind == self.Kind.BANK


class RecommendationConsent(models.Model):
    """One change of an entrant's consent to recommendation; the latest row is the current one."""

    entrant = models.ForeignKey(
        "registration.Entrant",
        on_delete=models.CASCADE,
        related_name="recommendation_consents",
        verbose_name=_("entrant"),
    )
    given = models.BooleanField(_("consent given"))
    # What partners may receive besides the work and the entrant's name: the team leader's
    # name and mobile number. ID numbers are always masked, whatever this says.
    share_contact = models.BooleanField(_("contact details may be shared"), default=False)
    at = models.DateTimeField(_("at"), default=timezone.now, editable=False)
    by = actor_field(_("by"))

    class Meta:
        verbose_name = _("recommendation consent")
        verbose_name_plural = _("recommendation consents")
        ordering = ["entrant", "-at", "-pk"]
        indexes = [models.Index(fields=["entrant", "-at", "-id"], name="awards_consent_latest")]

    def __str__(self):
        return f"{self.entrant}: {self.given}"


def _latest_consent(field, entrant_ref):
    return Subquery(
        RecommendationConsent.objects.filter(entrant=OuterRef(entrant_ref)).order_by("-at", "-pk").values(field)[:1]
    )


def consent_expression(entry_path=""):
    """An entry's current consent as a query expression: the latest history row, else the entry form's answer.

    `entry_path` leads from the queried model to the entry ("" on Entry, "entry__" on Recommendation).
    """
    return Coalesce(_latest_consent("given", f"{entry_path}entrant"), F(f"{entry_path}consent_recommendation"))


def share_contact_expression(entry_path=""):
    """Whether the entrant agreed to share contact details (never, until a history row says so)."""
    return Coalesce(_latest_consent("share_contact", f"{entry_path}entrant"), models.Value(False))


class RecommendationQuerySet(models.QuerySet):
    def for_contest(self, contest):
        return self.filter(entry__contest=contest)

    def for_list(self):
        """Entry, entrant, track and partner joined: a list of any length in one query."""
        return self.select_related("entry", "entry__entrant", "entry__track", "partner", "created_by")


class Recommendation(models.Model):
    """An entry recommended by the organizers to one partner, and how it went."""

    class Status(models.TextChoices):
        RECOMMENDED = "recommended", _("Recommended")
        IN_CONTACT = "in_contact", _("In contact")
        SUPPORTED = "supported", _("Supported")
        DECLINED = "declined", _("Declined")

    entry = models.ForeignKey(
        "registration.Entry", on_delete=models.PROTECT, related_name="recommendations", verbose_name=_("entry")
    )
    partner = models.ForeignKey(
        Partner, on_delete=models.PROTECT, related_name="recommendations", verbose_name=_("partner")
    )
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.RECOMMENDED)
    notes = limited_text(_("notes"), 2000, blank=True)
    created_by = actor_field(_("recommended by"))
    created_at = models.DateTimeField(_("created at"), default=timezone.now, editable=False)
    updated_at = models.DateTimeField(_("updated at"), default=timezone.now, editable=False)

    objects = RecommendationQuerySet.as_manager()

    class Meta:
        verbose_name = _("recommendation")
        verbose_name_plural = _("recommendations")
        ordering = ["partner", "created_at", "pk"]
        constraints = [
            *length_checks("awards_recommendation", notes=2000),
            models.UniqueConstraint(fields=["entry", "partner"], name="awards_recommendation_once_per_partner"),
            models.CheckConstraint(
                condition=Q(status__in=["recommended", "in_contact", "supported", "declined"]),
                name="awards_recommendation_status",
            ),
        ]

    def __str__(self):
        return f"{self.entry} → {self.partner}"


class ApplicantType(models.TextChoices):
    INDIVIDUAL = "individual", _("Individual")
    PARTNERSHIP = "partnership", _("Partnership")
    SMALL_MICRO_FIRM = "small_micro_firm", _("Small or micro firm")


class LoanPolicy(models.Model):
    """The limit of a startup guarantee loan for one kind of applicant (an empty limit: none)."""

    ApplicantType = ApplicantType

    contest = models.ForeignKey(
        "contest.Contest", on_delete=models.CASCADE, related_name="loan_policies", verbose_name=_("contest")
    )
    applicant_type = models.CharField(_("applicant type"), max_length=20, choices=ApplicantType.choices)
    per_person_limit = models.DecimalField(
        _("limit per person (CNY)"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    total_limit = models.DecimalField(_("limit in total (CNY)"), max_digits=12, decimal_places=2, null=True, blank=True)

    class Meta:
        verbose_name = _("loan policy")
        verbose_name_plural = _("loan policies")
        ordering = ["contest", "applicant_type"]
        constraints = [
            models.UniqueConstraint(fields=["contest", "applicant_type"], name="awards_loan_policy_once_per_type"),
            models.CheckConstraint(
                condition=Q(applicant_type__in=ApplicantType.values), name="awards_loan_policy_type"
            ),
            models.CheckConstraint(
                condition=(Q(per_person_limit__isnull=True) | Q(per_person_limit__gt=0))
                & (Q(total_limit__isnull=True) | Q(total_limit__gt=0)),
                name="awards_loan_policy_limits_positive",
            ),
        ]

    def __str__(self):
        return self.get_applicant_type_display()


class LoanApplicationQuerySet(models.QuerySet):
    def for_user(self, user):
        """The user's own applications: anyone else's answers 404."""
        if not user.is_authenticated:
            return self.none()
        return self.filter(entrant__user=user)

    def for_list(self):
        return self.select_related("entrant", "entrant__user", "referred_to")


class LoanApplication(models.Model):
    """What an entrant asks for; organizers refer it to a bank partner, which decides."""

    ApplicantType = ApplicantType

    class Status(models.TextChoices):
        SUBMITTED = "submitted", _("Submitted")
        REFERRED = "referred", _("Referred to the bank")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    entrant = models.ForeignKey(
        "registration.Entrant", on_delete=models.CASCADE, related_name="loan_applications", verbose_name=_("entrant")
    )
    applicant_type = models.CharField(_("applicant type"), max_length=20, choices=ApplicantType.choices)
    partners_count = models.PositiveSmallIntegerField(_("number of people"), default=1)
    amount = models.DecimalField(_("amount sought (CNY)"), max_digits=12, decimal_places=2)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.SUBMITTED)
    referred_at = models.DateTimeField(_("referred at"), null=True, blank=True, editable=False)
    referred_to = models.ForeignKey(
        Partner,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="loan_referrals",
        verbose_name=_("referred to"),
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now, editable=False)

    objects = LoanApplicationQuerySet.as_manager()

    class Meta:
        verbose_name = _("loan application")
        verbose_name_plural = _("loan applications")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="awards_loan_amount_positive"),
            models.CheckConstraint(condition=Q(partners_count__gte=1), name="awards_loan_people_positive"),
            models.CheckConstraint(
                condition=Q(applicant_type__in=ApplicantType.values), name="awards_loan_application_type"
            ),
            # A referred application names its bank and when; no other one does.
            models.CheckConstraint(
                condition=(Q(status="referred") & Q(referred_to__isnull=False, referred_at__isnull=False))
                | (~Q(status="referred") & Q(referred_to__isnull=True)),
                name="awards_loan_referral_complete",
            ),
        ]

    def __str__(self):
        return f"{self.entrant} · {self.amount}"
