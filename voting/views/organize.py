"""Organizers' voting pages (role: organizer, behind `accounts.gates.organizer_required`).

Leaderboard with live counts, flagged clusters to invalidate or restore with a reason,
penalties, publishing the counts, confirming the popularity award, and the decision log.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from accounts.gates import organizer_required
from contest.queries import current_contest_or_404
from documents.spreadsheets import csv_response, xlsx_response

from ..charts import hourly_chart
from ..exceptions import VoteRefused
from ..exports import vote_header, vote_rows, votes_workbook
from ..forms import ChartRangeForm, ReasonForm, ReviewForm
from ..queries import (
    arrival_span,
    award_winners,
    cluster_decisions,
    cluster_votes,
    clusters_of,
    decision_log,
    finalist_entry,
    flagged_waiting,
    hourly_votes,
    open_clusters,
    organizer_rows,
    vote_context,
)
from ..services import apply_penalty, confirm_popularity_award, publish_counts, review_cluster


def _context(request):
    return vote_context(current_contest_or_404(request))


@organizer_required
@never_cache
@require_GET
def dashboard(request):
    context = _context(request)
    now = timezone.now()
    chart_form = ChartRangeForm(request.GET or None)
    since = chart_form.since(now)
    series = hourly_votes(context.contest, since=since, until=now)
    finalists = list(context.finalists.values())
    chart = hourly_chart(
        series,
        [(finalist.id, finalist.display_name) for finalist in finalists],
        title=_("Votes per hour per finalist"),
    )
    return render(
        request,
        "voting/organize/dashboard.html",
        {
            "context": context,
            "state": context.state(now),
            "rows": organizer_rows(context),
            "clusters": list(open_clusters(context.contest)[:100]),
            "chart": chart,
            "chart_form": chart_form,
            "flagged_waiting": flagged_waiting(context.contest),
            "result": getattr(context.contest, "popularity_result", None) if context.confirmed else None,
        },
    )


@organizer_required
@never_cache
@require_GET
def board(request):
    """The leaderboard as JSON, polled by the dashboard every few seconds."""
    context = _context(request)
    rows = organizer_rows(context)
    return JsonResponse(
        {
            "updated_at": timezone.now().isoformat(),
            "rows": [
                {
                    "code": row["finalist"].code,
                    "votes": row["votes"],
                    "rank": row["rank"],
                    "flagged": row["status"]["flagged"],
                    "invalid": row["status"]["invalid"],
                }
                for row in rows
            ],
        }
    )


@organizer_required
@never_cache
@require_GET
def cluster(request, pk):
    context = _context(request)
    found = get_object_or_404(clusters_of(context.contest), pk=pk)
    votes = cluster_votes(found)
    page = Paginator(votes, 200).get_page(request.GET.get("page"))
    first, last = arrival_span(votes)
    chart = ""
    if first is not None:
        until = last + timezone.timedelta(hours=1)
        series = hourly_votes(context.contest, since=first, until=until, votes=votes)
        touched = sorted(series.series)
        names = {finalist.id: finalist.display_name for finalist in context.finalists.values()}
        chart = hourly_chart(
            series, [(entry_id, names.get(entry_id, str(entry_id))) for entry_id in touched], title=str(found)
        )
    return render(
        request,
        "voting/organize/cluster.html",
        {
            "cluster": found,
            "page": page,
            "chart": chart,
            "decisions": cluster_decisions(found),
            "confirmed": context.confirmed,
        },
    )


def _back(request):
    """Where a form came from (the dashboard or a cluster page), never outside the organizer area."""
    back = request.POST.get("back", "")
    return back if back.startswith("/organize/voting/") else "voting:organize:dashboard"


def _done(request, message):
    messages.success(request, message)
    return redirect(_back(request))


def _refused(request, exc):
    messages.error(request, exc.messages[0])
    return redirect(_back(request))


def _no_reason(request):
    return _refused(request, ValidationError(_("Give a reason: it is kept with the decision.")))


@organizer_required
@require_POST
def review(request, pk):
    context = _context(request)
    found = get_object_or_404(clusters_of(context.contest), pk=pk)
    form = ReviewForm(request.POST)
    if not form.is_valid():
        return _no_reason(request)
    invalidate = form.cleaned_data["action"] == "invalidate"
    try:
        decision = review_cluster(
            cluster=found, invalidate=invalidate, reason=form.cleaned_data["reason"], by=request.user
        )
    except (ValidationError, VoteRefused) as exc:
        return _refused(request, exc)
    if invalidate:
        text = ngettext("%(count)d vote invalidated.", "%(count)d votes invalidated.", decision.votes_changed)
    else:
        text = ngettext("%(count)d vote restored.", "%(count)d votes restored.", decision.votes_changed)
    return _done(request, text % {"count": decision.votes_changed})


@organizer_required
@require_POST
def penalty(request, code):
    context = _context(request)
    entry = finalist_entry(context, code)
    if entry is None:
        raise Http404
    form = ReasonForm(request.POST)
    if not form.is_valid():
        return _no_reason(request)
    try:
        given = apply_penalty(entry=entry, reason=form.cleaned_data["reason"], by=request.user)
    except (ValidationError, VoteRefused) as exc:
        return _refused(request, exc)
    return _done(
        request,
        _("%(finalist)s: %(penalty)s.") % {"finalist": entry.display_name, "penalty": given.get_kind_display()},
    )


@organizer_required
@require_POST
def publish(request):
    context = _context(request)
    form = ReasonForm(request.POST)
    if not form.is_valid():
        return _no_reason(request)
    publish_counts(contest=context.contest, reason=form.cleaned_data["reason"], by=request.user)
    return _done(request, _("The counts are public now."))


@organizer_required
@require_POST
def confirm(request):
    context = _context(request)
    form = ReasonForm(request.POST)
    if not form.is_valid():
        return _no_reason(request)
    try:
        result = confirm_popularity_award(contest=context.contest, reason=form.cleaned_data["reason"], by=request.user)
    except (ValidationError, VoteRefused) as exc:
        return _refused(request, exc)
    names = ", ".join(winner.entry.display_name for winner in award_winners(result))
    return _done(request, _("Popularity award confirmed: %(names)s.") % {"names": names})


@organizer_required
@never_cache
@require_GET
def decisions(request):
    context = _context(request)
    rows = decision_log(context.contest)
    return render(
        request, "voting/organize/decisions.html", {"page": Paginator(rows, 50).get_page(request.GET.get("page"))}
    )


def _export_name(extension):
    return f"votes-{timezone.localtime():%Y%m%d-%H%M}.{extension}"


@organizer_required
@never_cache
@require_GET
def export_csv(request):
    """Every vote as CSV, streamed: the phone only as its keyed hash."""
    contest = current_contest_or_404(request)
    return csv_response(vote_header(), vote_rows(contest), _export_name("csv"))


@organizer_required
@never_cache
@require_GET
def export_xlsx(request):
    """Every vote as Excel: the phone only as its keyed hash."""
    contest = current_contest_or_404(request)
    return xlsx_response(votes_workbook(contest), _export_name("xlsx"))
