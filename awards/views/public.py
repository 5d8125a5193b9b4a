"""The public winners page (role: anyone): the published awards by award and track."""

from itertools import groupby

from django.shortcuts import render
from django.views.decorators.http import require_http_methods

from accounts.audience import PUBLIC, audience
from contest.queries import current_contest_or_404

from .. import queries


@audience(PUBLIC)
@require_http_methods(["GET"])
def winners(request):
    contest = current_contest_or_404(request)
    awards = queries.published_awards(contest)
    groups = [
        {"award_type": award_type, "tracks": [(track, list(rows)) for track, rows in groupby(items, lambda a: a.track)]}
        for award_type, items in ((t, list(rows)) for t, rows in groupby(awards, lambda a: a.award_type))
    ]
    return render(request, "awards/public/winners.html", {"groups": groups})
