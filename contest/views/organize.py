"""The organizers' home (role: organizer, behind the one staff gate): the way into every area."""

from django.shortcuts import render
from django.views.decorators.http import require_GET

from accounts.gates import organizer_required

from ..areas import organizer_areas


@organizer_required
@require_GET
def home(request):
    # No contest needed: before the first edition exists, the admin link is the way to create it.
    return render(request, "contest/organize/home.html", {"areas": organizer_areas()})
