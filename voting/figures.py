"""The public vote's panel of the organizers' home (`contest.home`): today's votes, the flagged
votes and clusters waiting for review (two queries)."""

from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from contest.home import Figure, Panel

from .models import FlagCluster, Vote


def voting_panel(contest, *, now):
    counts = Vote.objects.filter(contest=contest).aggregate(
        today=Count("pk", filter=Q(day=timezone.localdate(now))),
        valid=Count("pk", filter=Q(status=Vote.Status.VALID)),
        flagged=Count("pk", filter=Q(status=Vote.Status.FLAGGED)),
    )
    open_clusters = FlagCluster.objects.filter(contest=contest, status=FlagCluster.Status.OPEN).count()
    dashboard = reverse("voting:organize:dashboard")
    review = f"{dashboard}#clusters-title"
    return Panel(
        title=_("Public vote"),
        url=dashboard,
        figures=[
            Figure(label=_("Votes today"), value=counts["today"], url=dashboard),
            Figure(label=_("Valid votes in all"), value=counts["valid"], url=dashboard),
            Figure(
                label=_("Flagged votes waiting for review"),
                value=counts["flagged"],
                detail=ngettext("%(count)s cluster to review", "%(count)s clusters to review", open_clusters)
                % {"count": open_clusters},
                url=review,
                attention=counts["flagged"] > 0 or open_clusters > 0,
            ),
        ],
    )
