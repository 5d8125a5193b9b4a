"""The verbs of work bulletins: build a stage's draft, write its lead, publish it.

A published bulletin is never changed: building again makes a new version (a draft), and the
database refuses updates of a published row besides these checks.
"""

from celery import current_app
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Max
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from contest.models import Contest

from . import charts
from .models import Bulletin
from .pdf import bulletin_pdf
from .registry import bulletin_sections

BUILD_TASK = "bulletins.build"


def collect_figures(contest, *, stage):
    """Each registered section's figures for `stage`, in order, leaving out those with nothing to report."""
    sections = []
    for registered in bulletin_sections():
        figures = registered.figures(contest, stage=stage)
        if figures:
            sections.append({"key": registered.key, **figures})
    return sections


def render_body(sections):
    """The bulletin's HTML body with its charts drawn as SVG: what the page and the PDF show."""
    for section in sections:
        section["drawn"] = [(chart["title"], charts.draw(chart)) for chart in section["charts"]]
    return render_to_string("bulletins/body.html", {"sections": sections})


@transaction.atomic
def build_bulletin(*, stage, by=None):
    """Build the draft bulletin of `stage` from every section's current figures, with its PDF.

    Refreshes the stage's draft when there is one (keeping its lead), else adds a draft: the
    stage's first (numbered after the contest's last issue) or, after a published one, its
    next version. Changes no published bulletin. Returns the draft.
    """
    # One build of a contest at a time: the issue number is the contest's last plus one.
    contest = Contest.objects.select_for_update().get(pk=stage.contest_id)
    with translation.override("zh-hans"):
        sections = collect_figures(contest, stage=stage)
        body = render_body(sections)
    draft = Bulletin.objects.filter(stage=stage, status=Bulletin.Status.DRAFT).first()
    if draft is None:
        draft = Bulletin(contest=contest, stage=stage, **_number_and_version(contest, stage))
    draft.figures = [{k: v for k, v in s.items() if k != "drawn"} for s in sections]
    draft.body_html = body
    draft.built_at = timezone.now()
    draft.built_by = by
    _write_pdf(draft)
    draft.save()
    return draft


def _number_and_version(contest, stage):
    earlier = Bulletin.objects.filter(stage=stage).aggregate(number=Max("number"), version=Max("version"))
    if earlier["number"]:
        return {"number": earlier["number"], "version": earlier["version"] + 1}
    last = Bulletin.objects.filter(contest=contest).aggregate(number=Max("number"))["number"] or 0
    return {"number": last + 1, "version": 1}


def _write_pdf(bulletin):
    old = bulletin.pdf.name
    bulletin.pdf.save(f"{bulletin.code}.pdf", ContentFile(bulletin_pdf(bulletin)), save=False)
    if old:
        storage = bulletin.pdf.storage
        transaction.on_commit(lambda: storage.delete(old))


def _check_draft(bulletin):
    if bulletin.is_published:
        raise ValidationError(_("A published bulletin cannot be changed: build it again to make a new version."))


@transaction.atomic
def write_lead(*, bulletin, lead, lead_en="", by=None):
    """Set the lead paragraph (Chinese, optional English) of a draft bulletin."""
    bulletin = Bulletin.objects.select_for_update().get(pk=bulletin.pk)
    _check_draft(bulletin)
    bulletin.lead = lead.strip()
    bulletin.lead_en = lead_en.strip()
    bulletin.save(update_fields=["lead", "lead_en"])
    return bulletin


@transaction.atomic
def publish_bulletin(*, bulletin, by, lead=None, lead_en=None):
    """Publish a draft: optionally set its lead, render its final PDF (with the lead), stamp it.

    From then on the row never changes. Raises ValidationError for a published bulletin or a
    missing lead.
    """
    bulletin = Bulletin.objects.select_for_update().select_related("stage", "contest").get(pk=bulletin.pk)
    _check_draft(bulletin)
    if lead is not None:
        bulletin.lead, bulletin.lead_en = lead.strip(), (lead_en or "").strip()
    if not bulletin.lead:
        raise ValidationError(_("Write the lead paragraph before publishing."))
    bulletin.status = Bulletin.Status.PUBLISHED
    bulletin.published_at = timezone.now()
    bulletin.published_by = by
    _write_pdf(bulletin)
    bulletin.save()
    return bulletin


def queue_build(stage_id):
    """Queue the build of `stage_id`'s bulletin on the heavy queue once the transaction commits."""
    build = current_app.signature(BUILD_TASK, kwargs={"stage_id": stage_id})
    transaction.on_commit(build.apply_async, robust=True)
