"""Tables of the public vote: settings per edition, API clients, votes, flag clusters, decisions,
penalties and the confirmed popularity award.

Votes are append-only: a row is never deleted, and only the services change its status
(valid ↔ flagged ↔ invalid), each change recorded by a `Decision` or by the fraud sweep.
Voting reads registration's entries and never writes registration or judging tables.
"""

import hashlib
import secrets

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

# The database bound of the daily votes of one phone; the contest's own limit (lower or
# equal) is copied onto each vote, where a check constraint can hold it (see Vote.day_limit).
DAILY_VOTES_CEILING = 20

PENALTY_STEPS = ("warning", "reset", "exclude")


def validate_penalty_ladder(value):
    steps = [step.strip() for step in value.split(",") if step.strip()]
    if not steps or any(step not in PENALTY_STEPS for step in steps):
        raise ValidationError(
            _("List the steps separated by commas, each one of: warning, reset, exclude."), code="ladder"
        )


class Visibility(models.TextChoices):
    LIVE = "live", _("Live counts")
    RANKING = "ranking", _("Ranking only, no counts")
    HIDDEN = "hidden", _("Hidden until published")


class VoteSettings(models.Model):
    """Limits, visibility, fraud thresholds and penalties of one edition's public vote, edited in the admin."""

    Visibility = Visibility

    contest = models.OneToOneField(
        "contest.Contest", on_delete=models.CASCADE, related_name="vote_settings", verbose_name=_("contest")
    )
    votes_per_phone_per_day = models.PositiveSmallIntegerField(
        _("votes per phone per day"),
        default=3,
        validators=[MinValueValidator(1), MaxValueValidator(DAILY_VOTES_CEILING)],
        help_text=_(
            "Votes one verified phone may cast per day, all finalists together. "
            "A phone can vote for the same finalist once a day; the day turns at midnight, Beijing time."
        ),
    )
    award_size = models.PositiveSmallIntegerField(
        _("popularity awards"),
        default=3,
        validators=[MinValueValidator(1)],
        help_text=_("The finalists with the most valid votes who receive the popularity award (ties share a place)."),
    )
    counts_visibility = models.CharField(
        _("what the public sees"),
        max_length=10,
        choices=Visibility.choices,
        default=Visibility.HIDDEN,
        help_text=_("Before the organizers publish the counts. Large vote platforms advise hiding them."),
    )
    counts_published_at = models.DateTimeField(
        _("counts published at"),
        null=True,
        blank=True,
        help_text=_("From this instant everyone sees the counts; set by the publish button on the voting page."),
    )
    ip_captcha_after = models.PositiveIntegerField(
        _("votes per address per hour before a captcha"),
        default=30,
        validators=[MinValueValidator(1)],
        help_text=_("Past this many votes within an hour from one address, every further vote needs a captcha."),
    )
    ip_refuse_after = models.PositiveIntegerField(
        _("votes per address per hour before refusal"),
        default=600,
        validators=[MinValueValidator(1)],
        help_text=_(
            "Past this many, votes from the address are refused until the hour is over. Keep it high: "
            "a school or a company puts thousands of people behind one address."
        ),
    )
    burst_window_minutes = models.PositiveSmallIntegerField(
        _("burst window (minutes)"), default=10, validators=[MinValueValidator(1), MaxValueValidator(120)]
    )
    burst_ip_votes = models.PositiveIntegerField(
        _("votes from one address within the window that count as a burst"),
        default=60,
        validators=[MinValueValidator(2)],
    )
    burst_network_votes = models.PositiveIntegerField(
        _("votes from one /24 network within the window that count as a burst"),
        default=200,
        validators=[MinValueValidator(2)],
    )
    device_max_phones = models.PositiveSmallIntegerField(
        _("phones per device per day"),
        default=5,
        validators=[MinValueValidator(1)],
        help_text=_(
            "Votes from a device (browser cookie or app device id) that used more phones in a day are flagged."
        ),
    )
    sequential_min_phones = models.PositiveSmallIntegerField(
        _("consecutive numbers that count as a run"),
        default=4,
        validators=[MinValueValidator(2), MaxValueValidator(10)],
        help_text=_(
            "Votes are flagged when this many numbers of one block of ten consecutive numbers vote on one day."
        ),
    )
    night_starts_hour = models.PositiveSmallIntegerField(
        _("unusual hours start at"), default=1, validators=[MaxValueValidator(23)]
    )
    night_ends_hour = models.PositiveSmallIntegerField(
        _("unusual hours end at"), default=6, validators=[MaxValueValidator(23)]
    )
    night_min_votes = models.PositiveIntegerField(
        _("votes for one finalist in an unusual hour that count as a burst"),
        default=30,
        validators=[MinValueValidator(1)],
        help_text=_("Also more than five times the finalist's average hourly votes during the day."),
    )
    jump_min_votes = models.PositiveIntegerField(
        _("votes for one finalist within an hour before its share is compared"),
        default=100,
        validators=[MinValueValidator(1)],
    )
    jump_factor = models.PositiveSmallIntegerField(
        _("share jump factor"),
        default=3,
        validators=[MinValueValidator(2)],
        help_text=_(
            "An hour's votes for a finalist are flagged when its share of that hour is this many times "
            "its share of the 24 hours before."
        ),
    )
    penalty_ladder = models.CharField(
        _("penalty ladder"),
        max_length=100,
        default="warning,reset,exclude",
        validators=[validate_penalty_ladder],
        help_text=_(
            "The penalties a finalist receives one after another for brushing votes: "
            "warning, reset (its votes become invalid), exclude (from the popularity award)."
        ),
    )

    class Meta:
        verbose_name = _("vote settings")
        verbose_name_plural = _("vote settings")
        constraints = [
            models.CheckConstraint(
                condition=Q(votes_per_phone_per_day__gte=1, votes_per_phone_per_day__lte=DAILY_VOTES_CEILING),
                name="vote_settings_daily_limit_range",
            ),
            models.CheckConstraint(
                condition=Q(ip_refuse_after__gt=F("ip_captcha_after")),
                name="vote_settings_refuse_after_captcha",
                violation_error_message=_("Votes are refused only past the number that asks for a captcha."),
            ),
            models.CheckConstraint(
                condition=Q(counts_visibility__in=Visibility.values), name="vote_settings_visibility_valid"
            ),
        ]

    def __str__(self):
        return str(self.contest)

    @classmethod
    def for_contest(cls, contest):
        """The contest's settings, created with the defaults the first time they are asked for."""
        return cls.objects.get_or_create(contest=contest)[0]

    @property
    def ladder(self):
        return [step.strip() for step in self.penalty_ladder.split(",") if step.strip()]

    def is_night(self, hour):
        start, end = self.night_starts_hour, self.night_ends_hour
        return start <= hour < end if start <= end else hour >= start or hour < end

    def counts_are_public(self, at=None):
        published = self.counts_published_at
        return published is not None and published <= (at or timezone.now())


