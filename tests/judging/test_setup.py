"""Rounds with the plan's criteria, the demo judges, the schedule's signal, migrations and the admin."""

import io
from decimal import Decimal

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from django.utils import translation

from contest.models import Stage
from contest.services import record_stage_transitions
from judging.models import JudgeProfile, Round, RoundEntry
from judging.services import append_audit
from tests.factories import JudgeUserFactory
from tests.helpers import staff_login
from tests.judging.helpers import make_entry

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("language", [code for code, _name in settings.LANGUAGES])
def test_models_match_migrations_in_every_language(language):
    out = io.StringIO()
    with translation.override(language):
        # --check exits with an error when the models have changes no migration holds.
        call_command("makemigrations", "judging", "--check", "--dry-run", stdout=out)
    assert out.getvalue().strip() == "No changes detected in app 'judging'"


def test_setup_creates_the_plans_rounds_with_their_criteria(contest, stages, track, other_track):
    call_command("setup_judging", stdout=io.StringIO())
    call_command("setup_judging", stdout=io.StringIO())  # idempotent

    rounds = list(Round.objects.order_by("stage__starts_at", "track__order"))
    assert [(r.stage.kind, r.track) for r in rounds] == [
        ("preliminary", track),
        ("preliminary", other_track),
        ("reselection", None),
        ("final", None),
    ]
    screening = list(rounds[0].criteria.values_list("name_en", "weight"))
    assert screening == [("Completeness", 30), ("Operability", 35), ("Fit to the theme", 35)]
    final = list(rounds[3].criteria.values_list("name_en", flat=True))
    assert final == [
        "Practicality",
        "Innovation",
        "Depth of data use",
        "Business and organisational model",
        "Technical solution",
        "Feasibility and cost",
        "Management",
    ]
    for round_ in rounds:
        assert sum(round_.criteria.values_list("weight", flat=True), Decimal(0)) == 100
    assert rounds[3].advancement_rule == "none"


def test_demo_judges_join_every_panel(settings, contest, stages, track):
    settings.DEBUG = True
    judges = [JudgeUserFactory(username=f"judge{i}") for i in (1, 2)]

    call_command("setup_judging", demo_judges=True, stdout=io.StringIO())

    assert JudgeProfile.objects.filter(contest=contest).count() == 2
    for round_ in Round.objects.all():
        assert set(round_.panel.values_list("user", flat=True)) == {j.pk for j in judges}
        assert round_.judges_per_entry == 2


def test_demo_judges_refused_in_production(settings, contest):
    settings.DEBUG = False
    with pytest.raises(CommandError):
        call_command("setup_judging", demo_judges=True, stdout=io.StringIO())


def test_a_preliminary_stage_opening_fills_its_empty_rounds(contest, stages, track, django_capture_on_commit_callbacks):
    call_command("setup_judging", stdout=io.StringIO())
    entry = make_entry(contest, track)

    with django_capture_on_commit_callbacks(execute=True):
        record_stage_transitions()

    round_ = Round.objects.get(stage__kind=Stage.Kind.PRELIMINARY, track=track)
    assert list(RoundEntry.objects.filter(round=round_).values_list("entry", flat=True)) == [entry.pk]
    entry.refresh_from_db()
    assert entry.round_reached == "preliminary"


def test_admin_freezes_a_round_once_scoring_started(client, round_, organizer):
    staff_login(client, organizer)
    url = f"/admin/judging/round/{round_.pk}/change/"
    editable = client.get(url)
    assert "judges_per_entry" in editable.context["adminform"].form.fields

    round_.scoring_started_at = round_.created_at
    round_.save()
    frozen = client.get(url)

    assert "judges_per_entry" not in frozen.context["adminform"].form.fields
    assert not frozen.context["has_delete_permission"]


def test_admin_refuses_criteria_whose_weights_do_not_add_up(client, stages, organizer, english):
    staff_login(client, organizer)
    data = {
        "stage": stages["reselection"].pk,
        "track": "",
        "judges_per_entry": 3,
        "blind": "on",
        "peer_scores": "never",
        "aggregation": "mean",
        "disagreement_spread": "20",
        "advancement_rule": "top_n",
        "advance_count": 5,
        "criteria-TOTAL_FORMS": 2,
        "criteria-INITIAL_FORMS": 0,
        "criteria-0-order": 1,
        "criteria-0-name": "甲",
        "criteria-0-weight": "50",
        "criteria-0-min_score": "0",
        "criteria-0-max_score": "10",
        "criteria-1-order": 2,
        "criteria-1-name": "乙",
        "criteria-1-weight": "40",
        "criteria-1-min_score": "0",
        "criteria-1-max_score": "10",
    }

    response = client.post("/admin/judging/round/add/", data, HTTP_ACCEPT_LANGUAGE="en")

    assert response.status_code == 200
    assert "add up to 90" in response.content.decode()
    data["criteria-1-weight"] = "50"
    assert client.post("/admin/judging/round/add/", data).status_code == 302


def test_admin_log_is_read_only(client, organizer):
    record = append_audit(action="assigned", actor=organizer)
    staff_login(client, organizer)

    assert client.get("/admin/judging/auditrecord/").status_code == 200
    assert client.get(f"/admin/judging/auditrecord/{record.pk}/change/").status_code == 200
    assert client.get("/admin/judging/auditrecord/add/").status_code == 403
    assert client.get(f"/admin/judging/auditrecord/{record.pk}/delete/").status_code == 403


def test_demo_judges_get_the_open_rounds_entries(settings, contest, stages, track, organizer):
    settings.DEBUG = True
    judges = [JudgeUserFactory(username=f"judge{i}") for i in (1, 2)]
    entries = [make_entry(contest, track) for _ in range(3)]
    out = io.StringIO()

    call_command("setup_judging", demo_judges=True, stdout=out)

    round_ = Round.objects.get(stage=stages["preliminary"], track=track)
    assert set(round_.assignments.values_list("entry", flat=True)) == {e.pk for e in entries}
    assert set(round_.assignments.values_list("judge__user", flat=True)) == {j.pk for j in judges}
    assert "6 assignment(s)" in out.getvalue()
