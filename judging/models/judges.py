from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.fields import actor_field
from accounts.textlimits import length_checks, limited_text
from registration.validators import validate_credit_code


class JudgeProfile(models.Model):
    """A member of the review committee as the judging app knows them, in one edition."""

    contest = models.ForeignKey(
        "contest.Contest", on_delete=models.CASCADE, related_name="judge_profiles", verbose_name=_("contest")
    )
    # PROTECT: scores given by a judge must outlive any wish to delete the account.
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="judge_profiles", verbose_name=_("account")
    )
    committee_member = models.ForeignKey(
        "contest.CommitteeMember",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="judge_profiles",
        limit_choices_to={"committee": "review"},
        verbose_name=_("review committee member"),
        help_text=_("The entry of the published review committee list this judge is."),
    )
    name = models.CharField(_("name"), max_length=100)
    title = models.CharField(_("title"), max_length=100, blank=True)
    organisation = models.CharField(_("organisation"), max_length=200, blank=True)
    credit_code = models.CharField(
        _("organisation's unified social credit code"),
        max_length=18,
        blank=True,
        validators=[validate_credit_code],
        help_text=_("When known: entries of the same organisation are never given to this judge."),
    )
    tracks = models.ManyToManyField(
        "contest.Track",
        blank=True,
        related_name="judge_profiles",
        verbose_name=_("tracks"),
        help_text=_("Tracks this judge may judge; none selected means every track."),
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("judge")
        verbose_name_plural = _("judges")
        ordering = ["contest", "name", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["contest", "user"], name="judge_profile_one_per_account"),
            models.UniqueConstraint(
                fields=["contest", "committee_member"],
                condition=Q(committee_member__isnull=False),
                name="judge_profile_one_per_committee_member",
            ),
            models.CheckConstraint(condition=~Q(name=""), name="judge_profile_name_not_empty"),
        ]

    def __str__(self):
        return self.name


class Conflict(models.Model):
    """A conflict of interest a judge declared (or an organizer recorded for them)."""

    judge = models.ForeignKey(JudgeProfile, on_delete=models.CASCADE, related_name="conflicts", verbose_name=_("judge"))
    entry = models.ForeignKey(
        "registration.Entry",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("entry"),
    )
    entrant = models.ForeignKey(
        "registration.Entrant",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("entrant"),
    )
    organisation = models.CharField(_("organisation"), max_length=200, blank=True)
    credit_code = models.CharField(_("unified social credit code"), max_length=18, blank=True)
    reason = limited_text(_("reason"), 2000)
    declared_by = actor_field(_("declared by"))
    created_at = models.DateTimeField(_("declared at"), default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("declared conflict")
        verbose_name_plural = _("declared conflicts")
        ordering = ["judge", "-created_at"]
        constraints = [
            *length_checks("judging_conflict", reason=2000),
            models.CheckConstraint(
                condition=Q(entry__isnull=False) | Q(entrant__isnull=False) | ~Q(organisation="") | ~Q(credit_code=""),
                name="conflict_names_something",
            ),
            models.CheckConstraint(condition=~Q(reason=""), name="conflict_has_reason"),
        ]

    def __str__(self):
        target = self.entry or self.entrant or self.organisation or self.credit_code
        return f"{self.judge} ↔ {target}"
