"""Totals, aggregates and ranks on examples worked out by hand."""

from decimal import Decimal
from math import sqrt

import pytest

from judging.aggregation import (
    CriterionSpec,
    Ranked,
    aggregates,
    mean,
    rank,
    spread,
    trimmed_mean,
    weighted_total,
    zscore_aggregates,
)

D = Decimal


def test_weighted_total_puts_each_criterion_on_its_range():
    criteria = [
        CriterionSpec("a", D(30), D(0), D(10)),
        CriterionSpec("b", D(35), D(0), D(10)),
        CriterionSpec("c", D(35), D(1), D(5)),  # a 1–5 scale: 4 is three quarters of the way
        CriterionSpec("info", D(0), D(0), D(10)),
    ]

    # 30 × 0.8 + 35 × 0.6 + 35 × 0.75 = 24 + 21 + 26.25
    assert weighted_total({"a": D(8), "b": D(6), "c": D(4), "info": D(1)}, criteria) == D("71.250")


def test_weighted_total_of_the_top_of_every_range_is_100():
    criteria = [CriterionSpec("a", D(40), D(0), D(10)), CriterionSpec("b", D(60), D(0), D(5))]

    assert weighted_total({"a": D(10), "b": D(5)}, criteria) == D(100)


def test_trimmed_mean_drops_the_extremes_from_five_scores():
    assert trimmed_mean([60, 100, 70, 90, 80]) == pytest.approx(80.0)  # (70 + 80 + 90) / 3


def test_trimmed_mean_keeps_every_score_below_five():
    assert trimmed_mean([60, 70, 80, 100]) == pytest.approx(77.5)
    assert mean([60, 70, 80, 100]) == pytest.approx(77.5)


def test_trimmed_mean_aggregates_per_entry():
    sheets = [("e1", j, t) for j, t in enumerate([50, 95, 70, 72, 74])] + [("e2", 9, 60)]

    assert aggregates("trimmed_mean", sheets) == {"e1": pytest.approx(72.0), "e2": pytest.approx(60.0)}


# A harsh judge A (50, 60, 70) and a lenient judge B (80, 90, 85) on three entries.
HARSH_AND_LENIENT = [
    ("e1", "A", 50),
    ("e2", "A", 60),
    ("e3", "A", 70),
    ("e1", "B", 80),
    ("e2", "B", 90),
    ("e3", "B", 85),
]


def test_zscores_standardise_each_judge_then_map_back_to_the_scale():
    # A: mean 60, sd √(200/3) → z = −√1.5, 0, +√1.5.   B: mean 85, sd √(50/3) → z = −√1.5, +√1.5, 0.
    # Entry means of z: e1 −√1.5, e2 √1.5 / 2, e3 √1.5 / 2.
    # All six totals: mean 72.5, sd √(1187.5 / 6); mapped back: 72.5 + sd × mean z.
    scale = sqrt(1187.5 / 6)
    expected = {
        "e1": 72.5 - scale * sqrt(1.5),  # 55.26994…
        "e2": 72.5 + scale * sqrt(1.5) / 2,  # 81.11503…
        "e3": 72.5 + scale * sqrt(1.5) / 2,
    }

    result = zscore_aggregates(HARSH_AND_LENIENT)

    assert result == {key: pytest.approx(value) for key, value in expected.items()}
    assert result["e1"] == pytest.approx(55.26994, abs=1e-5)
    assert result["e2"] == pytest.approx(81.11503, abs=1e-5)


def test_zscores_change_the_order_that_plain_means_give():
    means = aggregates("mean", HARSH_AND_LENIENT)
    zs = aggregates("zscore", HARSH_AND_LENIENT)

    assert means == {"e1": pytest.approx(65.0), "e2": pytest.approx(75.0), "e3": pytest.approx(77.5)}
    assert zs["e2"] == pytest.approx(zs["e3"])  # the lenient judge's 90 weighs no more than the harsh one's 70


def test_a_judge_who_gives_everyone_the_same_total_counts_as_zero():
    result = zscore_aggregates([("e1", "A", 70), ("e2", "A", 70), ("e1", "B", 60), ("e2", "B", 80)])

    # B alone orders them: z = −1, +1; A adds 0 to both. Totals: mean 70, sd √50.
    assert result["e1"] == pytest.approx(70 - sqrt(50) / 2)
    assert result["e2"] == pytest.approx(70 + sqrt(50) / 2)


def test_rank_shares_places_between_equal_aggregates_and_flags_them():
    rows = rank([Ranked("a", 80.0), Ranked("b", 90.0), Ranked("c", 90.0), Ranked("d", 70.0), Ranked("e", None)])

    assert [(r.key, r.rank, r.tied) for r in rows] == [
        ("b", 1, True),
        ("c", 1, True),
        ("a", 3, False),
        ("d", 4, False),
        ("e", None, False),
    ]


def test_rank_breaks_ties_by_the_criteria_in_order():
    rows = rank([Ranked("a", 90.0, (7.0, 9.0)), Ranked("b", 90.0, (8.0, 1.0)), Ranked("c", 90.0, (8.0, 2.0))])

    assert [(r.key, r.rank, r.tied) for r in rows] == [("c", 1, False), ("b", 2, False), ("a", 3, False)]


def test_rank_ignores_floating_point_noise():
    rows = rank([Ranked("a", 0.1 + 0.2), Ranked("b", 0.3)])

    assert [r.rank for r in rows] == [1, 1]


def test_spread_is_the_distance_between_the_extremes():
    assert spread([D("62.5"), D("90"), D("75")]) == pytest.approx(27.5)
    assert spread([]) is None
