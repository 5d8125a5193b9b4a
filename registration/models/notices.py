from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.fields import actor_field


class Notice(models.Model):
    """An SMS notice an organizer sent to an audience of entrants: one row per decision to send.

    `token` comes from the confirmation form, so a form sent twice (a double click, a reload)
    finds this row instead of sending again; each message's outbox key is derived from it.
    """

    contest = models.ForeignKey(
        "contest.Contest", on_delete=models.CASCADE, related_name="notices", verbose_name=_("contest")
    )
    token = models.UUIDField(_("token"), unique=True, editable=False)
    template = models.CharField(_("message"), max_length=64)
    params = models.JSONField(_("parameters"), default=dict)
    audience = models.CharField(_("audience"), max_length=64)
    audience_label = models.CharField(_("audience"), max_length=200)
    recipients = models.PositiveIntegerField(_("recipients"))
    sent_by = actor_field(_("sent by"), blank=False)
    created_at = models.DateTimeField(_("sent at"), default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("notice")
        verbose_name_plural = _("notices")
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return f"{self.audience_label} · {self.created_at:%Y-%m-%d %H:%M}"
