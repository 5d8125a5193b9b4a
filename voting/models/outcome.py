"""What the vote leads to: penalties given to finalists and the confirmed popularity award."""

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .configuration import PENALTY_STEPS
from .votes import Decision


class Penalty(models.Model):
    """One step of the penalty ladder given to a finalist for brushing votes."""

    class Kind(models.TextChoices):
        WARNING = "warning", _("Warning")
        RESET = "reset", _("Votes reset")
        EXCLUDE = "exclude", _("Excluded from the popularity award")

    contest = models.ForeignKey(
        "contest.Contest", on_delete=models.CASCADE, related_name="vote_penalties", verbose_name=_("contest")
    )
    entry = models.ForeignKey(
        "registration.Entry", on_delete=models.PROTECT, related_name="vote_penalties", verbose_name=_("finalist")
    )
    step = models.PositiveSmallIntegerField(_("step"))
    kind = models.CharField(_("penalty"), max_length=10, choices=Kind.choices)
    decision = models.OneToOneField(
        Decision, on_delete=models.PROTECT, related_name="penalty", verbose_name=_("decision")
    )
    created_at = models.DateTimeField(_("given at"), default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("penalty")
        verbose_name_plural = _("penalties")
        ordering = ["entry", "step"]
        constraints = [
            models.UniqueConstraint(fields=["entry", "step"], name="vote_penalty_step_unique"),
            models.CheckConstraint(condition=Q(step__gte=1), name="vote_penalty_step_positive"),
            models.CheckConstraint(condition=Q(kind__in=PENALTY_STEPS), name="vote_penalty_kind_valid"),
        ]

    def __str__(self):
        return f"{self.entry} · {self.get_kind_display()}"


class PopularityResult(models.Model):
    """The popularity award as an organizer confirmed it: the top valid counts at that moment."""

    contest = models.OneToOneField(
        "contest.Contest", on_delete=models.PROTECT, related_name="popularity_result", verbose_name=_("contest")
    )
    award_size = models.PositiveSmallIntegerField(_("popularity awards"))
    decision = models.OneToOneField(
        Decision, on_delete=models.PROTECT, related_name="popularity_result", verbose_name=_("decision")
    )
    ranking = models.JSONField(_("full ranking"), default=list)
    confirmed_at = models.DateTimeField(_("confirmed at"), default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("popularity award result")
        verbose_name_plural = _("popularity award results")

    def __str__(self):
        return str(self.contest)


class PopularityWinner(models.Model):
    result = models.ForeignKey(PopularityResult, on_delete=models.CASCADE, related_name="winners")
    entry = models.ForeignKey(
        "registration.Entry", on_delete=models.PROTECT, related_name="+", verbose_name=_("finalist")
    )
    rank = models.PositiveSmallIntegerField(_("rank"))
    votes = models.PositiveIntegerField(_("valid votes"))

    class Meta:
        verbose_name = _("popularity award winner")
        verbose_name_plural = _("popularity award winners")
        ordering = ["result", "rank", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["result", "entry"], name="popularity_winner_once"),
            models.CheckConstraint(condition=Q(rank__gte=1), name="popularity_winner_rank_positive"),
        ]

    def __str__(self):
        return f"{self.rank}. {self.entry}"
