import hashlib
import json
from datetime import UTC

from django.db import models
from django.utils.translation import gettext_lazy as _

from accounts.textlimits import length_checks, limited_text

GENESIS = "0" * 64


class AuditAction(models.TextChoices):
    SCORE_SAVED = "score_saved", _("Scores saved as draft")
    SCORE_SUBMITTED = "score_submitted", _("Scores submitted")
    SCORE_UNLOCKED = "score_unlocked", _("Submitted scores unlocked")
    CONFLICT_DECLARED = "conflict_declared", _("Conflict declared")
    ASSIGNED = "assigned", _("Judge assigned")
    UNASSIGNED = "unassigned", _("Judge removed")
    ADVANCEMENT = "advancement", _("Advancement decided")
    RESULTS_RELEASED = "results_released", _("Results released")
    # The awards follow from the final ranking and are recorded in the same chain, so one
    # command verifies everything from the first score to the last prize.
    AWARD_PROPOSED = "award_proposed", _("Award proposed")
    AWARD_CHANGED = "award_changed", _("Award changed by an organizer")
    AWARD_CONFIRMED = "award_confirmed", _("Award confirmed")
    AWARD_REVOKED = "award_revoked", _("Award revoked")
    AWARD_PUBLISHED = "award_published", _("Award published")


class AuditRecord(models.Model):
    """One entry of the judging log: append-only, each record hashed together with the one before.

    No foreign keys: a record must read the same forever, whatever happens to the rows it
    names, so it keeps plain ids and codes. Changing, removing or reordering any record
    breaks the chain from there on (`verify_audit_chain`).
    """

    Action = AuditAction

    seq = models.PositiveBigIntegerField(_("number"), unique=True)
    created_at = models.DateTimeField(_("time"))
    actor_id = models.BigIntegerField(_("account id"), null=True, blank=True)
    actor = models.CharField(_("by"), max_length=150, blank=True)
    action = models.CharField(_("action"), max_length=30, choices=AuditAction.choices)
    round_code = models.CharField(_("round"), max_length=12, blank=True, db_index=True)
    entry_code = models.CharField(_("entry"), max_length=12, blank=True, db_index=True)
    judge_id = models.BigIntegerField(_("judge id"), null=True, blank=True)
    before = models.JSONField(_("before"), null=True, blank=True)
    after = models.JSONField(_("after"), null=True, blank=True)
    reason = limited_text(_("reason"), 2000, blank=True)
    prev_hash = models.CharField(_("previous hash"), max_length=64)
    hash = models.CharField(_("hash"), max_length=64, unique=True)

    class Meta:
        constraints = length_checks("judging_auditrecord", reason=2000)
        verbose_name = _("judging log record")
        verbose_name_plural = _("judging log")
        ordering = ["seq"]

    def __str__(self):
        return f"#{self.seq} {self.get_action_display()}"

    def payload(self):
        """The fields the hash covers, in a form that reads back identically from the database."""
        return {
            "seq": self.seq,
            "created_at": self.created_at.astimezone(UTC).isoformat(timespec="microseconds"),
            "actor_id": self.actor_id,
            "actor": self.actor,
            "action": self.action,
            "round": self.round_code,
            "entry": self.entry_code,
            "judge": self.judge_id,
            "before": self.before,
            "after": self.after,
            "reason": self.reason,
            "prev": self.prev_hash,
        }

    def compute_hash(self):
        canonical = json.dumps(self.payload(), sort_keys=True, ensure_ascii=False, separators=(",", ":"))
        return hashlib.sha256(canonical.encode()).hexdigest()


class AuditHead(models.Model):
    """The newest record's number and hash: the row writers lock so that records chain in order."""

    seq = models.PositiveBigIntegerField(default=0)
    hash = models.CharField(max_length=64, default=GENESIS)

    class Meta:
        verbose_name = _("judging log head")
        verbose_name_plural = _("judging log head")

    def __str__(self):
        return f"#{self.seq} {self.hash[:12]}"
