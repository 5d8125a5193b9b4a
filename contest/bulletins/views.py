"""Bulletin pages by audience: organizers (under /organize/bulletins/, behind the staff gate)
review, write the lead, publish and build; the public reads published bulletins and their PDFs."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.audience import PUBLIC, audience
from accounts.gates import organizer_required
from contest.queries import current_contest_or_404

from . import queries, services
from .forms import BuildForm, LeadForm


def _pdf_response(bulletin):
    return FileResponse(
        bulletin.pdf.open("rb"),
        as_attachment=True,
        filename=f"bulletin-{bulletin.number}-v{bulletin.version}.pdf",
        content_type="application/pdf",
    )


@organizer_required
@require_GET
def organize_list(request):
    contest = current_contest_or_404(request)
    return render(
        request,
        "bulletins/organize/list.html",
        {"bulletins": queries.organizer_bulletins(contest), "build_form": BuildForm(contest=contest)},
    )


@organizer_required
@require_POST
def organize_build(request):
    contest = current_contest_or_404(request)
    form = BuildForm(request.POST, contest=contest)
    if form.is_valid():
        services.queue_build(form.cleaned_data["stage"].pk)
        messages.success(request, _("The bulletin is being built; its draft appears here in a moment."))
    else:
        messages.error(request, _("Choose a stage of this contest."))
    return redirect("bulletins:organize:list")


@organizer_required
@require_http_methods(["GET", "POST"])
def organize_detail(request, pk):
    contest = current_contest_or_404(request)
    bulletin = queries.organizer_bulletin_or_404(contest, pk)
    form = LeadForm(request.POST or None, initial={"lead": bulletin.lead, "lead_en": bulletin.lead_en})
    if request.method == "POST" and form.is_valid():
        try:
            if "publish" in request.POST:
                services.publish_bulletin(bulletin=bulletin, by=request.user, **form.cleaned_data)
                messages.success(request, _("The bulletin is published."))
            else:
                services.write_lead(bulletin=bulletin, by=request.user, **form.cleaned_data)
                messages.success(request, _("The lead paragraph is saved."))
            return redirect("bulletins:organize:detail", pk=bulletin.pk)
        except ValidationError as exc:
            form.add_error(None, exc)
    return render(request, "bulletins/organize/detail.html", {"bulletin": bulletin, "form": form})


@organizer_required
@require_GET
def organize_pdf(request, pk):
    bulletin = queries.organizer_bulletin_or_404(current_contest_or_404(request), pk)
    return _pdf_response(bulletin)


@audience(PUBLIC)
@require_GET
def public_detail(request, code):
    bulletin = queries.public_bulletin_or_404(current_contest_or_404(request), code)
    return render(request, "bulletins/detail.html", {"bulletin": bulletin})


@audience(PUBLIC)
@require_GET
def public_pdf(request, code):
    return _pdf_response(queries.public_bulletin_or_404(current_contest_or_404(request), code))
