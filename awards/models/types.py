"""Award types: what can be won, how many of each, and what the certificate says."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class AwardType(models.Model):
    class Scope(models.TextChoices):
        OVERALL = "overall", _("Across tracks")
        PER_TRACK = "per_track", _("Per track")
        SINGLE = "single", _("Single award")
        POPULARITY = "popularity", _("Popularity")

    contest = models.ForeignKey(
        "contest.Contest", on_delete=models.CASCADE, related_name="award_types", verbose_name=_("contest")
    )
    name = models.CharField(_("name"), max_length=100)
    name_en = models.CharField(_("name (English)"), max_length=100, blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    scope = models.CharField(_("scope"), max_length=20, choices=Scope.choices)
    count = models.PositiveSmallIntegerField(_("how many"), default=1)
    prize_money = models.DecimalField(_("prize money (CNY)"), max_digits=12, decimal_places=2, null=True, blank=True)
    certificate_wording = models.TextField(_("certificate wording"), blank=True)
    certificate_wording_en = models.TextField(_("certificate wording (English)"), blank=True)

    class Meta:
        verbose_name = _("award type")
        verbose_name_plural = _("award types")
        ordering = ["contest", "order", "pk"]

    def __str__(self):
        return self.name
