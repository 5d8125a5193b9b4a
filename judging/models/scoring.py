import os

from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.fields import actor_field
from accounts.textlimits import length_checks, limited_text

# The alphabet of contest.models.generate_code (no 0/O, 1/I): 32 symbols, 5 bits each.
_CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"


def sheet_code():
    """An 8-character code like the contest's, from one call to the system's random source.

    An assignment run writes tens of thousands of rows at once; drawing each character
    separately cost more than the assignment itself.
    """
    bits = int.from_bytes(os.urandom(5), "big")
    return "".join(_CODE_ALPHABET[(bits >> shift) & 31] for shift in range(0, 40, 5))


class AssignmentStatus(models.TextChoices):
    PENDING = "pending", _("Not scored yet")
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")


class AssignmentSource(models.TextChoices):
    AUTOMATIC = "automatic", _("Automatic")
    MANUAL = "manual", _("By hand")


class Assignment(models.Model):
    """A judge's task to score one entry in one round, and the score sheet that results."""

    Status = AssignmentStatus
    Source = AssignmentSource

    code = models.CharField(_("code"), max_length=12, unique=True, default=sheet_code, editable=False)
    round = models.ForeignKey(
        "judging.Round", on_delete=models.CASCADE, related_name="assignments", verbose_name=_("round")
    )
    entry = models.ForeignKey(
        "registration.Entry", on_delete=models.PROTECT, related_name="judge_assignments", verbose_name=_("entry")
    )
    judge = models.ForeignKey(
        "judging.JudgeProfile", on_delete=models.PROTECT, related_name="assignments", verbose_name=_("judge")
    )
    source = models.CharField(_("source"), max_length=20, choices=AssignmentSource.choices)
    status = models.CharField(
        _("status"), max_length=20, choices=AssignmentStatus.choices, default=AssignmentStatus.PENDING
    )
    comment = limited_text(_("overall comment"), 5000, blank=True)
    total = models.DecimalField(_("weighted total"), max_digits=7, decimal_places=3, null=True, blank=True)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    updated_at = models.DateTimeField(_("updated at"), null=True, blank=True)
    # Set when the judge (or an organizer for them) declares a conflict: the entry leaves the
    # judge's pages and the round needs another judge for it.
    recused_at = models.DateTimeField(_("recused at"), null=True, blank=True)
    recusal_reason = limited_text(_("reason for recusal"), 2000, blank=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now, editable=False)
    created_by = actor_field(_("assigned by"))

    class Meta:
        verbose_name = _("assignment")
        verbose_name_plural = _("assignments")
        ordering = ["round", "entry", "judge"]
        indexes = [
            models.Index(fields=["round", "judge"], name="assignment_round_judge"),
            models.Index(fields=["judge", "status"], name="assignment_judge_status"),
        ]
        constraints = [
            *length_checks("judging_assignment", comment=5000, recusal_reason=2000),
            models.UniqueConstraint(fields=["round", "entry", "judge"], name="assignment_unique"),
            models.CheckConstraint(condition=Q(status__in=AssignmentStatus.values), name="assignment_status_valid"),
            models.CheckConstraint(condition=Q(source__in=AssignmentSource.values), name="assignment_source_valid"),
            # A submitted sheet has its total and time; no other sheet has a total.
            models.CheckConstraint(
                condition=(Q(status="submitted") & Q(total__isnull=False) & Q(submitted_at__isnull=False))
                | (~Q(status="submitted") & Q(total__isnull=True)),
                name="assignment_submitted_has_total",
            ),
            models.CheckConstraint(
                condition=Q(total__isnull=True) | Q(total__gte=0, total__lte=100), name="assignment_total_range"
            ),
            models.CheckConstraint(
                condition=Q(recused_at__isnull=True) | ~Q(recusal_reason=""), name="assignment_recusal_has_reason"
            ),
        ]

    def __str__(self):
        return f"{self.round} · {self.entry.code} · {self.judge}"

    @property
    def is_active(self):
        return self.recused_at is None


class Score(models.Model):
    """One criterion's score on one sheet; the range is copied from the criterion so the database can check it."""

    assignment = models.ForeignKey(Assignment, on_delete=models.CASCADE, related_name="scores", verbose_name=_("sheet"))
    criterion = models.ForeignKey(
        "judging.Criterion", on_delete=models.PROTECT, related_name="scores", verbose_name=_("criterion")
    )
    value = models.DecimalField(_("score"), max_digits=6, decimal_places=2, null=True, blank=True)
    comment = limited_text(_("comment"), 2000, blank=True)
    min_score = models.DecimalField(_("lowest score"), max_digits=6, decimal_places=2)
    max_score = models.DecimalField(_("highest score"), max_digits=6, decimal_places=2)

    class Meta:
        verbose_name = _("score")
        verbose_name_plural = _("scores")
        ordering = ["assignment", "criterion__order", "criterion"]
        constraints = [
            *length_checks("judging_score", comment=2000),
            models.UniqueConstraint(fields=["assignment", "criterion"], name="score_one_per_criterion"),
            models.CheckConstraint(
                condition=Q(value__isnull=True) | (Q(value__gte=F("min_score")) & Q(value__lte=F("max_score"))),
                name="score_within_range",
            ),
            models.CheckConstraint(condition=Q(max_score__gt=F("min_score")), name="score_range_not_empty"),
        ]

    def __str__(self):
        return f"{self.criterion}: {self.value}"
