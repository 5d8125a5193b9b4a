"""Organizers' pages of registration (role: organizer, under /organize/registration/).

Entries themselves are managed in the admin; here organizers send SMS notices to entrants.
Every page passes the staff gate (`accounts.gates.organizer_required`).
"""

import uuid

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods

from accounts.gates import organizer_required
from contest.queries import current_contest_or_404
from notifications.texts import NOTICE_TEMPLATES

from .. import services
from ..forms import NoticeForm
from ..models import Notice
from ..notices import notice_audiences, recipient_phones, wording_with_blanks


@organizer_required
@require_http_methods(["GET", "POST"])
def notices(request):
    """Pick an audience and an approved wording, preview the count and the text, then send once."""
    contest = current_contest_or_404(request)
    audiences = notice_audiences(contest)
    data = request.POST if request.method == "POST" else None
    form = NoticeForm(data, audiences=audiences, templates=NOTICE_TEMPLATES, initial={"token": uuid.uuid4()})
    preview = None
    if form.is_valid():
        audience = form.audiences[form.cleaned_data["audience"]]
        if "send" in request.POST:
            try:
                notice = services.send_notice(
                    contest=contest,
                    by=request.user,
                    template=form.cleaned_data["template"],
                    params=form.cleaned_data["params"],
                    audience_key=audience.key,
                    token=form.cleaned_data["token"],
                )
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                count = notice.recipients
                messages.success(
                    request,
                    ngettext(
                        "The notice is queued for %(count)d entrant.",
                        "The notice is queued for %(count)d entrants.",
                        count,
                    )
                    % {"count": count},
                )
                return redirect("registration:organize:notices")
        if form.is_valid():
            preview = {
                "audience": audience,
                "count": len(recipient_phones(audience)),
                "text": form.cleaned_data["sms_template"].render(form.cleaned_data["params"]),
            }
    sent = Notice.objects.filter(contest=contest).select_related("sent_by")[:50]
    return render(
        request,
        "registration/organize/notices.html",
        {
            "form": form,
            "preview": preview,
            "sent": sent,
            "wordings": [(template.label, wording_with_blanks(template)) for template in NOTICE_TEMPLATES.values()],
        },
    )
