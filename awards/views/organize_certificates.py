"""Organizers' certificate pages: rendering progress, issuing, rendering failures again, and
every ready certificate as one ZIP streamed to the browser while it is written."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import StreamingHttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from accounts.gates import organizer_required
from contest.queries import current_contest_or_404
from documents.archives import stream_zip

from .. import services
from ..models import Certificate


@organizer_required
@require_GET
def certificates(request):
    contest = current_contest_or_404(request)
    in_contest = Certificate.objects.for_contest(contest)
    return render(
        request,
        "awards/organize/certificates.html",
        {
            "contest": contest,
            "counts": in_contest.status_counts(),
            "failed": in_contest.filter(status=Certificate.Status.FAILED).for_display(),
        },
    )


@organizer_required
@require_POST
def issue(request):
    contest = current_contest_or_404(request)
    try:
        count = services.issue_all_certificates(contest=contest, by=request.user)
    except (PermissionDenied, ValidationError) as error:
        messages.error(request, " ".join(getattr(error, "messages", [str(error)])))
    else:
        messages.success(request, _("%(count)d certificates issued; they are being rendered.") % {"count": count})
    return redirect("awards:organize:certificates")


@organizer_required
@require_POST
def render_again(request):
    contest = current_contest_or_404(request)
    count = services.render_again(contest=contest, by=request.user)
    messages.success(request, _("%(count)d certificates are being rendered again.") % {"count": count})
    return redirect("awards:organize:certificates")


def _zip_name(certificate):
    name = f"{certificate.award.award_type.name}-{certificate.holder_name}-{certificate.code}.pdf"
    return name.replace("/", "_").replace("\\", "_")


def _members(certificates):
    for certificate in certificates:
        yield _zip_name(certificate), certificate.file.open("rb")


@organizer_required
@require_GET
def certificates_zip(request):
    contest = current_contest_or_404(request)
    ready = Certificate.objects.for_contest(contest).valid().ready().for_display().order_by("pk")
    # iterator(): rows are read in chunks too, so a large contest never sits in memory.
    response = StreamingHttpResponse(stream_zip(_members(ready.iterator())), content_type="application/zip")
    response["Content-Disposition"] = 'attachment; filename="certificates.zip"'
    response["Cache-Control"] = "private, no-store"
    return response
