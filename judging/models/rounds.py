from decimal import Decimal

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.fields import actor_field
from accounts.textlimits import length_checks, limited_text
from contest.models import Stage, Translated, generate_code

# The stages that are judging rounds, in the order entries go through them.
ROUND_KINDS = (Stage.Kind.PRELIMINARY, Stage.Kind.RESELECTION, Stage.Kind.FINAL)


def next_round_kind(kind):
    """The kind of the round entries go to after a round of `kind`; None after the final."""
    index = ROUND_KINDS.index(kind)
    return ROUND_KINDS[index + 1] if index + 1 < len(ROUND_KINDS) else None


class Aggregation(models.TextChoices):
    MEAN = "mean", _("Mean")
    TRIMMED_MEAN = "trimmed_mean", _("Trimmed mean (without the highest and lowest from 5 scores)")
    ZSCORE = "zscore", _("Normalised per judge (z-scores)")


class PeerScores(models.TextChoices):
    NEVER = "never", _("Never")
    AFTER_SUBMIT = "after_submit", _("After the judge has submitted their own")


class AdvancementRule(models.TextChoices):
    TOP_N = "top_n", _("The best N of each track")
    THRESHOLD = "threshold", _("Every entry at or above a score")
    NONE = "none", _("None: the last round (awards follow from its ranking)")


class Round(models.Model):
    """One judging round: its window is its stage; its settings freeze once scoring starts."""

    Aggregation = Aggregation
    PeerScores = PeerScores
    AdvancementRule = AdvancementRule

    code = models.CharField(_("code"), max_length=12, unique=True, default=generate_code, editable=False)
    stage = models.ForeignKey(
        "contest.Stage",
        on_delete=models.PROTECT,
        related_name="judging_rounds",
        limit_choices_to={"kind__in": ROUND_KINDS},
        verbose_name=_("stage"),
        help_text=_("The round is open for scoring while this stage is."),
    )
    track = models.ForeignKey(
        "contest.Track",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="judging_rounds",
        verbose_name=_("track"),
        help_text=_("Empty: the round judges entries of every track."),
    )
    judges_per_entry = models.PositiveSmallIntegerField(
        _("judges per entry"), default=3, validators=[MinValueValidator(1)]
    )
    max_load = models.PositiveSmallIntegerField(
        _("entries per judge at most"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1)],
        help_text=_("Empty: every judge gets a number of entries within one of the panel's average."),
    )
    blind = models.BooleanField(
        _("blind judging"),
        default=True,
        help_text=_("Judges see the entry code and the work, never the entrant's name, organisation, team or region."),
    )
    aggregation = models.CharField(
        _("aggregation"), max_length=20, choices=Aggregation.choices, default=Aggregation.MEAN
    )
    peer_scores = models.CharField(
        _("judges see each other's scores"), max_length=20, choices=PeerScores.choices, default=PeerScores.NEVER
    )
    advancement_rule = models.CharField(
        _("advancement rule"), max_length=20, choices=AdvancementRule.choices, default=AdvancementRule.TOP_N
    )
    advance_count = models.PositiveSmallIntegerField(
        _("entries advancing per track"), null=True, blank=True, validators=[MinValueValidator(1)]
    )
    advance_threshold = models.DecimalField(
        _("score needed to advance"),
        max_digits=6,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal(0)), MaxValueValidator(Decimal(100))],
        help_text=_("On the 0–100 scale of the weighted totals."),
    )
    disagreement_spread = models.DecimalField(
        _("disagreement flagged above"),
        max_digits=6,
        decimal_places=2,
        default=Decimal(20),
        validators=[MinValueValidator(Decimal(0)), MaxValueValidator(Decimal(100))],
        help_text=_("Entries whose highest and lowest total differ by more than this are flagged for discussion."),
    )
    panel = models.ManyToManyField("judging.JudgeProfile", blank=True, related_name="rounds", verbose_name=_("panel"))
    scoring_started_at = models.DateTimeField(_("scoring started at"), null=True, blank=True, editable=False)
    advanced_at = models.DateTimeField(_("advancement decided at"), null=True, blank=True, editable=False)
    advanced_by = actor_field(_("advancement decided by"), editable=False)
    results_released_at = models.DateTimeField(_("results released at"), null=True, blank=True, editable=False)
    released_by = actor_field(_("results released by"), editable=False)
    created_at = models.DateTimeField(_("created at"), default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("judging round")
        verbose_name_plural = _("judging rounds")
        ordering = ["stage__starts_at", "track__order", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["stage", "track"], name="round_one_per_stage_and_track"),
            models.UniqueConstraint(
                fields=["stage"], condition=Q(track__isnull=True), name="round_one_all_tracks_per_stage"
            ),
            models.CheckConstraint(condition=Q(judges_per_entry__gte=1), name="round_judges_per_entry_positive"),
            models.CheckConstraint(
                condition=Q(max_load__isnull=True) | Q(max_load__gte=1), name="round_max_load_positive"
            ),
            models.CheckConstraint(
                condition=(Q(advancement_rule="top_n") & Q(advance_count__isnull=False))
                | (Q(advancement_rule="threshold") & Q(advance_threshold__isnull=False))
                | Q(advancement_rule="none"),
                name="round_rule_has_its_figure",
            ),
            models.CheckConstraint(
                condition=Q(disagreement_spread__gte=0, disagreement_spread__lte=100),
                name="round_disagreement_spread_range",
            ),
            models.CheckConstraint(
                condition=Q(results_released_at__isnull=True) | Q(advanced_at__isnull=False),
                name="round_released_after_advancement",
            ),
        ]

    def __str__(self):
        if self.track_id:
            return f"{self.stage.get_kind_display()} · {self.track}"
        return str(self.stage.get_kind_display())

    @property
    def kind(self):
        return self.stage.kind

    @property
    def contest(self):
        return self.stage.contest

    @property
    def is_frozen(self):
        """Settings, criteria and panel are fixed from the first score on."""
        return self.scoring_started_at is not None

    def is_open(self, at=None):
        return self.stage.is_open(at or timezone.now())

    def has_closed(self, at=None):
        return self.stage.ends_at <= (at or timezone.now())

    def has_opened(self, at=None):
        return self.stage.starts_at <= (at or timezone.now())

    def covers(self, track):
        return self.track_id is None or self.track_id == track.pk


