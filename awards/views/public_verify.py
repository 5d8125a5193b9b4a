"""The public check of a certificate, reached by the QR code printed on it.

Anyone may open it, signed in or not. It says whose certificate it is, for which award of which
contest and from which day — or that the award was revoked — and nothing else: no entry
details, no link to the file, no other certificate.
"""

from django.shortcuts import get_object_or_404, render
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET

from accounts.audience import PUBLIC, audience

from ..models import Certificate


@audience(PUBLIC)
@require_GET
@cache_control(private=True, no_cache=True)
def verify(request, code):
    certificate = get_object_or_404(Certificate.objects.for_display(), code=code.strip().upper())
    return render(request, "awards/public/verify.html", {"certificate": certificate})
