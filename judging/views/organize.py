"""Organizers' pages for judging (role: organizer, under /organize/judging/).

Round settings, criteria, judges and conflicts are edited in the admin; these pages run the
round: entries in, assignment (preview, apply, adjust), progress and unlocks, ranking,
advancement, release of the results and the Excel export. Every page passes the staff gate
(`accounts.gates.organizer_required`): anonymous visitors sign in, anyone else gets 404,
organizers without a confirmed authenticator app set it up or confirm it first.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST

from accounts.form_errors import apply_service_errors, message_service_errors
from accounts.gates import organizer_required
from contest.queries import current_contest_or_404
from documents.spreadsheets import csv_response, xlsx_response

from .. import services
from ..exports import score_rows, score_sheet_workbook
from ..forms import (
    AddAssignmentForm,
    AdvanceForm,
    ApplyAssignmentForm,
    ReasonForm,
    RemoveAssignmentForm,
)
from ..models import AssignmentStatus
from ..queries import (
    active_sheets,
    active_sheets_by_entry,
    round_criteria,
    round_entries,
    round_for_organizer,
    round_panel,
    round_progress,
    rounds_for_organizer,
    sheet_for_organizer,
)
from ..ranking import ranking
from ..services.advancement import completeness_errors


@organizer_required
@require_http_methods(["GET"])
def index(request):
    contest = current_contest_or_404(request)
    return render(request, "judging/organize/index.html", {"rounds": rounds_for_organizer(contest)})


@organizer_required
@require_http_methods(["GET"])
def round_detail(request, code):
    contest = current_contest_or_404(request)
    round_ = round_for_organizer(contest, code)
    criteria = round_criteria(round_)
    return render(
        request,
        "judging/organize/round.html",
        {
            "round": round_,
            "criteria": criteria,
            "settings_errors": services.settings_errors(round_, criteria),
            "entry_count": round_entries(round_).count(),
            "panel": round_panel(round_),
        },
    )


@organizer_required
@require_POST
def populate(request, code):
    contest = current_contest_or_404(request)
    round_ = round_for_organizer(contest, code)
    try:
        added = services.populate_round(round=round_, by=request.user)
    except ValidationError as exc:
        message_service_errors(request, exc)
    else:
        messages.success(
            request,
            ngettext("%(count)s entry added to the round.", "%(count)s entries added to the round.", added)
            % {"count": added},
        )
    return redirect("judging:organize:round", code)


@organizer_required
@require_http_methods(["GET", "POST"])
def assignment(request, code):
    contest = current_contest_or_404(request)
    round_ = round_for_organizer(contest, code)
    plan = services.plan_assignment(round_)
    action = request.POST.get("action")
    data = request.POST if request.method == "POST" else None
    apply_form = ApplyAssignmentForm(data if action == "apply" else None, initial={"digest": plan.digest})
    add_form = AddAssignmentForm(data if action == "add" else None, round=round_, entries=plan.entries)
    remove_form = RemoveAssignmentForm(data if action == "remove" else None, round=round_)
    if request.method == "POST":
        try:
            if action == "apply" and apply_form.is_valid():
                applied = services.assign_judges(
                    round=round_, by=request.user, expected_digest=apply_form.cleaned_data["digest"]
                )
                messages.success(
                    request,
                    ngettext("%(count)s assignment made.", "%(count)s assignments made.", applied.new_count)
                    % {"count": applied.new_count},
                )
                return redirect("judging:organize:assignment", code)
            if action == "add" and add_form.is_valid():
                services.add_assignment(round=round_, by=request.user, **add_form.cleaned_data)
                messages.success(request, _("Judge assigned."))
                return redirect("judging:organize:assignment", code)
            if action == "remove" and remove_form.is_valid():
                services.remove_assignment(by=request.user, **remove_form.cleaned_data)
                messages.success(request, _("Judge removed from the entry."))
                return redirect("judging:organize:assignment", code)
        except ValidationError as exc:
            target = {"add": add_form, "remove": remove_form}.get(action)
            if target is not None:
                apply_service_errors(target, exc)
            else:
                message_service_errors(request, exc)
    current = active_sheets_by_entry(round_)
    return render(
        request,
        "judging/organize/assignment.html",
        {
            "round": round_,
            "plan": plan,
            "apply_form": apply_form,
            "add_form": add_form,
            "remove_form": remove_form,
            "current": [
                (e, current.get(e.pk, [])) for e in sorted(plan.entries.values(), key=lambda e: (e.track.order, e.code))
            ],
        },
    )


@organizer_required
@require_http_methods(["GET"])
def progress(request, code):
    contest = current_contest_or_404(request)
    round_ = round_for_organizer(contest, code)
    judges, short, recused = round_progress(round_)
    sheets = list(active_sheets(round_))
    return render(
        request,
        "judging/organize/progress.html",
        {
            "round": round_,
            "judges": judges,
            "short": short,
            "recused": recused,
            "sheets": sheets,
            "submitted": sum(1 for s in sheets if s.status == AssignmentStatus.SUBMITTED),
        },
    )


@organizer_required
@require_http_methods(["GET", "POST"])
def unlock(request, code, sheet):
    contest = current_contest_or_404(request)
    round_ = round_for_organizer(contest, code)
    assignment = sheet_for_organizer(round_, sheet)
    form = ReasonForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.unlock_scores(assignment=assignment, by=request.user, reason=form.cleaned_data["reason"])
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, _("Scores unlocked: the judge can change and submit them again."))
            return redirect("judging:organize:progress", code)
    return render(request, "judging/organize/unlock.html", {"round": round_, "assignment": assignment, "form": form})


@organizer_required
@require_http_methods(["GET"])
def ranking_page(request, code):
    contest = current_contest_or_404(request)
    round_ = round_for_organizer(contest, code)
    tracks = ranking(round_)
    selected = request.GET.get("track")
    if selected:
        tracks = [t for t in tracks if t.track.code == selected]
    criteria = round_criteria(round_)
    for track in tracks:
        for row in track.rows:
            row.mean_list = [row.criterion_means.get(c.pk) for c in criteria]
    return render(
        request,
        "judging/organize/ranking.html",
        {"round": round_, "tracks": tracks, "criteria": criteria, "selected": selected},
    )


@organizer_required
@require_http_methods(["GET", "POST"])
def advance(request, code):
    contest = current_contest_or_404(request)
    round_ = round_for_organizer(contest, code)
    tracks = ranking(round_)
    rows = [row for track in tracks for row in track.rows]
    form = AdvanceForm(request.POST or None, rows=rows)
    if request.method == "POST" and form.is_valid():
        try:
            services.advance_round(round=round_, by=request.user, decisions=form.decisions(), reasons=form.reasons())
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, _("Advancement decided. The results are held until you release them."))
            return redirect("judging:organize:round", code)
    return render(
        request,
        "judging/organize/advance.html",
        {
            "round": round_,
            "form": form,
            "tracks": tracks,
            "blockers": [] if round_.advanced_at else completeness_errors(round_, tracks=tracks),
        },
    )


@organizer_required
@require_POST
def release(request, code):
    contest = current_contest_or_404(request)
    round_ = round_for_organizer(contest, code)
    try:
        queued = services.release_results(round=round_, by=request.user)
    except ValidationError as exc:
        message_service_errors(request, exc)
    else:
        messages.success(
            request,
            ngettext("Results released; %(count)s SMS queued.", "Results released; %(count)s SMS queued.", queued)
            % {"count": queued},
        )
    return redirect("judging:organize:round", code)


@organizer_required
@require_http_methods(["GET"])
def export(request, code, fmt="xlsx"):
    contest = current_contest_or_404(request)
    round_ = round_for_organizer(contest, code)
    if fmt == "csv":
        return csv_response(*score_rows(round_), f"scores-{round_.code}.csv")
    return xlsx_response(score_sheet_workbook(round_), f"scores-{round_.code}.xlsx")
