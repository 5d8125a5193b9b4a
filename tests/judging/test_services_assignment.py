"""assign_judges and the changes by hand, on the database."""

from collections import Counter

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from judging import services
from judging.models import Assignment, AuditRecord, RoundEntry
from tests.judging.helpers import assign, make_entry, make_judge, put_in_round, score

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


def active(round_):
    return Assignment.objects.filter(round=round_, recused_at__isnull=True)


def test_populate_takes_the_submitted_entries_of_the_track_and_records_the_round(
    contest, round_, track, other_track, organizer
):
    mine = [make_entry(contest, track) for _ in range(2)]
    make_entry(contest, other_track)
    draft = make_entry(contest, track)
    draft.status = "withdrawn"
    draft.save()

    assert services.populate_round(round=round_, by=organizer) == 2
    assert services.populate_round(round=round_, by=organizer) == 0

    assert set(RoundEntry.objects.filter(round=round_).values_list("entry_id", flat=True)) == {e.pk for e in mine}
    for entry in mine:
        entry.refresh_from_db()
        assert entry.round_reached == "preliminary"


def test_only_organizers_assign(contest, round_, track):
    judge = make_judge(contest, panel=[round_])
    with pytest.raises(PermissionDenied):
        services.assign_judges(round=round_, by=judge.user)


def test_every_entry_gets_exactly_k_judges_without_conflicts_and_even_loads(contest, round_, track, organizer):
    judges = [make_judge(contest, panel=[round_], organisation=f"单位{i}") for i in range(5)]
    entries = [make_entry(contest, track, organisation=f"参赛单位{i}") for i in range(7)]
    # Conflicts of every automatic kind.
    entries[0].entrant.organisation = "单位0"
    entries[0].entrant.save()
    make_entry(contest, track, members=[("成员甲", judges[1].user.phone, "别处")])
    put_in_round(round_, *entries)
    services.populate_round(round=round_, by=organizer)

    plan = services.assign_judges(round=round_, by=organizer)

    per_entry = Counter(active(round_).values_list("entry_id", flat=True))
    assert set(per_entry.values()) == {3}
    assert len(per_entry) == 8
    loads = Counter(active(round_).values_list("judge_id", flat=True))
    assert max(loads.values()) - min(loads.values()) <= 1
    assert not active(round_).filter(entry=entries[0], judge=judges[0]).exists()
    team_entry = RoundEntry.objects.exclude(entry__in=entries).get(round=round_).entry
    assert not active(round_).filter(entry=team_entry, judge=judges[1]).exists()
    assert AuditRecord.objects.filter(action="assigned").count() == 8
    assert plan.new_count == 24


def test_infeasible_assignment_names_the_entry_and_the_constraint(contest, round_, track, organizer):
    judges = [make_judge(contest, panel=[round_]) for _ in range(3)]
    blocked = make_entry(contest, track, organisation=judges[0].organisation)
    put_in_round(round_, blocked, make_entry(contest, track))

    with pytest.raises(ValidationError) as caught:
        services.assign_judges(round=round_, by=organizer)

    message = caught.value.messages[0]
    assert blocked.code in message
    assert "needs 3 more judges" in message
    assert "only 2 judges" in message
    assert not Assignment.objects.exists()


def test_assignment_refuses_a_plan_that_changed_since_the_preview(contest, round_, track, organizer):
    for _ in range(3):
        make_judge(contest, panel=[round_])
    put_in_round(round_, make_entry(contest, track))
    preview = services.plan_assignment(round_)
    put_in_round(round_, make_entry(contest, track))

    with pytest.raises(ValidationError, match="changed since the preview"):
        services.assign_judges(round=round_, by=organizer, expected_digest=preview.digest)


def test_rerun_after_a_recusal_gives_the_entry_one_new_judge(contest, round_, track, organizer):
    judges = [make_judge(contest, panel=[round_]) for _ in range(4)]
    entries = [make_entry(contest, track) for _ in range(4)]
    put_in_round(round_, *entries)
    services.assign_judges(round=round_, by=organizer)
    recusing = active(round_).filter(entry=entries[0]).first()
    services.declare_conflict(assignment=recusing, by=recusing.judge.user, reason="同事关系")

    assert active(round_).filter(entry=entries[0]).count() == 2
    plan = services.assign_judges(round=round_, by=organizer)

    assert plan.new_count == 1
    now_on = set(active(round_).filter(entry=entries[0]).values_list("judge_id", flat=True))
    assert len(now_on) == 3
    assert recusing.judge_id not in now_on
    assert {j.pk for j in judges} - now_on == {recusing.judge_id}


def test_manual_assignment_applies_the_same_checks(contest, round_, track, other_track, organizer):
    entry = make_entry(contest, track, organisation="同一单位")
    put_in_round(round_, entry)
    conflicted = make_judge(contest, panel=[round_], organisation="同一单位")
    other_track_only = make_judge(contest, panel=[round_], tracks=[other_track])
    off_panel = make_judge(contest)
    fine = make_judge(contest, panel=[round_])

    for judge, field_message in [
        (conflicted, "conflict"),
        (other_track_only, "track"),
        (off_panel, "panel"),
    ]:
        with pytest.raises(ValidationError, match=field_message):
            services.add_assignment(round=round_, entry=entry, judge=judge, by=organizer, reason="补充评委")
    with pytest.raises(ValidationError):
        services.add_assignment(round=round_, entry=entry, judge=fine, by=organizer, reason="")

    services.add_assignment(round=round_, entry=entry, judge=fine, by=organizer, reason="补充评委")
    with pytest.raises(ValidationError, match="already"):
        services.add_assignment(round=round_, entry=entry, judge=fine, by=organizer, reason="再来一次")
    record = AuditRecord.objects.get(action="assigned")
    assert (record.entry_code, record.judge_id, record.reason) == (entry.code, fine.pk, "补充评委")
    assert record.after["source"] == "manual"


def test_manual_assignment_respects_the_cap(contest, round_, track, organizer):
    round_.max_load = 1
    round_.save()
    judge = make_judge(contest, panel=[round_])
    first, second = make_entry(contest, track), make_entry(contest, track)
    put_in_round(round_, first, second)
    services.add_assignment(round=round_, entry=first, judge=judge, by=organizer, reason="手工")

    with pytest.raises(ValidationError, match="cap"):
        services.add_assignment(round=round_, entry=second, judge=judge, by=organizer, reason="手工")


def test_removing_a_draft_assignment_is_logged_and_a_submitted_one_is_refused(contest, round_, track, organizer):
    judge = make_judge(contest, panel=[round_])
    draft = assign(round_, make_entry(contest, track), judge)
    score(draft, [5, None, None], submit=False)
    done = assign(round_, make_entry(contest, track), judge)
    score(done, [5, 6, 7])

    services.remove_assignment(assignment=draft, by=organizer, reason="分配错误")
    with pytest.raises(ValidationError, match="unlock"):
        services.remove_assignment(assignment=done, by=organizer, reason="分配错误")

    assert not Assignment.objects.filter(pk=draft.pk).exists()
    record = AuditRecord.objects.get(action="unassigned")
    assert record.before["status"] == "draft"
    assert list(record.before["scores"].values()).count("5") == 1


def test_assignment_is_refused_while_the_weights_do_not_add_up(contest, round_, track, organizer):
    criterion = round_.criteria.first()
    criterion.weight = 10
    criterion.save()
    make_judge(contest, panel=[round_])
    put_in_round(round_, make_entry(contest, track))

    with pytest.raises(ValidationError, match="100"):
        services.assign_judges(round=round_, by=organizer)
