"""Scores: drafts, submission, locks, ranges, comments, the window, unlocks and conflicts."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from judging import services
from judging.models import Assignment, AuditRecord, Conflict, Score
from judging.queries import judge_assignments
from tests.judging.helpers import assign, make_entry, make_judge, score

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


@pytest.fixture
def sheet(contest, round_, track):
    return assign(round_, make_entry(contest, track), make_judge(contest, panel=[round_]))


def criteria(round_):
    return list(round_.criteria.order_by("order", "pk"))


def test_draft_then_submit_stores_the_weighted_total_and_locks(sheet, round_):
    score(sheet, [8, None, None], submit=False)
    sheet.refresh_from_db()
    assert (sheet.status, sheet.total) == ("draft", None)

    score(sheet, [8, 6, 4])

    sheet.refresh_from_db()
    assert sheet.status == "submitted"
    assert sheet.total == Decimal("59.000")  # 30 × 0.8 + 35 × 0.6 + 35 × 0.4
    with pytest.raises(ValidationError, match="locked"):
        score(sheet, [9, 9, 9])


def test_first_score_freezes_the_round(sheet, round_):
    assert not round_.is_frozen

    score(sheet, [5, None, None], submit=False)

    round_.refresh_from_db()
    assert round_.is_frozen


def test_scores_outside_the_range_are_refused(sheet, round_):
    with pytest.raises(ValidationError) as caught:
        score(sheet, [11, -1, "abc"], submit=False)

    first, second, third = criteria(round_)
    assert set(caught.value.error_dict) == {f"criterion_{first.pk}", f"criterion_{second.pk}", f"criterion_{third.pk}"}
    assert not Score.objects.exists()


def test_submission_needs_every_score_and_a_comment_at_either_end(sheet, round_):
    first, second, third = criteria(round_)

    with pytest.raises(ValidationError) as missing:
        score(sheet, [5, None, 5])
    assert list(missing.value.error_dict) == [f"criterion_{second.pk}"]

    with pytest.raises(ValidationError) as uncommented:
        score(sheet, [0, 5, 10], comments={first.pk: "", second.pk: "", third.pk: " "})
    assert set(uncommented.value.error_dict) == {f"comment_{first.pk}", f"comment_{third.pk}"}

    score(sheet, [0, 5, 10], comments={first.pk: "材料缺失", second.pk: "", third.pk: "完全契合"})
    sheet.refresh_from_db()
    assert sheet.status == "submitted"


def test_a_draft_may_sit_at_the_end_of_the_range_without_a_comment(sheet):
    score(sheet, [10, None, None], submit=False, comments={})

    assert Score.objects.get(assignment=sheet, value=10).comment == ""


def test_the_database_refuses_a_score_outside_its_range(sheet, round_):
    criterion = criteria(round_)[0]
    with pytest.raises(IntegrityError), transaction.atomic():
        Score.objects.create(assignment=sheet, criterion=criterion, value=Decimal(11), min_score=0, max_score=10)


def test_the_database_refuses_a_second_assignment_of_the_same_judge(sheet):
    with pytest.raises(IntegrityError), transaction.atomic():
        Assignment.objects.create(round=sheet.round, entry=sheet.entry, judge=sheet.judge, source="manual")


def test_only_the_assigned_judge_scores(contest, sheet, round_):
    other = make_judge(contest, panel=[round_])

    with pytest.raises(PermissionDenied):
        services.save_scores(assignment=sheet, by=other.user, values={}, submit=False)


def test_no_scoring_outside_the_window(sheet, round_):
    stage = round_.stage
    stage.ends_at = timezone.now() - timedelta(minutes=1)
    stage.starts_at = stage.ends_at - timedelta(days=3)
    stage.save()

    with pytest.raises(ValidationError, match="not open"):
        score(sheet, [5, 5, 5])


def test_organizer_unlocks_with_a_reason_and_the_judge_resubmits(sheet, organizer):
    score(sheet, [5, 5, 5])

    with pytest.raises(PermissionDenied):
        services.unlock_scores(assignment=sheet, by=sheet.judge.user, reason="我想改")
    with pytest.raises(ValidationError):
        services.unlock_scores(assignment=sheet, by=organizer, reason=" ")
    services.unlock_scores(assignment=sheet, by=organizer, reason="评委误填")

    sheet.refresh_from_db()
    assert (sheet.status, sheet.total, sheet.submitted_at) == ("draft", None, None)
    score(sheet, [6, 5, 5])
    sheet.refresh_from_db()
    assert sheet.total == Decimal("53.000")
    actions = list(AuditRecord.objects.order_by("seq").values_list("action", "reason"))
    assert actions == [("score_submitted", ""), ("score_unlocked", "评委误填"), ("score_submitted", "")]


def test_each_save_is_logged_with_before_and_after(sheet, round_):
    first = criteria(round_)[0]
    score(sheet, [4, None, None], submit=False)
    score(sheet, [7, None, None], submit=False)

    record = AuditRecord.objects.order_by("-seq").first()
    assert record.action == "score_saved"
    assert record.before["scores"][str(first.pk)]["value"] == "4"
    assert record.after["scores"][str(first.pk)]["value"] == "7"
    assert (record.actor_id, record.entry_code, record.judge_id) == (
        sheet.judge.user_id,
        sheet.entry.code,
        sheet.judge_id,
    )


def test_declaring_a_conflict_hides_the_entry_and_flags_it(contest, sheet, round_):
    judge_user = sheet.judge.user
    assert judge_assignments(judge_user, contest).count() == 1

    services.declare_conflict(assignment=sheet, by=judge_user, reason="曾指导该团队")

    sheet.refresh_from_db()
    assert sheet.recused_at is not None
    assert judge_assignments(judge_user, contest).count() == 0
    assert Conflict.objects.get(judge=sheet.judge).entry == sheet.entry
    with pytest.raises(ValidationError, match="already"):
        services.declare_conflict(assignment=sheet, by=judge_user, reason="再次")
    with pytest.raises(PermissionDenied):
        score(sheet, [5, 5, 5])


def test_another_judge_cannot_declare_a_conflict_for_someone(contest, sheet, round_):
    with pytest.raises(PermissionDenied):
        services.declare_conflict(assignment=sheet, by=make_judge(contest).user, reason="恶意")


def test_organizer_records_a_conflict_and_matching_assignments_are_recused(contest, round_, track, organizer):
    judge = make_judge(contest, panel=[round_])
    same_org = assign(round_, make_entry(contest, track, organisation="某研究院"), judge)
    unrelated = assign(round_, make_entry(contest, track, organisation="别的单位"), judge)

    services.record_conflict(judge=judge, by=organizer, organisation="某 研究院", reason="曾任职")

    same_org.refresh_from_db()
    unrelated.refresh_from_db()
    assert same_org.recused_at is not None
    assert unrelated.recused_at is None
    records = list(AuditRecord.objects.order_by("seq").values_list("action", "entry_code", "reason"))
    assert records == [("conflict_declared", "", "曾任职"), ("conflict_declared", same_org.entry.code, "曾任职")]
