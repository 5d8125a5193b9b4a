"""Entrant pages under /register/: parse, call one service, redirect or render.

Every page serves the entrant role (login required) and shows only the user's own profile,
team and entries; anything else answers 404.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from accounts.audience import ENTRANT_OWNER, audience
from accounts.form_errors import message_service_errors
from accounts.gates import signup_required
from accounts.phone import mask_phone
from contest.queries import current_contest_or_404
from contest.schedule import Schedule

from .. import services
from ..forms import ENTRY_STEPS, EntryBasicsForm, MemberForm, ProfileForm, apply_service_errors
from ..links import entry_links
from ..models import Entry, RegistrationSettings
from ..queries import can_add_entry, dashboard_entrant, entrant_for, members_of, registration_window

STEP_ORDER = list(ENTRY_STEPS)


def _own_entry(request, contest, code):
    """The user's entry with this code in the current contest; 404 for anyone else's."""
    return get_object_or_404(Entry.objects.for_user(request.user).with_dashboard_data(), contest=contest, code=code)


def _own_entrant_or_none(request, contest):
    return entrant_for(request.user, contest)


def _confirmation(request, entry):
    if entry.first_submitted_at is None:
        return None
    return {"text": services.confirmation_text(entry), "phone": mask_phone(entry.entrant.user.phone)}


@audience(ENTRANT_OWNER)
@signup_required
@require_http_methods(["GET"])
def dashboard(request):
    contest = current_contest_or_404(request)
    schedule = Schedule.for_contest(contest)
    entrant = dashboard_entrant(request.user, contest)
    entries = list(entrant.entries.all()) if entrant else []
    links = entry_links(entries)
    for entry in entries:
        entry.confirmation = _confirmation(request, entry)
        entry.links = links.get(entry.pk, [])
    limits = RegistrationSettings.for_contest(contest)
    return render(
        request,
        "registration/dashboard.html",
        {
            "entrant": entrant,
            "members": list(entrant.members.all()) if entrant else [],
            "entries": entries,
            "window": registration_window(contest, schedule=schedule),
            # What comes next: the stage open now and those ahead; the past ones are history.
            "timeline": [(stage, state) for stage, state in schedule.timeline() if state != "past"],
            "limits": limits,
            "can_add_entry": can_add_entry(entrant, entries, limits),
        },
    )


@audience(ENTRANT_OWNER)
@login_required
@require_http_methods(["GET", "POST"])
def profile(request):
    contest = current_contest_or_404(request)
    entrant = _own_entrant_or_none(request, contest)
    form = ProfileForm(request.POST or None, contest=contest, entrant=entrant)
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.save_entrant_profile(contest=contest, user=request.user, **form.cleaned_data)
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, _("Your profile is saved."))
            if saved.has_members and not saved.members.exists():
                return redirect("registration:team")
            return redirect("registration:dashboard")
    return render(
        request,
        "registration/profile.html",
        {"form": form, "entrant": entrant, "window": registration_window(contest)},
    )


def _entrant_or_redirect(request, contest):
    entrant = _own_entrant_or_none(request, contest)
    if entrant is None:
        messages.info(request, _("Fill in your entrant profile first."))
    return entrant


@audience(ENTRANT_OWNER)
@login_required
@require_http_methods(["GET", "POST"])
def team(request):
    contest = current_contest_or_404(request)
    entrant = _entrant_or_redirect(request, contest)
    if entrant is None:
        return redirect("registration:profile")
    form = MemberForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            added = services.add_team_member(entrant=entrant, by=request.user, **form.service_kwargs())
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, _("%(name)s was added to the team.") % {"name": added.name})
            return redirect("registration:team")
    members = list(members_of(entrant))
    limit = services.team_limit(contest)
    return render(
        request,
        "registration/team.html",
        {
            "entrant": entrant,
            "members": members,
            "form": form,
            "limit": limit,
            "is_full": len(members) >= limit,
            "window": registration_window(contest),
        },
    )


def _own_member(request, contest, position):
    entrant = entrant_for(request.user, contest)
    if entrant is None:
        raise Http404
    return get_object_or_404(members_of(entrant).select_related("entrant__contest"), position=position)


@audience(ENTRANT_OWNER)
@login_required
@require_http_methods(["GET", "POST"])
def member_edit(request, position):
    contest = current_contest_or_404(request)
    member = _own_member(request, contest, position)
    form = MemberForm(request.POST or None, member=member)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_team_member(member=member, by=request.user, **form.service_kwargs())
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, _("The member's details are saved."))
            return redirect("registration:team")
    return render(
        request,
        "registration/member_form.html",
        {"form": form, "member": member, "window": registration_window(contest)},
    )


def _confirm_then(request, contest, *, action, success, done, back, title, button, text="", failed=None):
    """A confirmation page on GET; on POST run `action` (a service call) and report its outcome.

    Refusals (ValidationError) become error messages and lead to `failed` (default `done`).
    """
    if request.method == "POST":
        try:
            action()
        except ValidationError as exc:
            message_service_errors(request, exc)
            return redirect(failed or done)
        messages.success(request, success)
        return redirect(done)
    return render(
        request,
        "registration/confirm.html",
        {"title": title, "text": text, "button": button, "back": back, "window": registration_window(contest)},
    )


@audience(ENTRANT_OWNER)
@login_required
@require_http_methods(["GET", "POST"])
def member_remove(request, position):
    contest = current_contest_or_404(request)
    member = _own_member(request, contest, position)
    team = reverse("registration:team")
    return _confirm_then(
        request,
        contest,
        action=lambda: services.remove_team_member(member=member, by=request.user),
        success=_("%(name)s was removed from the team.") % {"name": member.name},
        done=team,
        back=team,
        title=_("Remove %(name)s from the team?") % {"name": member.name},
        button=_("Remove"),
    )


@audience(ENTRANT_OWNER)
@login_required
@require_http_methods(["GET", "POST"])
def entry_new(request):
    contest = current_contest_or_404(request)
    entrant = _entrant_or_redirect(request, contest)
    if entrant is None:
        return redirect("registration:profile")
    form = EntryBasicsForm(request.POST or None, contest=contest)
    if request.method == "POST" and form.is_valid():
        try:
            entry = services.create_entry(entrant=entrant, by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, _("Your draft is saved. Continue with the description."))
            return redirect("registration:entry_step", code=entry.code, step=STEP_ORDER[1])
    return render(
        request,
        "registration/entry_form.html",
        {
            "form": form,
            "entry": None,
            "step": STEP_ORDER[0],
            "steps": _steps(None),
            "window": registration_window(contest),
        },
    )


def _steps(entry):
    """Navigation of the entry form: each field step, the files and the submission."""
    rows = [(step, label) for step, (label, _form) in ENTRY_STEPS.items()]
    return [*rows, ("files", _("Files")), ("submit", _("Submit"))]


def _next_url(entry, step):
    index = STEP_ORDER.index(step)
    if index + 1 < len(STEP_ORDER):
        return reverse("registration:entry_step", args=[entry.code, STEP_ORDER[index + 1]])
    return reverse("registration:entry_files", args=[entry.code])


@audience(ENTRANT_OWNER)
@login_required
@require_http_methods(["GET", "POST"])
def entry_step(request, code, step):
    if step not in ENTRY_STEPS:
        raise Http404
    contest = current_contest_or_404(request)
    entry = _own_entry(request, contest, code)
    form_class = ENTRY_STEPS[step][1]
    extra = {"contest": contest} if form_class is EntryBasicsForm else {}
    form = form_class(request.POST or None, entry=entry, **extra)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_entry(entry=entry, by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, _("Saved."))
            return redirect(_next_url(entry, step))
    return render(
        request,
        "registration/entry_form.html",
        {"form": form, "entry": entry, "step": step, "steps": _steps(entry), "window": registration_window(contest)},
    )


@audience(ENTRANT_OWNER)
@login_required
@require_http_methods(["GET"])
def entry_files(request, code):
    contest = current_contest_or_404(request)
    entry = _own_entry(request, contest, code)
    return render(
        request,
        "registration/entry_files.html",
        {"entry": entry, "step": "files", "steps": _steps(entry), "window": registration_window(contest)},
    )


@audience(ENTRANT_OWNER)
@login_required
@require_http_methods(["GET"])
def entry_detail(request, code):
    contest = current_contest_or_404(request)
    entry = _own_entry(request, contest, code)
    return render(
        request,
        "registration/entry_detail.html",
        {"entry": entry, "confirmation": _confirmation(request, entry), "window": registration_window(contest)},
    )


@audience(ENTRANT_OWNER)
@login_required
@require_http_methods(["GET", "POST"])
def entry_submit(request, code):
    contest = current_contest_or_404(request)
    entry = _own_entry(request, contest, code)
    errors = []
    if request.method == "POST":
        try:
            services.submit_entry(entry=entry, by=request.user)
        except ValidationError as exc:
            errors = exc.messages
        else:
            messages.success(request, _("Your entry is submitted."))
            return redirect("registration:entry", code=entry.code)
    problems = services.completeness_errors(entry)
    return render(
        request,
        "registration/entry_submit.html",
        {
            "entry": entry,
            "errors": errors,
            "problems": _problem_list(entry, problems),
            "step": "submit",
            "steps": _steps(entry),
            "preview": services.confirmation_text(entry),
            "phone": mask_phone(entry.entrant.user.phone),
            "window": registration_window(contest),
        },
    )


def _problem_list(entry, problems):
    """Completeness problems as (field, label, message, url of the step that edits the field); the
    whole-entry ones (team, files) have no field, label or url."""
    step_of = {name: step for step, (_label, form) in ENTRY_STEPS.items() for name in form.base_fields}
    rows = []
    for field, found in problems.items():
        label = "" if field is None else Entry._meta.get_field(field).verbose_name
        url = reverse("registration:entry_step", args=[entry.code, step_of[field]]) if field in step_of else ""
        for message in found if isinstance(found, list) else [found]:
            rows.append((field, label, message, url))
    return rows


@audience(ENTRANT_OWNER)
@login_required
@require_http_methods(["GET", "POST"])
def entry_withdraw(request, code):
    contest = current_contest_or_404(request)
    entry = _own_entry(request, contest, code)
    page = reverse("registration:entry", args=[entry.code])
    return _confirm_then(
        request,
        contest,
        action=lambda: services.withdraw_entry(entry=entry, by=request.user),
        success=_("Your entry is withdrawn. You can submit it again until registration ends."),
        done=page,
        back=page,
        title=_("Withdraw “%(name)s”?") % {"name": entry.display_name},
        text=_("A withdrawn entry takes no part in the selection. You can submit it again until registration ends."),
        button=_("Withdraw"),
    )


@audience(ENTRANT_OWNER)
@login_required
@require_http_methods(["GET", "POST"])
def entry_delete(request, code):
    contest = current_contest_or_404(request)
    entry = _own_entry(request, contest, code)
    page = reverse("registration:entry", args=[entry.code])
    return _confirm_then(
        request,
        contest,
        action=lambda: services.delete_entry(entry=entry, by=request.user),
        success=_("The draft is deleted."),
        done=reverse("registration:dashboard"),
        failed=page,
        back=page,
        title=_("Delete the draft “%(name)s”?") % {"name": entry.display_name},
        text=_("The draft and its files are deleted for good."),
        button=_("Delete"),
    )
