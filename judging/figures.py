"""Judging's panel of the organizers' home (`contest.home`): per round, score sheets in against
those expected and the judges behind, in one query whatever the number of rounds."""

from django.db.models import Count, Q
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from contest.home import Figure, Panel
from registration.models import Entry

from .models import AssignmentStatus, Round


def judging_panel(contest, *, now):
    """One figure per round: sheets submitted / sheets assigned, and judges with sheets still to submit."""
    active = Q(assignments__recused_at__isnull=True, assignments__entry__status=Entry.Status.SUBMITTED)
    rounds = (
        Round.objects.filter(stage__contest=contest)
        .select_related("stage", "track")
        .annotate(
            expected=Count("assignments", filter=active, distinct=True),
            scored=Count(
                "assignments", filter=active & Q(assignments__status=AssignmentStatus.SUBMITTED), distinct=True
            ),
            judges_behind=Count(
                "assignments__judge",
                filter=active & ~Q(assignments__status=AssignmentStatus.SUBMITTED),
                distinct=True,
            ),
        )
        .order_by("stage__starts_at", "track__order", "pk")
    )
    figures = []
    for round_ in rounds:
        if not round_.has_opened(now):
            detail = _("Not open yet")
        elif round_.judges_behind:
            detail = ngettext("%(count)s judge behind", "%(count)s judges behind", round_.judges_behind) % {
                "count": round_.judges_behind
            }
        else:
            detail = _("No judge behind")
        figures.append(
            Figure(
                label=str(round_),
                value=f"{round_.scored} / {round_.expected}",
                detail=detail,
                url=reverse("judging:organize:progress", args=[round_.code]),
                attention=bool(round_.judges_behind) and round_.has_closed(now),
            )
        )
    return Panel(title=_("Judging"), figures=figures, url=reverse("judging:organize:index"))
