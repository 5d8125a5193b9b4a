from collections import Counter

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

from judging.models import Assignment, AuditRecord, JudgeProfile, Round, RoundEntry, Score
from judging.services import plan_assignment, verify_audit_chain
from notifications.models import SmsMessage
from registration.models import Entry
from tests.helpers import staff_login


def table_counts():
    return {
        model.__name__: model.objects.count()
        for model in (JudgeProfile, Round, RoundEntry, Assignment, Score, AuditRecord, SmsMessage, get_user_model())
    }


@pytest.fixture
def load(settings):
    settings.DEBUG = True

    def load(stage):
        call_command("load_demo", stage=stage)

    return load


def test_demo_judging_judges_are_the_review_committee_and_more(db, load):
    load("registration")

    judges = JudgeProfile.objects.select_related("committee_member", "user")
    assert judges.count() == 9
    linked = {judge.user.username: judge.committee_member.name for judge in judges if judge.committee_member}
    assert linked == {"judge1": "示例专家甲", "judge2": "示例专家乙", "demo-judge-03": "示例专家丙"}
    assert not any(judge.user.has_usable_password() for judge in judges if judge.user.username.startswith("demo-"))
    assert all(judge.user.groups.filter(name="judges").exists() for judge in judges)
    assert sorted(Round.objects.values_list("stage__kind", flat=True)) == [
        "final",
        "preliminary",
        "preliminary",
        "preliminary",
        "reselection",
    ]
    assert {round_.panel.count() for round_ in Round.objects.all()} == {9}
    assert Assignment.objects.count() == 0


def test_demo_judging_preliminary_is_assigned_and_in_progress(db, load):
    load("preliminary")

    for round_ in Round.objects.filter(stage__kind="preliminary"):
        assert round_.round_entries.count() == 4
        per_entry = Counter(round_.assignments.filter(recused_at=None).values_list("entry_id", flat=True))
        assert set(per_entry.values()) == {3}
    for username in ("judge1", "judge2"):
        statuses = Counter(Assignment.objects.filter(judge__user__username=username).values_list("status", flat=True))
        assert statuses["submitted"] == 1
        assert statuses["draft"] == 1
        assert statuses["pending"] >= 1
    assert not Round.objects.filter(advanced_at__isnull=False).exists()


def test_demo_judging_conflicted_judge_is_kept_off_the_entry(db, load):
    load("preliminary")

    round_ = Round.objects.get(stage__kind="preliminary", track__code="economy")
    entry = Entry.objects.get(entrant__user__username="demo-team-07")
    judge = JudgeProfile.objects.get(user__username="demo-judge-04")
    assert plan_assignment(round_).conflicts[entry.code] == {judge.pk: ["organisation"]}
    assert not Assignment.objects.filter(entry=entry, judge=judge).exists()


def test_demo_judging_reselection_follows_a_released_preliminary(db, load):
    load("reselection")

    preliminary = Round.objects.filter(stage__kind="preliminary")
    assert all(round_.results_released_at is not None for round_ in preliminary)
    reselection = Round.objects.get(stage__kind="reselection")
    assert reselection.round_entries.count() == 9
    assert Entry.objects.filter(round_reached="reselection").count() == 9
    per_entry = Counter(reselection.assignments.values_list("entry_id", flat=True))
    assert set(per_entry.values()) == {5}


def test_demo_judging_final_has_two_finalists_per_track(db, load):
    load("final")

    finalists = Entry.objects.filter(round_reached="final")
    assert Counter(finalists.values_list("track__code", flat=True)) == {"gov": 2, "economy": 2, "finance": 2}
    assert {"entrant1", "entrant2"} <= set(finalists.values_list("entrant__user__username", flat=True))
    final = Round.objects.get(stage__kind="final")
    assert set(final.round_entries.values_list("entry_id", flat=True)) == set(finalists.values_list("pk", flat=True))
    assert set(Counter(final.assignments.values_list("entry_id", flat=True)).values()) == {7}
    assert verify_audit_chain().ok


def test_demo_judging_is_idempotent_in_any_order(db, load):
    load("preliminary")
    load("final")
    before = table_counts()

    load("final")
    load("registration")
    load("preliminary")

    assert table_counts() == before
    assert verify_audit_chain().ok


def test_demo_judging_after_the_final_its_scores_are_complete(db, load):
    load("ceremony")

    final = Round.objects.get(stage__kind="final")
    assert set(final.assignments.values_list("status", flat=True)) == {"submitted"}


def test_demo_judging_pages_work_once_judge_and_organizer_have_an_authenticator(db, load, client):
    load("final")
    users = get_user_model().objects.in_bulk(["judge1", "organizer"], field_name="username")
    sheet = Assignment.objects.filter(judge__user=users["judge1"], round__stage__kind="final").first()
    preliminary = Round.objects.get(stage__kind="preliminary", track__code="gov")

    staff_login(client, users["judge1"])
    dashboard = client.get("/judge/")
    entry_page = client.get(f"/judge/{sheet.round.code}/{sheet.entry.code}/")
    client.logout()
    staff_login(client, users["organizer"])
    ranking = client.get(f"/organize/judging/{preliminary.code}/ranking/")

    assert (dashboard.status_code, entry_page.status_code, ranking.status_code) == (200, 200, 200)
    assert sheet.entry.code in dashboard.content.decode()
    assert sheet.entry.title in entry_page.content.decode()
    assert "政务服务智能导办助手" in ranking.content.decode()
