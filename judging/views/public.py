"""The public results pages (role: anyone): who advanced to the re-selection and to the final,
by track, once the organizer released the round's results."""

from itertools import groupby

from django.http import Http404
from django.shortcuts import render
from django.views.decorators.http import require_GET

from contest.queries import current_contest_or_404

from ..results import PUBLISHED_KINDS, TITLES, advanced_entries


@require_GET
def released(request, kind):
    contest = current_contest_or_404(request)
    if kind not in PUBLISHED_KINDS:
        raise Http404
    rows = advanced_entries(contest, kind)
    groups = [(track, [row.entry for row in items]) for track, items in groupby(rows, key=lambda r: r.entry.track)]
    return render(
        request, "judging/public/released.html", {"title": TITLES[kind], "groups": groups, "count": len(rows)}
    )
