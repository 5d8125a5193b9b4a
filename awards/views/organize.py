"""Organizers' pages for the prizes (role: organizer, under /organize/awards/).

One table holds the proposal (award, track, entry, aggregate, reason), the empty places, the
ties, the finalists still without an award and, beside it and never mixed in, the popularity
award of the public vote. Buttons and small forms call one service each: allocate, change a
place or resolve a tie with a reason, give a single award, confirm, revoke, publish. Award
types are edited in the admin. Every page passes `accounts.gates.organizer_required`.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.form_errors import apply_service_errors, message_service_errors
from accounts.gates import organizer_required
from contest.queries import current_contest_or_404
from documents.spreadsheets import csv_response, xlsx_response

from .. import exports, queries, services
from ..forms import ChangeAwardForm, ReasonForm, SingleAwardForm
from ..models import AwardStatus


def _table_context(contest):
    awards = queries.award_table(contest)
    return {
        "awards": awards,
        "vacancies": queries.vacancies(contest, awards),
        "missing": queries.finalists_without_award(contest),
        "popularity": queries.popularity_result(contest),
        "has_proposed": any(a.status == AwardStatus.PROPOSED for a in awards),
        "has_confirmed": any(a.judged and a.status == AwardStatus.CONFIRMED for a in awards),
        "has_unpublished": any(a.status == AwardStatus.CONFIRMED and a.published_at is None for a in awards),
        "tied": [a for a in awards if a.tied and a.status == AwardStatus.PROPOSED],
    }


@organizer_required
@require_http_methods(["GET"])
def index(request):
    contest = current_contest_or_404(request)
    context = _table_context(contest)
    context["single_form"] = SingleAwardForm(contest=contest, finalists=queries.finalists(contest))
    return render(request, "awards/organize/index.html", context)


def _run(request, verb, done, **kwargs):
    try:
        verb(by=request.user, **kwargs)
    except ValidationError as exc:
        message_service_errors(request, exc)
    else:
        messages.success(request, done)
    return redirect("awards:organize:index")


@organizer_required
@require_POST
def allocate(request):
    contest = current_contest_or_404(request)
    try:
        proposal = services.allocate_awards(contest=contest, by=request.user)
    except ValidationError as exc:
        message_service_errors(request, exc)
    else:
        messages.success(request, _("The awards were proposed from the final ranking."))
        if proposal.ties:
            messages.warning(request, _("Some places are tied: pick an entry for each, with a reason."))
        if proposal.empty:
            messages.warning(request, _("Some places stay empty: a track has fewer finalists than its quota."))
    return redirect("awards:organize:index")


@organizer_required
@require_POST
def confirm(request):
    contest = current_contest_or_404(request)
    return _run(request, services.confirm_awards, _("The awards are confirmed."), contest=contest)


@organizer_required
@require_POST
def publish(request):
    contest = current_contest_or_404(request)
    return _run(
        request, services.publish_awards, _("The awards are published; the winners are told by SMS."), contest=contest
    )


@organizer_required
@require_POST
def single(request):
    contest = current_contest_or_404(request)
    form = SingleAwardForm(request.POST, contest=contest, finalists=queries.finalists(contest))
    if form.is_valid():
        try:
            services.assign_single_award(contest=contest, by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, _("The single award is proposed."))
            return redirect("awards:organize:index")
    context = _table_context(contest)
    context["single_form"] = form
    return render(request, "awards/organize/index.html", context, status=400)


@organizer_required
@require_http_methods(["GET", "POST"])
def change(request, pk):
    """Give a proposed place to another entry (a tied place: the organizer's pick), with a reason."""
    contest = current_contest_or_404(request)
    award = queries.award_for_organizer(contest, pk)
    form = ChangeAwardForm(request.POST or None, finalists=queries.finalists(contest))
    if request.method == "POST" and form.is_valid():
        try:
            services.override_award(award=award, by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, _("The place is changed."))
            return redirect("awards:organize:index")
    status = 400 if request.method == "POST" else 200
    return render(request, "awards/organize/change.html", {"award": award, "form": form}, status=status)


@organizer_required
@require_http_methods(["GET", "POST"])
def move(request, award_type_pk, track_pk):
    """Give an empty place of a short track to a finalist of another track, with a reason."""
    contest = current_contest_or_404(request)
    award_type, track = queries.vacancy_for_organizer(contest, award_type_pk, track_pk)
    form = ChangeAwardForm(request.POST or None, finalists=queries.finalists(contest).exclude(track=track))
    if request.method == "POST" and form.is_valid():
        try:
            services.move_vacancy(
                contest=contest, award_type=award_type, from_track=track, by=request.user, **form.cleaned_data
            )
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, _("The place is moved to the entry's track."))
            return redirect("awards:organize:index")
    status = 400 if request.method == "POST" else 200
    context = {"award_type": award_type, "track": track, "form": form}
    return render(request, "awards/organize/move.html", context, status=status)


@organizer_required
@require_http_methods(["GET", "POST"])
def revoke(request, pk):
    contest = current_contest_or_404(request)
    award = queries.award_for_organizer(contest, pk)
    form = ReasonForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.revoke_award(award=award, by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, _("The award is revoked."))
            return redirect("awards:organize:index")
    status = 400 if request.method == "POST" else 200
    return render(request, "awards/organize/revoke.html", {"award": award, "form": form}, status=status)


@organizer_required
@never_cache
@require_GET
def export(request, fmt="xlsx"):
    contest = current_contest_or_404(request)
    awards = queries.awards_for_export(contest)
    name = f"awards-{timezone.localdate():%Y%m%d}"
    if fmt == "csv":
        return csv_response(*exports.award_rows(awards), f"{name}.csv")
    return xlsx_response(exports.awards_workbook(awards), f"{name}.xlsx")
