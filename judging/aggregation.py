"""Totals, aggregates and ranks, over plain numbers (no ORM), so that they can be checked by hand.

* A judge's weighted total puts each criterion on its own range and weighs it:
  total = Σ weight × (score − min) / (max − min). Weights sum to 100, so totals run 0–100
  whatever the ranges are; "info only" criteria (weight 0) count for nothing.
* An entry's aggregate, by the round's method:
  - mean of its judges' totals;
  - trimmed mean: with at least five totals, the highest and the lowest are dropped first;
  - z-score: each judge's totals in the round are standardised with that judge's own mean and
    standard deviation (population), so that a harsh and a lenient judge count alike; the
    entry's mean z is mapped back to the scale of all totals of the round (their mean and
    standard deviation). A judge whose totals are all equal says nothing about order: z = 0.
* Ranks per track: by aggregate, then by the mean of each tie-break criterion in the round's
  order; entries still equal share a rank (1, 2, 2, 4) and are flagged as tied.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from math import fsum, sqrt

MEAN = "mean"
TRIMMED_MEAN = "trimmed_mean"
ZSCORE = "zscore"
TRIM_FROM = 5  # scores needed before the extremes are dropped
PLACES = 6  # aggregates compare equal when they agree to this many decimals


@dataclass(frozen=True)
class CriterionSpec:
    key: object
    weight: Decimal
    min_score: Decimal
    max_score: Decimal


def weighted_total(values, criteria):
    """The 0–100 total of one score sheet; `values` maps criterion key → score (all present)."""
    total = Decimal(0)
    for criterion in criteria:
        if not criterion.weight:
            continue
        span = criterion.max_score - criterion.min_score
        total += criterion.weight * (Decimal(values[criterion.key]) - criterion.min_score) / span
    return total.quantize(Decimal("0.001"))


def mean(values):
    values = list(values)
    return fsum(values) / len(values) if values else None


def trimmed_mean(values):
    values = sorted(values)
    if len(values) >= TRIM_FROM:
        values = values[1:-1]
    return mean(values)


def _mean_and_deviation(values):
    centre = fsum(values) / len(values)
    return centre, sqrt(fsum((v - centre) ** 2 for v in values) / len(values))


def zscore_aggregates(sheets):
    """Entry key → aggregate for sheets (entry, judge, total), by per-judge standardisation."""
    if not sheets:
        return {}
    by_judge = defaultdict(list)
    for _entry, judge, total in sheets:
        by_judge[judge].append(float(total))
    stats = {judge: _mean_and_deviation(totals) for judge, totals in by_judge.items()}
    centre, deviation = _mean_and_deviation([float(total) for _e, _j, total in sheets])
    zs = defaultdict(list)
    for entry, judge, total in sheets:
        judge_mean, judge_deviation = stats[judge]
        zs[entry].append((float(total) - judge_mean) / judge_deviation if judge_deviation else 0.0)
    return {entry: centre + deviation * mean(values) for entry, values in zs.items()}


def aggregates(method, sheets):
    """Entry key → aggregate by `method` for sheets given as (entry, judge, total)."""
    if method == ZSCORE:
        return zscore_aggregates(sheets)
    by_entry = defaultdict(list)
    for entry, _judge, total in sheets:
        by_entry[entry].append(float(total))
    pick = trimmed_mean if method == TRIMMED_MEAN else mean
    return {entry: pick(totals) for entry, totals in by_entry.items()}


@dataclass
class Ranked:
    key: object
    aggregate: float | None
    tie_keys: tuple = ()
    rank: int | None = None
    tied: bool = False
    extra: dict = field(default_factory=dict)


def rank(rows):
    """Give each Ranked row its rank, best first; rows without an aggregate come last, unranked.

    Rows are compared by aggregate (to PLACES decimals), then by `tie_keys` in order (higher
    is better, missing is worst); equal rows share the rank and are marked `tied`.
    """

    def sort_key(row):
        tie = tuple(-(round(v, PLACES)) if v is not None else float("inf") for v in row.tie_keys)
        return (-round(row.aggregate, PLACES), *tie, str(row.key))

    def compare_key(row):
        return (round(row.aggregate, PLACES), tuple(None if v is None else round(v, PLACES) for v in row.tie_keys))

    scored = sorted((r for r in rows if r.aggregate is not None), key=sort_key)
    previous = None
    for position, row in enumerate(scored, start=1):
        key = compare_key(row)
        if previous is not None and key == compare_key(previous):
            row.rank = previous.rank
            row.tied = previous.tied = True
        else:
            row.rank = position
        previous = row
    unscored = sorted((r for r in rows if r.aggregate is None), key=lambda r: str(r.key))
    return scored + unscored


def spread(values):
    values = [float(v) for v in values]
    return max(values) - min(values) if values else None
