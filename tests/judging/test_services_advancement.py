"""Ranking, advancement with adjustments, held results, release with SMS."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from judging import services
from judging.models import AuditRecord, RoundEntry
from judging.ranking import ranking
from notifications.models import SmsMessage
from tests.factories import JudgingRoundFactory
from tests.judging.helpers import add_criteria, assign, make_entry, make_judge, score

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


def scored(contest, round_, track, sheets):
    """One entry per row of `sheets`; each row lists, per judge, the three criterion scores."""
    judges = [make_judge(contest, panel=[round_]) for _ in range(max(len(row) for row in sheets))]
    entries = []
    for row in sheets:
        entry = make_entry(contest, track)
        entries.append(entry)
        for judge, values in zip(judges, row, strict=False):
            score(assign(round_, entry, judge), values)
    return entries, judges


@pytest.fixture
def reselection(stages):
    round_ = JudgingRoundFactory(stage=stages["reselection"], track=None, judges_per_entry=3)
    add_criteria(round_)
    return round_


@pytest.fixture
def four(contest, round_, track):
    """Four fully scored entries: best first (totals 90, 70, 50, 30 from every judge)."""
    rows = [[(9, 9, 9)] * 3, [(7, 7, 7)] * 3, [(5, 5, 5)] * 3, [(3, 3, 3)] * 3]
    entries, _judges = scored(contest, round_, track, rows)
    return entries


def test_ranking_orders_by_aggregate_with_means_count_and_spread(contest, round_, track):
    entries, _ = scored(contest, round_, track, [[(9, 9, 9), (5, 5, 5), (7, 7, 7)], [(6, 6, 6), (6, 6, 6), (6, 6, 6)]])

    (track_ranking,) = ranking(round_)

    first, second = track_ranking.rows
    assert (first.entry, first.rank, first.count, first.aggregate) == (entries[0], 1, 3, pytest.approx(70.0))
    assert first.spread == pytest.approx(40.0)
    assert first.disagreement  # 40 > the round's 20
    assert not second.disagreement
    criterion = round_.criteria.order_by("order").first()
    assert first.criterion_means[criterion.pk] == pytest.approx(7.0)


def test_advance_moves_the_top_n_on_and_holds_the_results(contest, round_, track, four, reselection, organizer):
    before = [entry.round_reached for entry in four]

    services.advance_round(round=round_, by=organizer)

    decided = {re.entry_id: (re.rank, re.advances, re.rule_advances) for re in RoundEntry.objects.filter(round=round_)}
    assert [decided[e.pk] for e in four] == [(1, True, True), (2, True, True), (3, False, False), (4, False, False)]
    for entry in four:
        entry.refresh_from_db()
    # Held: nobody outside judging (the public vote reads round_reached) learns it yet.
    assert [entry.round_reached for entry in four] == before
    assert set(RoundEntry.objects.filter(round=reselection).values_list("entry_id", flat=True)) == {
        four[0].pk,
        four[1].pk,
    }
    assert not SmsMessage.objects.exists()
    assert AuditRecord.objects.filter(action="advancement").count() == 4


def test_release_sends_one_sms_per_entrant_once(contest, round_, track, four, organizer):
    services.advance_round(round=round_, by=organizer)

    before = [entry.round_reached for entry in four]

    assert services.release_results(round=round_, by=organizer) == 4
    for entry in four:
        entry.refresh_from_db()
    assert [entry.round_reached for entry in four] == ["reselection", "reselection", *before[2:]]
    with pytest.raises(ValidationError, match="already"):
        services.release_results(round=round_, by=organizer)

    messages = {m.phone: m for m in SmsMessage.objects.all()}
    best = messages[four[0].entrant.user.phone]
    last = messages[four[3].entrant.user.phone]
    assert (best.template, best.params) == ("advancement", {"entry": four[0].display_name, "stage": "复选"})
    assert (last.template, last.purpose) == ("not_advanced", "advancement")
    assert best.idempotency_key == f"judging-result:{round_.code}:{four[0].code}"


def test_releasing_the_final_moves_nobody_on_and_texts_nobody(contest, stages, track, organizer):
    stages["final"].starts_at = timezone.now() - timedelta(days=1)  # open, to be scored
    stages["final"].save(update_fields=["starts_at"])
    final = JudgingRoundFactory(stage=stages["final"], track=None, judges_per_entry=3)
    add_criteria(final)
    entries, judges = scored(contest, final, track, [[(9, 9, 9)] * 3, [(5, 5, 5)] * 3])
    before = [entry.round_reached for entry in entries]
    open_sheet = assign(final, make_entry(contest, track), judges[0])
    with pytest.raises(ValidationError, match="not submitted"):
        services.release_results(round=final, by=organizer)
    open_sheet.delete()
    RoundEntry.objects.filter(round=final, entry=open_sheet.entry).delete()

    assert services.release_results(round=final, by=organizer) == 0

    final.refresh_from_db()
    assert final.results_released_at is not None
    for entry in entries:
        entry.refresh_from_db()
    assert [entry.round_reached for entry in entries] == before
    assert not SmsMessage.objects.exists()
    assert AuditRecord.objects.get(action="results_released").after == {"advanced": 0, "sms": 0}


def test_release_needs_a_decision_first(round_, organizer):
    with pytest.raises(ValidationError, match="Decide"):
        services.release_results(round=round_, by=organizer)


def test_departing_from_the_rule_needs_a_reason(contest, round_, track, four, organizer):
    with pytest.raises(ValidationError, match=four[2].code):
        services.advance_round(round=round_, by=organizer, decisions={four[2].code: True})

    services.advance_round(
        round=round_,
        by=organizer,
        decisions={four[2].code: True, four[0].code: True},
        reasons={four[2].code: "评审会议决定"},
    )

    third = RoundEntry.objects.get(round=round_, entry=four[2])
    assert (third.advances, third.rule_advances, third.decision_reason) == (True, False, "评审会议决定")
    assert AuditRecord.objects.get(action="advancement", entry_code=four[2].code).reason == "评审会议决定"


def test_the_database_refuses_an_override_without_a_reason(contest, round_, track):
    item = RoundEntry.objects.create(round=round_, entry=make_entry(contest, track))
    item.rule_advances, item.advances = False, True
    with pytest.raises(IntegrityError), transaction.atomic():
        item.save()


def test_advance_refuses_while_sheets_are_open(contest, round_, track, four, organizer):
    assign(round_, four[0], make_judge(contest, panel=[round_]))

    with pytest.raises(ValidationError, match="not submitted"):
        services.advance_round(round=round_, by=organizer)


def test_advance_refuses_entries_short_of_scores(contest, round_, track, organizer):
    scored(contest, round_, track, [[(5, 5, 5)] * 3, [(5, 5, 5)] * 2])

    with pytest.raises(ValidationError, match="fewer submitted"):
        services.advance_round(round=round_, by=organizer)


def test_threshold_rule(contest, round_, track, four, organizer):
    round_.advancement_rule, round_.advance_count, round_.advance_threshold = "threshold", None, 50
    round_.save()

    services.advance_round(round=round_, by=organizer)

    assert list(
        RoundEntry.objects.filter(round=round_, advances=True).order_by("rank").values_list("entry_id", flat=True)
    ) == [
        four[0].pk,
        four[1].pk,
        four[2].pk,
    ]


def test_a_tie_across_the_cut_is_flagged(contest, round_, track):
    round_.criteria.update(tie_break_rank=None)
    scored(contest, round_, track, [[(9, 9, 9)] * 3, [(7, 7, 7)] * 3, [(7, 7, 7)] * 3])

    rows = ranking(round_)[0].rows

    assert [(r.rank, r.tied, r.at_cut, r.rule_advances) for r in rows] == [
        (1, False, False, True),
        (2, True, True, True),
        (2, True, True, True),
    ]


def test_tie_break_criteria_separate_equal_totals(contest, round_, track):
    # Weights 30 (tie-break 1), 35, 35 (tie-break 2); both total 49:
    # A = 30 × 0 + 35 × 1 + 35 × 0.4, B = 30 × 0.7 + 35 × 0.8 + 35 × 0. B wins on the first tie-break.
    (entry_a, entry_b), _ = scored(contest, round_, track, [[(0, 10, 4)] * 3, [(7, 8, 0)] * 3])

    rows = ranking(round_)[0].rows

    assert [(row.entry, row.rank, row.tied) for row in rows] == [(entry_b, 1, False), (entry_a, 2, False)]
    assert rows[0].aggregate == pytest.approx(rows[1].aggregate)


def test_the_last_round_does_not_advance(contest, stages, track, organizer):
    final = JudgingRoundFactory(stage=stages["final"], advancement_rule="none", advance_count=None)
    add_criteria(final)

    with pytest.raises(ValidationError, match="No round follows"):
        services.advance_round(round=final, by=organizer)


def test_nothing_changes_once_advancement_is_decided(contest, round_, track, four, organizer):
    services.advance_round(round=round_, by=organizer)
    sheet = round_.assignments.first()

    with pytest.raises(ValidationError, match="decided"):
        services.unlock_scores(assignment=sheet, by=organizer, reason="晚了")
    with pytest.raises(ValidationError, match="decided"):
        services.assign_judges(round=round_, by=organizer)
    with pytest.raises(ValidationError, match="already decided"):
        services.advance_round(round=round_, by=organizer)
