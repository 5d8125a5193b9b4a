"""The entrant's view of their results (role: entrant, owner of the entry), once released.

Only rounds whose results the organizers released appear: an entry added to the next round
before the release must not give the decision away.
"""

from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_http_methods

from contest.models import Stage
from contest.queries import current_contest_or_404
from registration.models import Entry

from ..models import RoundEntry
from ..services.rounds import next_round_kind


@login_required
@require_http_methods(["GET"])
def entry_results(request, code):
    contest = current_contest_or_404(request)
    entry = get_object_or_404(Entry.objects.for_user(request.user).select_related("track"), contest=contest, code=code)
    released = list(
        RoundEntry.objects.filter(entry=entry, round__results_released_at__isnull=False)
        .select_related("round__stage", "round__track")
        .order_by("round__stage__starts_at")
    )
    for item in released:
        next_kind = next_round_kind(item.round.stage.kind)
        item.next_label = Stage.Kind(next_kind).label if next_kind else ""
    return render(request, "judging/results/entry.html", {"entry": entry, "released": released})
