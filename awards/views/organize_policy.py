"""Organizers' pages of policy support under /organize/awards/policy/ (role: organizer,
behind `accounts.gates.organizer_required`).

Entries whose entrants consent now, each with a form to recommend it to a partner; the
status of each recommendation; loan applications with the referral to a bank; and the two
Excel exports (each partner's recommendations, the loan referrals).
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from accounts.gates import organizer_required
from contest.queries import current_contest_or_404
from documents.spreadsheets import csv_response, xlsx_response

from .. import exports, queries, services
from ..forms import RecommendationUpdateForm, RecommendForm, ReferForm


def _download(fmt, name, workbook, table):
    """The export as Excel (`workbook()` its bytes) or, with `fmt="csv"`, as CSV (`table()` its header and rows)."""
    if fmt == "csv":
        return csv_response(*table(), f"{name}-{timezone.localdate():%Y%m%d}.csv")
    return xlsx_response(workbook(), f"{name}-{timezone.localdate():%Y%m%d}.xlsx")


def _report(request, exc):
    messages.error(request, " ".join(exc.messages))


@organizer_required
@never_cache
@require_GET
def recommendations(request):
    contest = current_contest_or_404(request)
    partners = list(queries.partners(contest))
    return render(
        request,
        "awards/policy/recommendations.html",
        {
            "entries": list(queries.consenting_entries(contest)),
            "partners": partners,
            "statuses": RecommendationUpdateForm.base_fields["status"].choices,
        },
    )


@organizer_required
@require_POST
def recommend(request):
    contest = current_contest_or_404(request)
    form = RecommendForm(request.POST, partners=queries.partners(contest))
    if not form.is_valid():
        messages.error(request, _("Choose a partner to recommend the entry to."))
        return redirect("awards:organize:recommendations")
    entry = get_object_or_404(queries.contest_entries(contest), code=form.cleaned_data["entry"])
    try:
        services.recommend_entry(
            entry=entry, partner=form.cleaned_data["partner"], notes=form.cleaned_data["notes"], by=request.user
        )
    except ValidationError as exc:
        _report(request, exc)
    else:
        messages.success(request, _("Recommended."))
    return redirect("awards:organize:recommendations")


@organizer_required
@require_POST
def recommendation_update(request, pk):
    contest = current_contest_or_404(request)
    recommendation = get_object_or_404(queries.recommendations(contest), pk=pk)
    form = RecommendationUpdateForm(request.POST)
    if form.is_valid():
        try:
            services.update_recommendation(recommendation=recommendation, by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            _report(request, exc)
        else:
            messages.success(request, _("Recommendation updated."))
    else:
        messages.error(request, _("Choose a status."))
    return redirect("awards:organize:recommendations")


@organizer_required
@never_cache
@require_GET
def loans(request):
    contest = current_contest_or_404(request)
    return render(
        request,
        "awards/policy/loans.html",
        {
            "applications": list(queries.loan_applications(contest)),
            "banks": list(queries.banks(contest)),
            "policies": queries.loan_policies(contest),
        },
    )


@organizer_required
@require_POST
def loan_refer(request, pk):
    contest = current_contest_or_404(request)
    application = get_object_or_404(queries.loan_applications(contest), pk=pk)
    form = ReferForm(request.POST, banks=queries.banks(contest))
    if not form.is_valid():
        messages.error(request, _("Choose the bank to refer the application to."))
        return redirect("awards:organize:loans")
    try:
        services.refer_loan_application(application=application, partner=form.cleaned_data["partner"], by=request.user)
    except ValidationError as exc:
        _report(request, exc)
    else:
        messages.success(request, _("Referred to %(bank)s.") % {"bank": form.cleaned_data["partner"]})
    return redirect("awards:organize:loans")


@organizer_required
@never_cache
@require_GET
def recommendations_export(request, fmt="xlsx"):
    """Every partner's recommendations, one sheet each (CSV: one table with the partner's column);
    `?partner=<id>` for one partner only."""
    contest = current_contest_or_404(request)
    partner = None
    if "partner" in request.GET:
        if not request.GET["partner"].isdigit():
            raise Http404
        partner = get_object_or_404(queries.partners(contest), pk=request.GET["partner"])
    rows = list(queries.recommendations_to_share(contest, partner))
    return _download(
        fmt,
        "recommendations",
        lambda: exports.recommendations_workbook(rows),
        lambda: exports.recommendation_rows(rows),
    )


@organizer_required
@never_cache
@require_GET
def loans_export(request, fmt="xlsx"):
    contest = current_contest_or_404(request)
    rows = list(queries.loan_referrals(contest))
    return _download(
        fmt, "loan-referrals", lambda: exports.loan_referrals_workbook(rows), lambda: exports.loan_referral_rows(rows)
    )
