"""Figures of judging for the work bulletins: per round, entries, judges, sheets and who advanced."""

from django.db.models import Count, Q

from .models import AssignmentStatus, Round


def round_figures(contest):
    """One dict per round of the contest, in schedule order (one query)."""
    rounds = (
        Round.objects.filter(stage__contest=contest)
        .select_related("stage", "track")
        .annotate(
            entries=Count("round_entries", distinct=True),
            judges=Count("panel", distinct=True),
            sheets_submitted=Count(
                "assignments",
                filter=Q(assignments__status=AssignmentStatus.SUBMITTED, assignments__recused_at__isnull=True),
                distinct=True,
            ),
            advanced=Count("round_entries", filter=Q(round_entries__advances=True), distinct=True),
        )
        .order_by("stage__starts_at", "track__order", "pk")
    )
    return [
        {
            "round": str(r),
            "kind": r.stage.kind,
            "track": r.track.code if r.track_id else "",
            "entries": r.entries,
            "judges": r.judges,
            "sheets_submitted": r.sheets_submitted,
            # Only released decisions are public figures.
            "advanced": r.advanced if r.results_released_at else None,
        }
        for r in rounds
    ]
