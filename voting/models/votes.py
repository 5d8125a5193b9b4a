"""Votes, the clusters the fraud rules put them in, and the organizers' decisions about them."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .configuration import DAILY_VOTES_CEILING, ApiClient


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
    SUPPORT_SHAPE = "support_shape", _("Support shaped like a paid gang")


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
    # The figures that explain the flags to the organizer, as the last sweep measured them
    # (voting.support_shape.Gang.evidence); empty for the rules whose subject says it all.
    details = models.JSONField(_("evidence"), default=dict, blank=True)

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
    # Seconds from the last page with a vote button this device loaded to the vote; empty when
    # it loaded none (a script posting the form) and for the API, whose apps have no page.
    page_seconds = models.PositiveIntegerField(_("seconds from page to vote"), null=True, blank=True)
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
