"""The ranking of a round, per track, from the submitted sheets: a fixed number of queries.

Only active (not recused), submitted sheets of entries still in the contest count. The
numbers come from `judging.aggregation`; this module loads them and shapes the rows the
organizer pages, the advancement and the export show.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Avg

from . import aggregation
from .models import Assignment, AssignmentStatus, RoundEntry, Score
from .queries import round_criteria, round_entries


@dataclass
class RankingRow:
    round_entry: object
    entry: object
    aggregate: float | None
    rank: int | None = None
    tied: bool = False
    totals: list = field(default_factory=list)  # submitted weighted totals
    assigned: int = 0  # active assignments
    criterion_means: dict = field(default_factory=dict)  # criterion pk → mean raw score
    spread: float | None = None
    disagreement: bool = False
    rule_advances: bool | None = None
    at_cut: bool = False  # tied with an entry on the other side of the cut

    @property
    def count(self):
        return len(self.totals)


@dataclass
class TrackRanking:
    track: object
    rows: list


def ranking(round_, *, track=None):
    """TrackRanking per track of the round (one track when given), rows best first."""
    criteria = round_criteria(round_)
    entries = _round_entries(round_, track)
    assigned, totals, aggregates = _sheet_figures(round_)
    means = _criterion_means(round_)
    tie_break = [c.pk for c in sorted((c for c in criteria if c.tie_break_rank), key=lambda c: c.tie_break_rank)]
    threshold = float(round_.disagreement_spread)

    by_track = defaultdict(list)
    for round_entry in entries:
        entry = round_entry.entry
        entry_totals = totals.get(entry.pk, [])
        spread = aggregation.spread(entry_totals)
        row = RankingRow(
            round_entry=round_entry,
            entry=entry,
            aggregate=aggregates.get(entry.pk),
            totals=sorted(entry_totals, reverse=True),
            assigned=assigned.get(entry.pk, 0),
            criterion_means=means.get(entry.pk, {}),
            spread=spread,
            disagreement=spread is not None and spread > threshold,
        )
        by_track[entry.track].append(row)
    return [
        TrackRanking(track=track_, rows=_rank_track(round_, by_track[track_], tie_break))
        for track_ in sorted(by_track, key=lambda t: (t.order, t.pk))
    ]


def _round_entries(round_, track):
    # Thousands of rows: only the fields the ranking shows (not the entrant, dates or texts).
    entries = list(
        round_entries(round_)
        .select_related(None)
        .select_related("entry__track")
        .only(*RoundEntry._decision_fields, "entry__code", "entry__display_name", "entry__track")
    )
    if track is not None:
        entries = [re for re in entries if re.entry.track_id == track.pk]
    return entries


def _sheet_figures(round_):
    """Per entry pk: active assignments, submitted totals, and the aggregate of the round's rule."""
    sheets = list(
        Assignment.objects.filter(round=round_, recused_at__isnull=True, entry__status="submitted").values_list(
            "entry_id", "judge_id", "status", "total"
        )
    )
    submitted = [
        (entry, judge, total) for entry, judge, status, total in sheets if status == AssignmentStatus.SUBMITTED
    ]
    assigned = defaultdict(int)
    for entry, _judge, _status, _total in sheets:
        assigned[entry] += 1
    totals = defaultdict(list)
    for entry, _judge, total in submitted:
        totals[entry].append(total)
    # Over the whole round: z-scores standardise each judge over all of their sheets.
    return assigned, totals, aggregation.aggregates(round_.aggregation, submitted)


def _criterion_means(round_):
    """Entry pk → {criterion pk: mean raw score of the submitted sheets}."""
    means = defaultdict(dict)
    for row in (
        Score.objects.filter(
            assignment__round=round_,
            assignment__recused_at__isnull=True,
            assignment__status=AssignmentStatus.SUBMITTED,
        )
        .values("assignment__entry_id", "criterion_id")
        .annotate(mean=Avg("value"))
    ):
        means[row["assignment__entry_id"]][row["criterion_id"]] = (
            float(row["mean"]) if row["mean"] is not None else None
        )
    return means


def _rank_track(round_, rows, tie_break):
    """The rows of one track, best first, with rank, ties and what the advancement rule proposes."""
    ranked = aggregation.rank(
        [
            aggregation.Ranked(
                key=row.entry.code,
                aggregate=row.aggregate,
                tie_keys=tuple(row.criterion_means.get(pk) for pk in tie_break),
                extra={"row": row},
            )
            for row in rows
        ]
    )
    ordered = []
    for item in ranked:
        row = item.extra["row"]
        row.rank, row.tied = item.rank, item.tied
        ordered.append(row)
    _apply_rule(round_, ordered)
    return ordered


def _apply_rule(round_, rows):
    """Mark what the round's advancement rule proposes for each row, and ties across the cut."""
    if round_.advancement_rule == "top_n":
        cut = round_.advance_count
        for row in rows:
            row.rule_advances = row.rank is not None and row.rank <= cut
        # Competition ranking lets a tie straddle the cut (ranks 8, 8 with a cut of 8 both pass,
        # but 8, 8 sharing ranks 8 and 9 would not exist): flag a tied group that reaches past it.
        for row in rows:
            if row.tied and row.rank is not None and row.rank <= cut:
                group = [r for r in rows if r.rank == row.rank]
                if row.rank + len(group) - 1 > cut:
                    for member in group:
                        member.at_cut = True
    elif round_.advancement_rule == "threshold":
        threshold = float(round_.advance_threshold)
        for row in rows:
            row.rule_advances = row.aggregate is not None and round(row.aggregate, aggregation.PLACES) >= threshold
    else:
        for row in rows:
            row.rule_advances = None


def decimal_or_none(value, places="0.001"):
    return Decimal(str(value)).quantize(Decimal(places)) if value is not None else None
