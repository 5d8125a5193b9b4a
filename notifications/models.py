import uuid

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.phone import mask_phone


def new_out_id():
    return uuid.uuid4().hex


class SmsPurpose(models.TextChoices):
    VERIFICATION_CODE = "verification_code", _("Verification code")
    REGISTRATION_CONFIRMATION = "registration_confirmation", _("Registration confirmation")
    # Both outcomes of a round: advanced and not advanced.
    ADVANCEMENT = "advancement", _("Round result")
    AWARD = "award", _("Award")
    VOTE_CODE = "vote_code", _("Voting code")
    NOTICE = "notice", _("Notice from the organizers")


class SmsStatus(models.TextChoices):
    QUEUED = "queued", _("Queued")
    SENDING = "sending", _("Sending")
    SENT = "sent", _("Sent")
    FAILED = "failed", _("Failed")


class SmsMessage(models.Model):
    """One SMS, written before it is sent: the outbox row is the record of the message.

    `out_id` is sent to the provider with the message (Aliyun `OutId`, Tencent
    `SessionContext`) so that a message whose fate is unknown can be looked up later
    instead of being sent again. The life cycle and its guarantee are described in
    `notifications.services`.
    """

    Purpose = SmsPurpose
    Status = SmsStatus

    out_id = models.CharField(_("out-id"), max_length=32, unique=True, default=new_out_id, editable=False)
    phone = models.CharField(_("phone"), max_length=20)
    purpose = models.CharField(_("purpose"), max_length=32, choices=Purpose.choices)
    template = models.CharField(_("template"), max_length=64)
    params = models.JSONField(_("parameters"), default=dict, blank=True)
    idempotency_key = models.CharField(_("idempotency key"), max_length=128, unique=True, null=True, blank=True)
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.QUEUED)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    in_doubt = models.BooleanField(
        _("in doubt"),
        default=False,
        help_text=_("An earlier attempt may have reached the provider: it is asked by out-id before sending again."),
    )
    backend = models.CharField(_("backend"), max_length=16, blank=True)
    provider_message_id = models.CharField(_("provider message id"), max_length=64, blank=True)
    last_error = models.TextField(_("last error"), blank=True)
    resent_from = models.ForeignKey(
        "self",
        verbose_name=_("resent from"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="resends",
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now, editable=False)
    updated_at = models.DateTimeField(_("updated at"), default=timezone.now)
    next_attempt_at = models.DateTimeField(_("next attempt at"), default=timezone.now)
    claimed_at = models.DateTimeField(_("claimed at"), null=True, blank=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)

    class Meta:
        verbose_name = _("SMS message")
        verbose_name_plural = _("SMS messages")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["status", "next_attempt_at"], name="sms_status_due")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(status__in=SmsStatus.values),
                name="sms_status_valid",
            ),
            models.CheckConstraint(
                condition=models.Q(purpose__in=SmsPurpose.values),
                name="sms_purpose_valid",
            ),
            # A sent row says when; a row that never left the outbox has no send time.
            models.CheckConstraint(
                condition=models.Q(status="sent", sent_at__isnull=False) | ~models.Q(status="sent"),
                name="sms_sent_has_sent_at",
            ),
            # Only a claimed row can be sending: recovery measures its age from claimed_at.
            models.CheckConstraint(
                condition=~models.Q(status="sending") | models.Q(claimed_at__isnull=False),
                name="sms_sending_has_claimed_at",
            ),
            models.CheckConstraint(condition=~models.Q(phone=""), name="sms_phone_not_empty"),
        ]

    def __str__(self):
        return f"{self.get_purpose_display()} → {self.masked_phone} ({self.get_status_display()})"

    @property
    def masked_phone(self):
        return mask_phone(self.phone)