class Criterion(Translated, models.Model):
    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="criteria", verbose_name=_("round"))
    name = models.CharField(_("name"), max_length=100)
    name_en = models.CharField(_("name (English)"), max_length=100, blank=True)
    description = limited_text(_("description"), 5000, blank=True)
    description_en = limited_text(_("description (English)"), 5000, blank=True)
    weight = models.DecimalField(
        _("weight"),
        max_digits=5,
        decimal_places=2,
        validators=[MinValueValidator(Decimal(0)), MaxValueValidator(Decimal(100))],
        help_text=_("The weights of a round add up to 100; 0 makes the criterion information only."),
    )
    min_score = models.DecimalField(_("lowest score"), max_digits=6, decimal_places=2, default=Decimal(0))
    max_score = models.DecimalField(_("highest score"), max_digits=6, decimal_places=2, default=Decimal(10))
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    tie_break_rank = models.PositiveSmallIntegerField(
        _("tie-break order"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1)],
        help_text=_("Entries with equal aggregates are ordered by this criterion's mean: 1 first, then 2…"),
    )

    class Meta:
        verbose_name = _("criterion")
        verbose_name_plural = _("criteria")
        ordering = ["round", "order", "pk"]
        constraints = [
            *length_checks("judging_criterion", description=5000, description_en=5000),
            models.UniqueConstraint(fields=["round", "name"], name="criterion_name_unique_in_round"),
            models.UniqueConstraint(
                fields=["round", "tie_break_rank"],
                condition=Q(tie_break_rank__isnull=False),
                name="criterion_tie_break_rank_unique",
            ),
            models.CheckConstraint(condition=Q(weight__gte=0, weight__lte=100), name="criterion_weight_range"),
            models.CheckConstraint(condition=Q(max_score__gt=F("min_score")), name="criterion_range_not_empty"),
        ]

    def __str__(self):
        return self.tr("name")

    @property
    def is_info_only(self):
        return not self.weight


class RoundEntry(models.Model):
    """An entry taking part in a round, and once decided, whether it advances from it."""

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="round_entries", verbose_name=_("round"))
    # PROTECT: an entry that was judged keeps its record; entries leave by status, not deletion.
    entry = models.ForeignKey(
        "registration.Entry", on_delete=models.PROTECT, related_name="judging_rounds", verbose_name=_("entry")
    )
    added_at = models.DateTimeField(_("added at"), default=timezone.now, editable=False)
    aggregate = models.DecimalField(_("aggregate"), max_digits=8, decimal_places=3, null=True, blank=True)
    rank = models.PositiveIntegerField(_("rank"), null=True, blank=True)
    rule_advances = models.BooleanField(_("advances by the rule"), null=True, blank=True)
    advances = models.BooleanField(_("advances"), null=True, blank=True)
    decision_reason = limited_text(_("reason for departing from the rule"), 2000, blank=True)

    class Meta:
        verbose_name = _("entry in a round")
        verbose_name_plural = _("entries in rounds")
        ordering = ["round", "pk"]
        constraints = [
            *length_checks("judging_roundentry", decision_reason=2000),
            models.UniqueConstraint(fields=["round", "entry"], name="round_entry_unique"),
            # Overriding the rule needs a reason, in the table and not only in the form.
            models.CheckConstraint(
                condition=Q(advances__isnull=True)
                | Q(rule_advances__isnull=True)
                | Q(advances=F("rule_advances"))
                | ~Q(decision_reason=""),
                name="round_entry_override_has_reason",
            ),
        ]

    # What advancement writes back on the rows the ranking loads.
    _decision_fields = ("round", "entry", "aggregate", "rank", "rule_advances", "advances", "decision_reason")

    def __str__(self):
        return f"{self.round} · {self.entry.code}"
