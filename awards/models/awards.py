from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class AwardStatus(models.TextChoices):
    PROPOSED = "proposed", _("Proposed")
    CONFIRMED = "confirmed", _("Confirmed")
    REVOKED = "revoked", _("Revoked")


class AwardQuerySet(models.QuerySet):
    def standing(self):
        """Awards not revoked: the ones that count."""
        return self.exclude(status=AwardStatus.REVOKED)

    def published(self):
        return self.filter(status=AwardStatus.CONFIRMED, published_at__isnull=False)

    def for_table(self):
        """With everything the organizer's table and the winners page show, in one query."""
        return self.select_related("award_type", "track", "moved_from", "entry__track").order_by(
            "award_type__order", "award_type__pk", "track__order", "track__pk", "place", "pk"
        )


class Award(models.Model):
    """One place of an award type (in a track for a per-track award) given to one entry.

    Proposed by the allocation (or by an organizer for single awards), confirmed as a whole,
    and after that changed only by revocation with a reason: a revoked row stays as history.
    `judged` separates the awards that follow the judging (ranked and single) from the
    popularity award of the public vote, which an entry may hold besides.
    """

    Status = AwardStatus

    contest = models.ForeignKey(
        "contest.Contest", on_delete=models.CASCADE, related_name="awards", verbose_name=_("contest")
    )
    award_type = models.ForeignKey(
        "awards.AwardType", on_delete=models.PROTECT, related_name="awards", verbose_name=_("award type")
    )
    track = models.ForeignKey(
        "contest.Track",
        on_delete=models.PROTECT,
        related_name="awards",
        null=True,
        blank=True,
        verbose_name=_("track"),
    )
    entry = models.ForeignKey(
        "registration.Entry", on_delete=models.PROTECT, related_name="awards", verbose_name=_("entry")
    )
    place = models.PositiveSmallIntegerField(_("place"), default=1)
    # A per-track place a short track could not fill, given by an organizer to another track's
    # entry: it still counts against the quota of the track it came from.
    moved_from = models.ForeignKey(
        "contest.Track",
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
        editable=False,
        verbose_name=_("place moved from track"),
    )
    status = models.CharField(_("status"), max_length=20, choices=AwardStatus.choices, default=AwardStatus.PROPOSED)
    judged = models.BooleanField(_("follows the judging"), default=True, editable=False)
    aggregate = models.DecimalField(_("aggregate"), max_digits=9, decimal_places=3, null=True, blank=True)
    tied = models.BooleanField(
        _("unresolved tie"),
        default=False,
        help_text=_("The ranking cannot separate this entry from another: an organizer picks, with a reason."),
    )
    reason = models.TextField(_("reason"), blank=True)
    created_at = models.DateTimeField(_("proposed at"), auto_now_add=True)
    confirmed_at = models.DateTimeField(_("confirmed at"), null=True, blank=True, editable=False)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True, editable=False)
    revoke_reason = models.TextField(_("reason for revocation"), blank=True)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True, editable=False)

    objects = AwardQuerySet.as_manager()

    class Meta:
        verbose_name = _("award")
        verbose_name_plural = _("awards")
        ordering = ["contest", "award_type__order", "track__order", "place", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(status__in=AwardStatus.values), name="award_status_valid"),
            models.CheckConstraint(condition=Q(place__gte=1), name="award_place_positive"),
            # One entry per place: the track is part of the place of a per-track award.
            models.UniqueConstraint(
                fields=["award_type", "track", "place"],
                condition=~Q(status=AwardStatus.REVOKED) & Q(track__isnull=False),
                name="award_place_once_per_track",
            ),
            models.UniqueConstraint(
                fields=["award_type", "place"],
                condition=~Q(status=AwardStatus.REVOKED) & Q(track__isnull=True),
                name="award_place_once",
            ),
            # An entry holds at most one award of the judging (ranked or single) at a time.
            models.UniqueConstraint(
                fields=["entry"],
                condition=~Q(status=AwardStatus.REVOKED) & Q(judged=True),
                name="award_one_judged_per_entry",
            ),
            models.UniqueConstraint(
                fields=["entry", "award_type"],
                condition=~Q(status=AwardStatus.REVOKED),
                name="award_type_once_per_entry",
            ),
            models.CheckConstraint(
                condition=Q(status=AwardStatus.PROPOSED) | Q(confirmed_at__isnull=False),
                name="award_confirmed_has_time",
            ),
            models.CheckConstraint(
                condition=(Q(status=AwardStatus.REVOKED) & Q(revoked_at__isnull=False) & ~Q(revoke_reason=""))
                | (~Q(status=AwardStatus.REVOKED) & Q(revoked_at__isnull=True)),
                name="award_revoked_has_reason",
            ),
            models.CheckConstraint(
                condition=Q(published_at__isnull=True) | ~Q(status=AwardStatus.PROPOSED),
                name="award_published_after_confirmation",
            ),
        ]

    def __str__(self):
        return f"{self.award_type} · {self.entry.display_name}"

    @property
    def display_name(self):
        return self.entry.display_name

    @property
    def is_published(self):
        return self.published_at is not None and self.status == AwardStatus.CONFIRMED
