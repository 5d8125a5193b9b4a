"""An entrant's certificates: the list of their own, and the download of each; anyone else's code
answers 404."""

from django.contrib.auth.decorators import login_required
from django.http import FileResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET

from accounts.audience import ENTRANT_OWNER, audience

from ..models import Certificate


@audience(ENTRANT_OWNER)
@require_GET
@login_required
def certificate_pdf(request, code):
    certificate = get_object_or_404(
        Certificate.objects.owned_by(request.user).valid().ready().for_display(), code=code.upper()
    )
    return FileResponse(
        certificate.file.open("rb"),
        as_attachment=True,
        filename=f"{certificate.award.award_type.name}-{certificate.holder_name}.pdf",
        content_type="application/pdf",
    )


@audience(ENTRANT_OWNER)
@require_GET
@login_required
def certificates(request):
    mine = Certificate.objects.owned_by(request.user).valid().for_display().order_by("award__award_type__order", "pk")
    return render(request, "awards/entrant/certificates.html", {"certificates": mine})
