"""Certificates: the organizer's template per contest, and one PDF per award (or per team member).

A certificate is found by its code, printed on it with a QR code of the public check page: the
code is the only thing that page needs, so it must not be guessable — 24 characters of
Crockford's base32 (no I, L, O or U to misread) from `secrets`, 120 bits.
"""

import secrets
import uuid

from django.db import models
from django.db.models import Count, Q
from django.utils.translation import gettext_lazy as _

from accounts.textlimits import length_checks, limited_text

from .awards import Award

CODE_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
CODE_LENGTH = 24


def new_certificate_code():
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def template_image_path(instance, filename):
    extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else "png"
    return f"awards/templates/{uuid.uuid4().hex}.{extension}"


def certificate_path(instance, filename):
    return f"awards/certificates/{uuid.uuid4().hex}.pdf"


class CertificateTemplate(models.Model):
    """What the organizer adjusts in the admin: the look and wording of every certificate."""

    contest = models.OneToOneField(
        "contest.Contest",
        on_delete=models.CASCADE,
        related_name="certificate_template",
        verbose_name=_("contest"),
    )
    background = models.ImageField(
        _("background image"), upload_to=template_image_path, null=True, blank=True, help_text=_("A4 landscape.")
    )
    seal = models.ImageField(
        _("seal"), upload_to=template_image_path, null=True, blank=True, help_text=_("A PNG with transparency.")
    )
    issuers = limited_text(_("issuing organisations"), 1000, blank=True, help_text=_("One per line."))
    issued_on = models.DateField(_("date of issue"), null=True, blank=True, help_text=_("Empty: the day of rendering."))
    wording_zh = limited_text(_("wording (Chinese)"), 1000, blank=True)
    wording_en = limited_text(_("wording (English)"), 1000, blank=True)
    show_english = models.BooleanField(_("show the English wording"), default=False)
    per_member = models.BooleanField(
        _("one certificate per team member"),
        default=False,
        help_text=_("Otherwise one certificate per award, naming the team members."),
    )

    class Meta:
        constraints = length_checks("awards_certificatetemplate", issuers=1000, wording_zh=1000, wording_en=1000)
        verbose_name = _("certificate template")
        verbose_name_plural = _("certificate templates")

    def __str__(self):
        return str(self.contest)

    @property
    def issuer_lines(self):
        return [line.strip() for line in self.issuers.splitlines() if line.strip()]


class CertificateQuerySet(models.QuerySet):
    def for_contest(self, contest):
        return self.filter(award__contest=contest)

    def owned_by(self, user):
        """Certificates of the awards of the user's own entries."""
        if not user.is_authenticated:
            return self.none()
        return self.filter(award__entry__entrant__user=user)

    def ready(self):
        return self.filter(status=Certificate.Status.READY).exclude(file="")

    def valid(self):
        return self.exclude(award__status=Award.Status.REVOKED)

    def for_display(self):
        return self.select_related("award__award_type", "award__contest", "award__entry")

    def status_counts(self):
        """{status: count} over every status, zeros included."""
        counts = dict.fromkeys(Certificate.Status.values, 0)
        counts.update(dict(self.values_list("status").annotate(n=Count("pk")).values_list("status", "n")))
        return counts


class Certificate(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting to be rendered")
        RENDERING = "rendering", _("Being rendered")
        READY = "ready", _("Ready")
        FAILED = "failed", _("Failed")

    award = models.ForeignKey(
        "awards.Award", on_delete=models.CASCADE, related_name="certificates", verbose_name=_("award")
    )
    member = models.ForeignKey(
        "registration.TeamMember",
        on_delete=models.SET_NULL,
        related_name="certificates",
        null=True,
        blank=True,
        verbose_name=_("team member"),
    )
    holder_name = models.CharField(_("holder"), max_length=200)
    # The team's members named on a certificate of the whole team, as they were when issued.
    member_names = models.TextField(_("team members"), blank=True)
    code = models.CharField(_("verification code"), max_length=32, unique=True, default=new_certificate_code)
    file = models.FileField(_("PDF"), upload_to=certificate_path, max_length=255, null=True, blank=True)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.PENDING)
    attempts = models.PositiveSmallIntegerField(_("render attempts"), default=0)
    last_error = models.TextField(_("last error"), blank=True)
    issued_on = models.DateField(_("date of issue"), null=True, blank=True)
    rendered_at = models.DateTimeField(_("rendered at"), null=True, blank=True)

    objects = CertificateQuerySet.as_manager()

    class Meta:
        verbose_name = _("certificate")
        verbose_name_plural = _("certificates")
        ordering = ["award", "member__position", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["award"], condition=Q(member__isnull=True), name="certificate_one_per_award"
            ),
            models.UniqueConstraint(
                fields=["award", "member"], condition=Q(member__isnull=False), name="certificate_one_per_member"
            ),
        ]

    def __str__(self):
        return f"{self.code} · {self.holder_name}"

    @property
    def is_revoked(self):
        return self.award.status == Award.Status.REVOKED
