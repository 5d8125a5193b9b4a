"""Figures of judging for the work bulletins: per round, entries, judges, sheets and who advanced.

Nothing of a blind round is reported before its results are released: not its progress, not
its scores; the bulletin only says that such rounds are under way.
"""

from collections import Counter, defaultdict
from decimal import Decimal

from django.db.models import Count, F, Max, Min, OuterRef, Q, Subquery, Value
from django.db.models.functions import Coalesce, Floor, Least
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from contest.bulletins.registry import bars, section, table

from .models import Assignment, AssignmentStatus, Round, RoundEntry

BUCKETS = 10  # score distribution in tens on the 0–100 scale of the weighted totals


def _count(queryset):
    """The number of `queryset`'s rows per round, as a subquery of the rounds' query.

    One subquery per relation: counting over joins of three relations at once (entries × panel
    × sheets) multiplies them, which a large round cannot afford.
    """
    counted = queryset.filter(round=OuterRef("pk")).order_by().values("round").annotate(n=Count("pk")).values("n")
    return Coalesce(Subquery(counted), 0)


def round_figures(contest, rounds=None):
    """One dict per round of the contest (or of `rounds`), in schedule order (one query)."""
    rounds = Round.objects.filter(stage__contest=contest) if rounds is None else rounds
    active = Assignment.objects.filter(recused_at__isnull=True)
    rounds = (
        rounds.select_related("stage", "track")
        .annotate(
            entries=_count(RoundEntry.objects.all()),
            judges=_count(Round.panel.through.objects.all()),
            sheets_submitted=_count(active.filter(status=AssignmentStatus.SUBMITTED)),
            sheets_expected=_count(active),
            advanced=_count(RoundEntry.objects.filter(advances=True)),
        )
        .order_by("stage__starts_at", "track__order", "pk")
    )
    return [
        {
            "id": r.pk,
            "round": str(r),
            "kind": r.stage.kind,
            "track": r.track.code if r.track_id else "",
            "entries": r.entries,
            "judges": r.judges,
            "sheets_submitted": r.sheets_submitted,
            "sheets_expected": r.sheets_expected,
            # Only released decisions are public figures.
            "advanced": r.advanced if r.results_released_at else None,
            "decided": r.advanced_at is not None,
            "threshold": float(r.disagreement_spread),
        }
        for r in rounds
    ]


def bulletin_figures(contest, *, stage):
    """The judging section: rounds begun by the end of `stage` (blind ones only once released)."""
    now = timezone.now()
    begun = Round.objects.filter(stage__contest=contest, stage__starts_at__lt=stage.ends_at, stage__starts_at__lte=now)
    visible = begun.filter(Q(blind=False) | Q(results_released_at__isnull=False))
    withheld = begun.count() - visible.count()
    rows = round_figures(contest, visible)
    if not rows and not withheld:
        return None
    ids = [row["id"] for row in rows]
    flagged = _flags(ids, {row["id"]: row["threshold"] for row in rows})
    return section(
        _("Judging"),
        facts=[
            (_("Rounds"), len(rows)),
            (_("Score sheets in"), sum(row["sheets_submitted"] for row in rows)),
            (_("Entries advanced"), sum(row["advanced"] or 0 for row in rows)),
        ],
        tables=[
            _rounds_table(rows, flagged),
            table(
                _("Entries advanced by track"),
                [_("Round"), _("Track"), _("Advanced")],
                _advanced_by_track(ids, {row["id"]: row["round"] for row in rows}),
            ),
        ],
        charts=[
            bars(_("Score distribution: %(round)s") % {"round": row["round"]}, histogram)
            for row, histogram in zip(rows, _histograms(ids), strict=True)
            if histogram
        ],
        notes=[_withheld_note(withheld)] if withheld else [],
    )


def _withheld_note(withheld):
    return ngettext(
        "%(count)d blind round under way: its figures follow the release of its results.",
        "%(count)d blind rounds under way: their figures follow the release of their results.",
        withheld,
    ) % {"count": withheld}


def _rounds_table(rows, flagged):
    columns = [
        _("Round"),
        _("Entries"),
        _("Judges"),
        _("Sheets in / expected"),
        _("Advanced"),
        _("Disagreements flagged / resolved"),
    ]
    return table(
        _("Rounds"),
        columns,
        [
            (
                row["round"],
                row["entries"],
                row["judges"],
                f"{row['sheets_submitted']} / {row['sheets_expected']}",
                "—" if row["advanced"] is None else row["advanced"],
                # A flag is resolved once the organizer has decided who advances from the round.
                f"{flagged[row['id']]} / {flagged[row['id']] if row['decided'] else 0}",
            )
            for row in rows
        ],
    )


def _sheets(ids):
    return Assignment.objects.filter(round_id__in=ids, status=AssignmentStatus.SUBMITTED, recused_at__isnull=True)


def _flags(ids, thresholds):
    """Entries per round whose highest and lowest totals differ by more than the round's threshold."""
    spreads = _sheets(ids).values_list("round_id", "entry_id").annotate(spread=Max("total") - Min("total")).order_by()
    flagged = Counter()
    for round_id, _entry, spread in spreads:
        if spread is not None and float(spread) > thresholds[round_id]:
            flagged[round_id] += 1
    return flagged


def _histograms(ids):
    counts = defaultdict(dict)
    rows = (
        _sheets(ids)
        .annotate(bucket=Least(Floor(F("total") / Value(Decimal(BUCKETS))), Value(Decimal(BUCKETS - 1))))
        .values_list("round_id", "bucket")
        .annotate(n=Count("id"))
        .order_by()
    )
    for round_id, bucket, n in rows:
        counts[round_id][int(bucket)] = n
    return [
        [(f"{b * BUCKETS}–{(b + 1) * BUCKETS}", counts[i].get(b, 0)) for b in range(BUCKETS)] if counts[i] else []
        for i in ids
    ]


def _advanced_by_track(ids, names):
    rows = (
        RoundEntry.objects.filter(round_id__in=ids, round__results_released_at__isnull=False, advances=True)
        .values_list("round_id", "entry__track__name")
        .annotate(n=Count("id"))
        .order_by("round_id", "entry__track__order")
    )
    return [(names[round_id], track, n) for round_id, track, n in rows]
