"""Entrant pages of policy support under /me/awards/ (role: entrant, login required).

Consent to recommendation (give or withdraw, with the history) and startup guarantee loan
applications with the limits shown. Each page reads only the signed-in user's own profile and
applications; anything else answers 404.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from accounts.audience import ENTRANT_OWNER, audience
from accounts.form_errors import apply_service_errors
from contest.queries import current_contest_or_404
from registration.queries import entrant_for

from .. import services
from ..forms import ConsentForm, LoanApplicationForm
from ..queries import consent_history, entrant_consents, loan_policies, own_loan_applications


def _own_entrant(request):
    contest = current_contest_or_404(request)
    entrant = entrant_for(request.user, contest)
    if entrant is None:
        raise Http404(_("You have no entrant profile in this contest."))
    return entrant


@audience(ENTRANT_OWNER)
@login_required
@require_http_methods(["GET", "POST"])
def consent(request):
    entrant = _own_entrant(request)
    form = ConsentForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.set_recommendation_consent(entrant=entrant, by=request.user, **form.cleaned_data)
        if form.cleaned_data["given"]:
            messages.success(request, _("Your work may now be recommended to partners."))
        else:
            messages.success(request, _("Consent withdrawn: your work will not be recommended again."))
        return redirect("awards:consent")
    return render(
        request,
        "awards/policy/consent.html",
        {
            "entrant": entrant,
            "form": form,
            "consents": entrant_consents(entrant),
            "history": list(consent_history(entrant)),
        },
    )


@audience(ENTRANT_OWNER)
@login_required
@require_http_methods(["GET", "POST"])
def loan(request):
    entrant = _own_entrant(request)
    form = LoanApplicationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.apply_for_loan(entrant=entrant, by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, _("Application recorded. The organizers will refer it to the bank."))
            return redirect("awards:loan")
    return render(
        request,
        "awards/policy/loan.html",
        {
            "entrant": entrant,
            "form": form,
            "policies": loan_policies(entrant.contest),
            "applications": list(own_loan_applications(request.user, entrant.contest)),
        },
    )


@audience(ENTRANT_OWNER)
@login_required
@require_POST
def loan_withdraw(request, pk):
    contest = current_contest_or_404(request)
    application = get_object_or_404(own_loan_applications(request.user, contest).select_related("entrant"), pk=pk)
    try:
        services.withdraw_loan_application(application=application, by=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Application withdrawn."))
    return redirect("awards:loan")
