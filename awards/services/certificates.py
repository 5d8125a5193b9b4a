"""Certificates: issued for confirmed awards, rendered to PDF by a task, checked by anyone.

`issue_certificates` writes the rows (one per award naming the team's members, or one per
member when the contest's template says so) and queues one render task per row after the
commit. `render_certificate` is what the task runs: it claims the row, renders the HTML
template outside any transaction (a PDF takes a fraction of a second, a lock should not), stores
the PDF under a random private name and marks the row READY — or FAILED with the error, which the
task retries with back-off and the organizer's page shows, so that no certificate goes missing
silently. Nothing here imports the task module: tasks are asked for by name.
"""

import logging
from datetime import date

from celery import current_app
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.rules import require_organizer
from documents.pdf import html_to_pdf, image_data_uri, store_pdf
from documents.qr import qr_png_data_uri

from ..models import Award, Certificate, CertificateTemplate

logger = logging.getLogger(__name__)

RENDER_TASK = "awards.render_certificate"
CERTIFICATE_FOLDER = "awards/certificates"
# Names on a team's certificate are joined the Chinese way.
NAME_SEPARATOR = "、"


def verify_url(code):
    """The absolute address of a certificate's public check, as printed in its QR code."""
    return settings.SITE_URL + reverse("awards:verify", args=[code])


def template_for(contest):
    """The contest's certificate template, or an unsaved one with the defaults."""
    return CertificateTemplate.objects.filter(contest=contest).first() or CertificateTemplate(contest=contest)


def issue_certificates(*, award, by):
    """Create the award's missing certificates and queue their rendering; return the new ones.

    Refused unless the award is confirmed. Issuing again adds only what is missing (a member
    added since, or the per-member option switched on), so it is safe to repeat.
    """
    require_organizer(by)
    if award.status != Award.Status.CONFIRMED:
        raise ValidationError(_("Certificates are issued for confirmed awards only."))
    per_member = template_for(award.contest).per_member
    with transaction.atomic():
        created = _create_missing(award, per_member=per_member)
    return created


def issue_all_certificates(*, contest, by):
    """Issue the certificates of every confirmed award of the contest; return how many are new."""
    require_organizer(by)
    per_member = template_for(contest).per_member
    awards = (
        Award.objects.filter(contest=contest, status=Award.Status.CONFIRMED)
        .select_related("entry__entrant")
        .prefetch_related("entry__entrant__members", "certificates")
    )
    with transaction.atomic():
        return sum(len(_create_missing(award, per_member=per_member)) for award in awards)


def render_again(*, contest, by):
    """Queue every failed certificate of the contest for rendering again; return how many."""
    require_organizer(by)
    with transaction.atomic():
        ids = list(
            Certificate.objects.for_contest(contest)
            .filter(status=Certificate.Status.FAILED)
            .order_by("pk")  # the default ordering joins the (nullable) member, which FOR UPDATE refuses
            .select_for_update(of=("self",))
            .values_list("pk", flat=True)
        )
        Certificate.objects.filter(pk__in=ids).update(status=Certificate.Status.PENDING)
        for certificate_id in ids:
            queue_render(certificate_id)
    return len(ids)


def _holders(award, *, per_member):
    entrant = award.entry.entrant
    members = list(entrant.members.all()) if entrant.has_members else []
    if per_member and members:
        return [{"member": member, "holder_name": member.name, "member_names": ""} for member in members]
    names = NAME_SEPARATOR.join(member.name for member in members)
    return [{"member": None, "holder_name": entrant.name, "member_names": names}]


def _create_missing(award, *, per_member):
    existing = {certificate.member_id for certificate in award.certificates.all()}
    created = [
        Certificate.objects.create(award=award, **holder)
        for holder in _holders(award, per_member=per_member)
        if (holder["member"].pk if holder["member"] else None) not in existing
    ]
    for certificate in created:
        queue_render(certificate.pk)
    return created


def queue_render(certificate_id):
    # robust: the rows are committed; a broker hiccup must not fail the organizer's request,
    # and the organizer's page shows what is still waiting.
    render = current_app.signature(RENDER_TASK, kwargs={"certificate_id": certificate_id})
    transaction.on_commit(render.apply_async, robust=True)


def render_certificate(*, certificate_id):
    """Render one certificate to a stored PDF: READY, or FAILED with the error. None if gone.

    A READY certificate is left as it is (a task delivered twice renders once).
    """
    claimed = (
        Certificate.objects.filter(pk=certificate_id)
        .exclude(status=Certificate.Status.READY)
        .update(status=Certificate.Status.RENDERING, attempts=F("attempts") + 1)
    )
    certificate = Certificate.objects.for_display().select_related("member").filter(pk=certificate_id).first()
    if certificate is None or not claimed:
        return certificate
    template = template_for(certificate.award.contest)
    issued_on = template.issued_on or timezone.localdate()
    try:
        pdf = html_to_pdf(certificate_html(certificate, template=template, issued_on=issued_on))
        name = store_pdf(pdf, folder=CERTIFICATE_FOLDER, storage=certificate.file.storage)
    except Exception as exc:  # a bad image, a full disk, a font: recorded, shown and retried
        logger.exception("rendering certificate %s failed", certificate_id)
        certificate.status = Certificate.Status.FAILED
        certificate.last_error = f"{type(exc).__name__}: {exc}"[:2000]
        certificate.save(update_fields=["status", "last_error"])
        return certificate
    certificate.file.name = name
    certificate.status = Certificate.Status.READY
    certificate.last_error = ""
    certificate.issued_on = issued_on
    certificate.rendered_at = timezone.now()
    certificate.save(update_fields=["file", "status", "last_error", "issued_on", "rendered_at"])
    return certificate


def _date_zh(day):
    return f"{day.year}年{day.month}月{day.day}日"


def _date_en(day):
    return f"{day.day} {date(2000, day.month, 1).strftime('%B')} {day.year}"


def certificate_html(certificate, *, template, issued_on):
    """The HTML of a certificate (A4 landscape), images inlined so that no URL is fetched."""
    award = certificate.award
    url = verify_url(certificate.code)
    return render_to_string(
        "awards/certificate.html",
        {
            "certificate": certificate,
            "award": award,
            "award_type": award.award_type,
            "contest": award.contest,
            "entry": award.entry,
            "template": template,
            "issuers": template.issuer_lines,
            "background": image_data_uri(template.background),
            "seal": image_data_uri(template.seal),
            "date_zh": _date_zh(issued_on),
            "date_en": _date_en(issued_on),
            "verify_url": url,
            "qr": qr_png_data_uri(url),
        },
    )
