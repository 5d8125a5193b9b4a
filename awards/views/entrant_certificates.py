"""An entrant's download of their own certificates; anyone else's code answers 404."""

from django.contrib.auth.decorators import login_required
from django.http import FileResponse
from django.shortcuts import get_object_or_404
from django.views.decorators.http import require_GET

from ..models import Certificate


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