def _token_hash(token):
    return hashlib.sha256(token.encode()).hexdigest()


class ApiClient(models.Model):
    """Another channel (the government app, a mini program) calling the JSON API with a bearer token."""

    name = models.CharField(_("name"), max_length=100)
    token_hash = models.CharField(_("token hash"), max_length=64, unique=True, editable=False)
    token_prefix = models.CharField(
        _("token starts with"), max_length=8, editable=False, help_text=_("Tells tokens apart; the rest is not stored.")
    )
    is_active = models.BooleanField(_("active"), default=True)
    requests_per_minute = models.PositiveIntegerField(
        _("requests per minute"), default=6000, validators=[MinValueValidator(1)]
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("API client")
        verbose_name_plural = _("API clients")
        ordering = ["name", "pk"]

    def __str__(self):
        return self.name

    def set_new_token(self):
        """Give the client a fresh token and return it: it is shown once and only its hash is kept."""
        token = secrets.token_urlsafe(32)
        self.token_hash = _token_hash(token)
        self.token_prefix = token[:8]
        return token

    @staticmethod
    def hash_token(token):
        return _token_hash(token)


class VoteStatus(models.TextChoices):
    VALID = "valid", _("Valid")
    FLAGGED = "flagged", _("Flagged, waiting for review")
    INVALID = "invalid", _("Invalid")


class Channel(models.TextChoices):
    WEB = "web", _("Website")
    API = "api", _("API")


class FraudRule(models.TextChoices):
    IP_BURST = "ip_burst", _("Burst from one address")
    NETWORK_BURST = "network_burst", _("Burst from one /24 network")
    DEVICE_PHONES = "device_phones", _("Many phones on one device")
    SEQUENTIAL = "sequential", _("Run of consecutive numbers")
    SHARE_JUMP = "share_jump", _("Share far above its trend")
    NIGHT_BURST = "night_burst", _("Burst at unusual hours")


class FlagCluster(models.Model):
    """Votes one fraud rule flagged for one subject (an address, a device, a block of numbers…) on one day."""

    class Status(models.TextChoices):
        OPEN = "open", _("Waiting for review")
        INVALIDATED = "invalidated", _("Invalidated")
        RESTORED = "restored", _("Restored")

    contest = models.ForeignKey(
        "contest.Contest", on_delete=models.CASCADE, related_name="vote_clusters", verbose_name=_("contest")
    )
    rule = models.CharField(_("rule"), max_length=20, choices=FraudRule.choices)
    # What the rule grouped by: an address, a network, a device id, a keyed hash of a number
    # block, or a finalist's code and hour. Never a phone number.
    key = models.CharField(_("subject"), max_length=120)
    day = models.DateField(_("day"))
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.OPEN)
    created_at = models.DateTimeField(_("found at"), default=timezone.now, editable=False)
    updated_at = models.DateTimeField(_("updated at"), default=timezone.now)

    class Meta:
        verbose_name = _("flagged cluster")
        verbose_name_plural = _("flagged clusters")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["contest", "rule", "key", "day"], name="vote_cluster_unique_subject"),
            models.CheckConstraint(condition=Q(rule__in=FraudRule.values), name="vote_cluster_rule_valid"),
            models.CheckConstraint(
                condition=Q(status__in=["open", "invalidated", "restored"]), name="vote_cluster_status_valid"
            ),
        ]

    def __str__(self):
        return f"{self.get_rule_display()} · {self.key} · {self.day}"


