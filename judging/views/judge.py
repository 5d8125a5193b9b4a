"""Judges' pages (role: judge, under /judge/): parse, call one service, render.

Every page passes the staff gate (`accounts.gates.judge_required`): anonymous visitors sign
in, anyone outside the judges group gets 404, judges without a confirmed authenticator app
set it up or confirm it first. A judge sees only their own active assignments, in rounds
that have opened; scoring only while the round is open; anything else answers 404. In a
blind round nothing on these pages names the entrant, its organisation, team or region —
titles, links and file names included.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from accounts.form_errors import apply_service_errors
from accounts.gates import judge_required
from contest.queries import current_contest_or_404
from registration.views.files import serve_file

from .. import services
from ..forms import ReasonForm, ScoreForm
from ..models import AssignmentStatus, PeerScores
from ..queries import (
    assignment_for_judge,
    current_files,
    judge_dashboard,
    next_unscored,
    peer_totals,
    round_criteria,
    team_members,
)

FILE_KINDS = ("materials", "video")
VARIANTS = ("file", "preview", "poster")


@judge_required
@require_http_methods(["GET"])
def dashboard(request):
    contest = current_contest_or_404(request)
    profile, boards = judge_dashboard(request.user, contest)
    if profile is None:
        raise Http404
    return render(request, "judging/judge/dashboard.html", {"profile": profile, "boards": boards})


@judge_required
@require_http_methods(["GET", "POST"])
def entry(request, round_code, entry_code):
    contest = current_contest_or_404(request)
    now = timezone.now()
    assignment = assignment_for_judge(request.user, contest, round_code, entry_code, now)
    round_ = assignment.round
    criteria = round_criteria(round_)
    scores = {s.criterion_id: s for s in assignment.scores.all()}
    is_open = round_.is_open(now)
    editable = is_open and assignment.status != AssignmentStatus.SUBMITTED and round_.advanced_at is None
    form = ScoreForm(request.POST or None, criteria=criteria, scores=scores, assignment=assignment)
    if request.method == "POST":
        if not editable:
            messages.error(request, _("These scores can no longer be changed."))
            return redirect("judging:judge:entry", round_code, entry_code)
        if form.is_valid():
            try:
                services.save_scores(assignment=assignment, by=request.user, now=now, **form.service_kwargs())
            except (ValidationError, PermissionDenied) as exc:
                if isinstance(exc, PermissionDenied):
                    raise Http404 from exc
                apply_service_errors(form, exc)
            else:
                if form.submit:
                    messages.success(request, _("Scores of %(code)s submitted.") % {"code": entry_code})
                    following = next_unscored(request.user, contest, assignment)
                    if following is not None:
                        return redirect("judging:judge:entry", round_code, following.entry.code)
                    return redirect("judging:judge:dashboard")
                messages.success(request, _("Draft saved."))
                return redirect("judging:judge:entry", round_code, entry_code)
    submitted = assignment.status == AssignmentStatus.SUBMITTED
    show_peers = submitted and round_.peer_scores == PeerScores.AFTER_SUBMIT
    work = assignment.entry
    return render(
        request,
        "judging/judge/entry.html",
        {
            "assignment": assignment,
            "round": round_,
            "entry": work,
            "form": form,
            "sheet": [(criterion, scores.get(criterion.pk)) for criterion in criteria],
            "editable": editable,
            "is_open": is_open,
            "files": current_files(work) if is_open else {},
            "show_entrant": not round_.blind,
            "members": team_members(work) if not round_.blind else [],
            "peer_totals": peer_totals(assignment) if show_peers else None,
        },
    )


@judge_required
@require_http_methods(["GET", "POST"])
def conflict(request, round_code, entry_code):
    contest = current_contest_or_404(request)
    assignment = assignment_for_judge(request.user, contest, round_code, entry_code)
    form = ReasonForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.declare_conflict(assignment=assignment, by=request.user, reason=form.cleaned_data["reason"])
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(
                request,
                _("Conflict recorded: the entry was removed from your list and will be given to another judge."),
            )
            return redirect("judging:judge:dashboard")
    return render(
        request, "judging/judge/conflict.html", {"assignment": assignment, "entry": assignment.entry, "form": form}
    )


@judge_required
@require_http_methods(["GET", "HEAD"])
def entry_file(request, round_code, entry_code, kind, variant="file"):
    """A file of an assigned entry while the round is open, named by the entry code only."""
    contest = current_contest_or_404(request)
    assignment = assignment_for_judge(request.user, contest, round_code, entry_code)
    if kind not in FILE_KINDS or variant not in VARIANTS or not assignment.round.is_open():
        raise Http404
    stored = current_files(assignment.entry).get(kind)
    if stored is None:
        raise Http404
    # The uploaded name may carry the entrant's name; judges get the code instead. Only the
    # in-memory object is renamed, for the Content-Disposition header.
    stored.original_name = f"{entry_code}-{kind}"
    return serve_file(request, stored, variant)
