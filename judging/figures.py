"""Judging's panel of the organizers' home (`contest.home`): per round, score sheets in against
those expected and the judges behind, in one query whatever the number of rounds."""

from django.db.models import Count, IntegerField, OuterRef, Q, Subquery, Value
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from contest.home import Figure, Panel
from registration.models import Entry

from .models import AssignmentStatus, Round, RoundEntry


def _rounds_with_progress(contest):
    active = Q(assignments__recused_at__isnull=True, assignments__entry__status=Entry.Status.SUBMITTED)
    # The entries in by a subquery: counted over the join with the sheets, they would multiply.
    entries = (
        RoundEntry.objects.filter(round=OuterRef("pk"), entry__status=Entry.Status.SUBMITTED)
        .order_by()
        .values("round")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return (
        Round.objects.filter(stage__contest=contest)
        .select_related("stage", "track")
        .annotate(
            entries_in=Coalesce(Subquery(entries, output_field=IntegerField()), Value(0)),
            assigned=Count("assignments", filter=active, distinct=True),
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


def _detail(round_, now):
    if not round_.has_opened(now):
        return _("Not open yet")
    if not round_.assigned:
        return _("No sheet assigned yet")
    if round_.judges_behind:
        return ngettext("%(count)s judge behind", "%(count)s judges behind", round_.judges_behind) % {
            "count": round_.judges_behind
        }
    return _("No judge behind")


def judging_panel(contest, *, now):
    """One figure per round: sheets submitted / sheets expected (assigned, or before the assignment
    the entries in times the judges per entry), and judges with sheets still to submit."""
    figures = []
    for round_ in _rounds_with_progress(contest):
        expected = round_.assigned or round_.entries_in * round_.judges_per_entry
        figures.append(
            Figure(
                label=str(round_),
                value=f"{round_.scored} / {expected}",
                detail=_detail(round_, now),
                url=reverse("judging:organize:progress", args=[round_.code]),
                attention=bool(round_.judges_behind) and round_.has_closed(now),
            )
        )
    return Panel(title=_("Judging"), figures=figures, url=reverse("judging:organize:index"))