class Decision(models.Model):
    """One organizer decision about votes or a finalist, kept for the audit: never changed, never deleted."""

    class Action(models.TextChoices):
        INVALIDATE_CLUSTER = "invalidate_cluster", _("Cluster invalidated")
        RESTORE_CLUSTER = "restore_cluster", _("Cluster restored")
        PENALTY = "penalty", _("Penalty")
        PUBLISH_COUNTS = "publish_counts", _("Counts published")
        CONFIRM_AWARD = "confirm_award", _("Popularity award confirmed")

    contest = models.ForeignKey(
        "contest.Contest", on_delete=models.CASCADE, related_name="vote_decisions", verbose_name=_("contest")
    )
    action = models.CharField(_("action"), max_length=20, choices=Action.choices)
    cluster = models.ForeignKey(
        FlagCluster,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="decisions",
        verbose_name=_("cluster"),
    )
    entry = models.ForeignKey(
        "registration.Entry",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("finalist"),
    )
    reason = models.TextField(_("reason"))
    votes_changed = models.PositiveIntegerField(_("votes changed"), default=0)
    details = models.JSONField(_("details"), default=dict, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("decided by"),
    )
    created_at = models.DateTimeField(_("decided at"), default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("vote decision")
        verbose_name_plural = _("vote decisions")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(
                    action__in=["invalidate_cluster", "restore_cluster", "penalty", "publish_counts", "confirm_award"]
                ),
                name="vote_decision_action_valid",
            ),
            models.CheckConstraint(condition=~Q(reason=""), name="vote_decision_has_reason"),
        ]

    def __str__(self):
        return f"{self.get_action_display()} · {timezone.localtime(self.created_at):%Y-%m-%d %H:%M}"


