"""A work bulletin: one per stage and version, a draft until an organizer publishes it.

A published bulletin never changes: the services refuse to, and a database trigger (see the
first migration) rejects any UPDATE of a published row. Building again makes a new version.
"""

import uuid

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from accounts.fields import actor_field
from contest.models import Translated, generate_code


def bulletin_pdf_path(instance, filename):
    return f"bulletins/{uuid.uuid4().hex}.pdf"


class BulletinQuerySet(models.QuerySet):
    def published(self):
        return self.filter(status=Bulletin.Status.PUBLISHED)

    def drafts(self):
        return self.filter(status=Bulletin.Status.DRAFT)


class Bulletin(Translated, models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PUBLISHED = "published", _("Published")

    code = models.CharField(_("code"), max_length=12, unique=True, default=generate_code, editable=False)
    contest = models.ForeignKey(
        "contest.Contest", on_delete=models.CASCADE, related_name="bulletins", verbose_name=_("contest")
    )
    stage = models.ForeignKey(
        "contest.Stage", on_delete=models.CASCADE, related_name="bulletins", verbose_name=_("stage")
    )
    number = models.PositiveSmallIntegerField(_("issue number"))
    version = models.PositiveSmallIntegerField(_("version"), default=1)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    lead = models.TextField(_("lead paragraph"), blank=True)
    lead_en = models.TextField(_("lead paragraph (English)"), blank=True)
    # What the build saw, kept as it was: the sections' figures and the HTML (charts included).
    figures = models.JSONField(_("figures"), default=list, blank=True, editable=False)
    body_html = models.TextField(_("body"), blank=True, editable=False)
    pdf = models.FileField(_("PDF"), upload_to=bulletin_pdf_path, max_length=255, blank=True, editable=False)
    built_at = models.DateTimeField(_("built at"), editable=False)
    built_by = actor_field(editable=False)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True, editable=False)
    published_by = actor_field(editable=False)

    objects = BulletinQuerySet.as_manager()

    class Meta:
        verbose_name = _("work bulletin")
        verbose_name_plural = _("work bulletins")
        ordering = ["-number", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["stage", "version"], name="bulletin_one_per_stage_and_version"),
            models.UniqueConstraint(fields=["contest", "number", "version"], name="bulletin_number_version_unique"),
            # One draft at a time per stage: a build refreshes it instead of adding another.
            models.UniqueConstraint(fields=["stage"], condition=Q(status="draft"), name="bulletin_one_draft_per_stage"),
            models.CheckConstraint(condition=Q(number__gte=1, version__gte=1), name="bulletin_number_version_positive"),
            models.CheckConstraint(condition=Q(status__in=["draft", "published"]), name="bulletin_status_valid"),
            models.CheckConstraint(
                condition=Q(status="draft") | (Q(published_at__isnull=False) & ~Q(pdf="") & ~Q(lead="")),
                name="bulletin_published_has_lead_pdf_and_time",
            ),
        ]

    def __str__(self):
        return f"第{self.number}期 · {self.stage.get_kind_display()} (v{self.version})"

    @property
    def is_published(self):
        return self.status == self.Status.PUBLISHED

    @property
    def title(self):
        return _("Work bulletin no. %(number)d: %(stage)s") % {
            "number": self.number,
            "stage": self.stage.get_kind_display(),
        }
