"""The entrant's view of their results (role: entrant, owner of the entry), once released.

Only rounds whose results the organizers released appear: an entry added to the next round
before the release must not give the decision away.
"""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.views.decorators.http import require_http_methods

from accounts.audience import ENTRANT_OWNER, audience
from contest.queries import current_contest_or_404

from ..queries import entry_for_entrant, released_rounds


@audience(ENTRANT_OWNER)
@login_required
@require_http_methods(["GET"])
def entry_results(request, code):
    entry = entry_for_entrant(request.user, current_contest_or_404(request), code)
    return render(request, "judging/entrant/results.html", {"entry": entry, "released": released_rounds(entry)})
