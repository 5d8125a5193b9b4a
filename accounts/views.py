"""The "my account" pages: overview, download my data, delete my account (for every signed-in user)."""

import json

from allauth.account.decorators import reauthentication_required
from allauth.account.models import EmailAddress
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from accounts.audience import ENTRANT_OWNER, audience

from . import services
from .forms import DeleteAccountForm
from .phone import mask_phone
from .rules import can_delete_own_account, has_totp, is_judge, is_organizer, needs_mfa


@audience(ENTRANT_OWNER)
@login_required
@require_GET
def overview(request):
    user = request.user
    context = {
        "masked_phone": mask_phone(user.phone),
        "emails": EmailAddress.objects.filter(user=user).order_by("-primary", "email"),
        "has_password": user.has_usable_password(),
        "has_totp": has_totp(user),
        "needs_mfa": needs_mfa(user),
        "is_judge": is_judge(user),
        "is_organizer": is_organizer(user),
    }
    return render(request, "accounts/overview.html", context)


@audience(ENTRANT_OWNER)
@login_required
@require_GET
def export_data(request):
    data = services.export_personal_data(user=request.user)
    body = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2)
    response = HttpResponse(body, content_type="application/json; charset=utf-8")
    filename = f"my-data-{timezone.localdate().isoformat()}.json"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "no-store"
    return response


@audience(ENTRANT_OWNER)
@login_required
@require_http_methods(["GET", "POST"])
@reauthentication_required(allow_get=True)
def delete_account(request):
    user = request.user
    allowed = can_delete_own_account(user)
    form = DeleteAccountForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and allowed and form.is_valid():
        try:
            services.delete_account(user=user)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            logout(request)
            messages.success(request, _("Your account has been deleted."))
            return redirect("/")
    return render(request, "accounts/delete.html", {"form": form, "allowed": allowed})