class Vote(models.Model):
    """One vote as it arrived, the source of truth of every count.

    Holds no phone number: `phone_hash` is a keyed HMAC of the number and `prefix_hash` one of
    its first ten digits (runs of consecutive numbers share it). Two constraints make the
    limits hold whatever the race: one vote per finalist per phone per day, and numbered
    daily slots 1…`day_limit` per phone, where `day_limit` is the contest's limit when the
    vote was cast (a check constraint cannot read the settings table).
    """

    Status = VoteStatus
    Channel = Channel

    # Every vote pays for every index at its INSERT: these foreign keys get none of their own
    # (the constraints cover the entry; nobody searches votes by contest, client or decision).
    contest = models.ForeignKey(
        "contest.Contest", on_delete=models.PROTECT, related_name="+", verbose_name=_("contest"), db_index=False
    )
    entry = models.ForeignKey(
        "registration.Entry",
        on_delete=models.PROTECT,
        related_name="votes",
        verbose_name=_("finalist"),
        db_index=False,
    )
    phone_hash = models.CharField(_("phone (keyed hash)"), max_length=32)
    prefix_hash = models.CharField(_("number block (keyed hash)"), max_length=32)
    day = models.DateField(_("day"))
    # Computed by the INSERT itself (voting.services.votes): the phone's last slot of the day + 1.
    slot = models.PositiveSmallIntegerField(_("vote of the day"))
    day_limit = models.PositiveSmallIntegerField(_("daily limit in force"))
    ip = models.GenericIPAddressField(_("address"))
    network = models.CharField(_("network"), max_length=50)
    device_id = models.CharField(_("device"), max_length=64, blank=True)
    ua_hash = models.CharField(_("browser (hash)"), max_length=16, blank=True)
    channel = models.CharField(_("channel"), max_length=8, choices=Channel.choices, default=Channel.WEB)
    api_client = models.ForeignKey(
        ApiClient,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("API client"),
        db_index=False,
    )
    created_at = models.DateTimeField(_("cast at"), default=timezone.now)
    status = models.CharField(_("status"), max_length=8, choices=VoteStatus.choices, default=VoteStatus.VALID)
    reason = models.CharField(_("reason"), max_length=200, blank=True)
    cluster = models.ForeignKey(
        FlagCluster,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="votes",
        verbose_name=_("cluster"),
        db_index=False,  # a partial index below: most votes belong to no cluster
    )
    decision = models.ForeignKey(
        Decision,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="votes",
        verbose_name=_("last decision"),
        db_index=False,
        help_text=_("The organizer decision that last set the status; reviewed votes are left alone by the sweep."),
    )

    class Meta:
        verbose_name = _("vote")
        verbose_name_plural = _("votes")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["entry", "phone_hash", "day"], name="vote_once_per_finalist_per_day"),
            # Led by the phone: the INSERT's lookup of the phone's last slot must find this index
            # and no other, even with the planner's statistics of a table that grew a minute ago.
            models.UniqueConstraint(fields=["phone_hash", "day", "contest", "slot"], name="vote_daily_slot_unique"),
            models.CheckConstraint(
                condition=Q(slot__gte=1, slot__lte=F("day_limit"), day_limit__lte=DAILY_VOTES_CEILING),
                name="vote_slot_within_daily_limit",
            ),
            models.CheckConstraint(condition=Q(status__in=VoteStatus.values), name="vote_status_valid"),
            models.CheckConstraint(condition=Q(channel__in=Channel.values), name="vote_channel_valid"),
            # A vote waiting for review belongs to the cluster the organizer reviews it in.
            models.CheckConstraint(
                condition=~Q(status="flagged") | Q(cluster__isnull=False), name="vote_flagged_has_cluster"
            ),
        ]
        # No index leads with the contest (see the slot constraint). Valid counts live in Redis
        # and are rebuilt by a full scan; only the few flagged and invalid votes are indexed.
        indexes = [
            models.Index(fields=["created_at"], name="vote_time"),
            models.Index(fields=["entry", "status"], condition=~Q(status="valid"), name="vote_not_valid"),
            models.Index(fields=["cluster"], condition=Q(cluster__isnull=False), name="vote_in_cluster"),
        ]

    def __str__(self):
        return f"{self.entry_id} · {self.day} · {self.get_status_display()}"


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
