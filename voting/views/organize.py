"""Organizers' voting page (role: organizer; the accounts middleware requires TOTP under /organize/).

Leaderboard with live counts, flagged clusters to invalidate or restore with a reason,
penalties, publishing the counts, confirming the popularity award, and the decision log.
"""

from functools import wraps

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Max, Min
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from contest.queries import current_contest_or_404
from registration.models import Entry

from ..charts import hourly_chart
from ..exceptions import VoteRefused
from ..forms import ChartRangeForm, ReasonForm, ReviewForm
from ..models import Decision, FlagCluster, Penalty, Vote
from ..queries import hourly_votes, leaderboard, open_clusters, status_counts, vote_context
from ..services import apply_penalty, confirm_popularity_award, publish_counts, review_cluster

PERMISSION = "voting.moderate_votes"


def organizer_required(view):
    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not request.user.has_perm(PERMISSION):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapped


def _context(request):
    return vote_context(current_contest_or_404(request))


def _rows(context):
    """Every finalist with live valid votes and rank, the counts by status and the penalties given."""
    board = leaderboard(context)
    by_status = status_counts(context.contest)
    penalties = {}
    for penalty in Penalty.objects.filter(contest=context.contest).order_by("step"):
        penalties.setdefault(penalty.entry_id, []).append(penalty)
    ladder = context.settings.ladder
    rows = []
    listed = set()
    for row in board:
        listed.add(row.finalist.id)
        rows.append((row.finalist, row.votes, row.rank))
    for finalist in context.finalists.values():
        if finalist.id not in listed:
            rows.append((finalist, None, None))
    result = []
    for finalist, votes, rank in rows:
        given = penalties.get(finalist.id, [])
        result.append(
            {
                "finalist": finalist,
                "votes": votes,
                "rank": rank,
                "excluded": finalist.id in context.excluded,
                "status": by_status.get(finalist.id, {"flagged": 0, "invalid": 0}),
                "penalties": given,
                "next_penalty": Penalty.Kind(ladder[len(given)]).label if len(given) < len(ladder) else "",
            }
        )
    return result


@never_cache
@require_GET
@organizer_required
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
    flagged_waiting = Vote.objects.filter(contest=context.contest, status=Vote.Status.FLAGGED).count()
    return render(
        request,
        "voting/organize/dashboard.html",
        {
            "context": context,
            "state": context.state(now),
            "rows": _rows(context),
            "clusters": list(open_clusters(context.contest)[:100]),
            "chart": chart,
            "chart_form": chart_form,
            "flagged_waiting": flagged_waiting,
            "result": getattr(context.contest, "popularity_result", None) if context.confirmed else None,
        },
    )


@never_cache
@require_GET
@organizer_required
def board(request):
    """The leaderboard as JSON, polled by the dashboard every few seconds."""
    context = _context(request)
    rows = _rows(context)
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


@never_cache
@require_GET
@organizer_required
def cluster(request, pk):
    context = _context(request)
    found = get_object_or_404(FlagCluster.objects.filter(contest=context.contest), pk=pk)
    votes = found.votes.select_related("entry").order_by("created_at", "pk")
    page = Paginator(votes, 200).get_page(request.GET.get("page"))
    bounds = votes.aggregate(first=Min("created_at"), last=Max("created_at"))
    chart = ""
    if bounds["first"] is not None:
        until = bounds["last"] + timezone.timedelta(hours=1)
        series = hourly_votes(context.contest, since=bounds["first"], until=until, votes=votes)
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
            "decisions": found.decisions.select_related("decided_by").order_by("-created_at"),
            "confirmed": context.confirmed,
        },
    )


def _back(request):
    """Where a form came from (the dashboard or a cluster page), never outside the organizer area."""
    back = request.POST.get("back", "")
    return back if back.startswith("/organize/voting/") else "voting_organize:dashboard"


def _done(request, message):
    messages.success(request, message)
    return redirect(_back(request))


def _refused(request, exc):
    messages.error(request, exc.messages[0])
    return redirect(_back(request))


def _no_reason(request):
    return _refused(request, ValidationError(_("Give a reason: it is kept with the decision.")))


@require_POST
@organizer_required
def review(request, pk):
    context = _context(request)
    found = get_object_or_404(FlagCluster.objects.filter(contest=context.contest), pk=pk)
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


@require_POST
@organizer_required
def penalty(request, code):
    context = _context(request)
    finalist = context.finalists.get(code)
    if finalist is None:
        raise Http404
    entry = get_object_or_404(Entry.objects.filter(contest=context.contest), pk=finalist.id)
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


@require_POST
@organizer_required
def publish(request):
    context = _context(request)
    form = ReasonForm(request.POST)
    if not form.is_valid():
        return _no_reason(request)
    publish_counts(contest=context.contest, reason=form.cleaned_data["reason"], by=request.user)
    return _done(request, _("The counts are public now."))


@require_POST
@organizer_required
def confirm(request):
    context = _context(request)
    form = ReasonForm(request.POST)
    if not form.is_valid():
        return _no_reason(request)
    try:
        result = confirm_popularity_award(contest=context.contest, reason=form.cleaned_data["reason"], by=request.user)
    except (ValidationError, VoteRefused) as exc:
        return _refused(request, exc)
    names = ", ".join(winner.entry.display_name for winner in result.winners.select_related("entry"))
    return _done(request, _("Popularity award confirmed: %(names)s.") % {"names": names})


@never_cache
@require_GET
@organizer_required
def decisions(request):
    context = _context(request)
    rows = (
        Decision.objects.filter(contest=context.contest)
        .select_related("cluster", "entry", "decided_by")
        .order_by("-created_at", "-pk")
    )
    return render(
        request, "voting/organize/decisions.html", {"page": Paginator(rows, 50).get_page(request.GET.get("page"))}
    )


# Mounted at /organize/voting/ (`path("organize/voting/", include("voting.views.organize"))`).
app_name = "voting_organize"
urlpatterns = [
    path("", dashboard, name="dashboard"),
    path("board.json", board, name="board"),
    path("clusters/<int:pk>/", cluster, name="cluster"),
    path("clusters/<int:pk>/review/", review, name="review"),
    path("finalists/<str:code>/penalty/", penalty, name="penalty"),
    path("publish/", publish, name="publish"),
    path("confirm/", confirm, name="confirm"),
    path("decisions/", decisions, name="decisions"),
]
