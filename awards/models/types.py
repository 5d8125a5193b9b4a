from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from accounts.textlimits import length_checks, limited_text
from contest.models import Translated


class AwardScope(models.TextChoices):
    OVERALL = "overall", _("Across the tracks")
    PER_TRACK = "per_track", _("In each track")
    SINGLE = "single", _("Single award")
    POPULARITY = "popularity", _("Popularity (public vote)")


# Scopes whose places follow the ranking of the final round, in quota order.
RANKED_SCOPES = (AwardScope.OVERALL, AwardScope.PER_TRACK)


class AwardType(Translated, models.Model):
    """One kind of prize of an edition and its quota: data the organizers edit in the admin.

    `count` is the number of places in all (across the tracks, a single award) or in each
    track (per track); 0 on a single award means as many as the finalists left need.
    """

    Scope = AwardScope

    contest = models.ForeignKey(
        "contest.Contest", on_delete=models.CASCADE, related_name="award_types", verbose_name=_("contest")
    )
    name = models.CharField(_("name"), max_length=60)
    name_en = models.CharField(_("name (English)"), max_length=60, blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    scope = models.CharField(_("scope"), max_length=20, choices=AwardScope.choices)
    count = models.PositiveSmallIntegerField(
        _("how many"), default=1, help_text=_("In all, or in each track for a per-track award; 0: as many as needed.")
    )
    prize_money = models.DecimalField(_("prize money (CNY)"), max_digits=12, decimal_places=2, null=True, blank=True)
    show_prize_money = models.BooleanField(_("show the prize money on the winners page"), default=True)
    certificate_wording = limited_text(_("certificate wording"), 1000, blank=True)
    certificate_wording_en = limited_text(_("certificate wording (English)"), 1000, blank=True)

    class Meta:
        verbose_name = _("award type")
        verbose_name_plural = _("award types")
        ordering = ["contest", "order", "pk"]
        constraints = [
            *length_checks("awards_awardtype", certificate_wording=1000, certificate_wording_en=1000),
            models.UniqueConstraint(fields=["contest", "name"], name="award_type_name_unique"),
            models.CheckConstraint(condition=Q(scope__in=AwardScope.values), name="award_type_scope_valid"),
            models.CheckConstraint(
                condition=Q(prize_money__isnull=True) | Q(prize_money__gte=0), name="award_type_prize_not_negative"
            ),
            # Ranked awards have a fixed number of places; only single awards may say "as needed".
            models.CheckConstraint(
                condition=~Q(scope__in=RANKED_SCOPES) | Q(count__gte=1), name="award_type_ranked_count_positive"
            ),
        ]

    def __str__(self):
        return self.tr("name")

    @property
    def is_ranked(self):
        return self.scope in RANKED_SCOPES
