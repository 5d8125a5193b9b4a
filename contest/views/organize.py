"""The organizers' home (role: organizer, behind the one staff gate): the contest at a glance and
the way into every area."""

from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from accounts.gates import organizer_required

from ..areas import organizer_areas
from ..context_processors import current_contest
from ..home import home_panels


@organizer_required
@never_cache
@require_GET
def home(request):
    # No contest needed: before the first edition exists, the admin link is the way to create it.
    contest = current_contest(request)["contest"]
    return render(
        request,
        "contest/organize/home.html",
        {"areas": organizer_areas(), "panels": home_panels(contest, now=timezone.now())},
    )
