"""Awards: one place of one award type, given to one entry."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Award(models.Model):
    class Status(models.TextChoices):
        PROPOSED = "proposed", _("Proposed")
        CONFIRMED = "confirmed", _("Confirmed")
        REVOKED = "revoked", _("Revoked")

    contest = models.ForeignKey(
        "contest.Contest", on_delete=models.CASCADE, related_name="awards", verbose_name=_("contest")
    )
    award_type = models.ForeignKey(
        "awards.AwardType", on_delete=models.PROTECT, related_name="awards", verbose_name=_("award type")
    )
    track = models.ForeignKey(
        "contest.Track", on_delete=models.PROTECT, related_name="awards", null=True, blank=True, verbose_name=_("track")
    )
    entry = models.ForeignKey(
        "registration.Entry", on_delete=models.PROTECT, related_name="awards", verbose_name=_("entry")
    )
    place = models.PositiveSmallIntegerField(_("place"), default=1)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.PROPOSED)
    aggregate = models.DecimalField(_("aggregate"), max_digits=12, decimal_places=4, null=True, blank=True)
    reason = models.TextField(_("reason"), blank=True)
    confirmed_at = models.DateTimeField(_("confirmed at"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)
    revoke_reason = models.TextField(_("reason for revocation"), blank=True)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)

    class Meta:
        verbose_name = _("award")
        verbose_name_plural = _("awards")
        ordering = ["contest", "award_type__order", "track", "place", "pk"]

    def __str__(self):
        return f"{self.award_type} · {self.display_name}"

    @property
    def display_name(self):
        return self.entry.display_name
