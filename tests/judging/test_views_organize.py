"""Organizer pages: preview and apply the assignment, adjust it, unlock, rank, advance, release, export."""

import io

import pytest
from openpyxl import load_workbook

from judging import services
from judging.models import Assignment, AuditRecord, RoundEntry
from notifications.models import SmsMessage
from tests.judging.helpers import make_entry, make_judge, score

pytestmark = pytest.mark.django_db


@pytest.fixture
def prepared(contest, round_, track, organizer):
    judges = [make_judge(contest, panel=[round_], name=f"评委{letter}") for letter in "ABCD"]
    entries = [make_entry(contest, track) for _ in range(4)]
    return round_, judges, entries


def page(round_, suffix=""):
    return f"/organize/judging/{round_.code}/{suffix}"


def test_overview_lists_the_rounds_with_their_state(organizer_client, prepared):
    round_, _judges, _entries = prepared

    response = organizer_client.get("/organize/judging/")

    assert list(response.context["rounds"]) == [round_]
    assert page(round_) in response.content.decode()


def test_entries_in_then_preview_then_apply(organizer_client, prepared):
    round_, _judges, _entries = prepared
    organizer_client.post(page(round_, "entries/"))
    assert RoundEntry.objects.filter(round=round_).count() == 4

    preview = organizer_client.get(page(round_, "assignment/"))
    plan = preview.context["plan"]
    assert plan.error == ""
    assert plan.new_count == 12
    assert plan.load_range == (3, 3)
    assert not Assignment.objects.exists()

    applied = organizer_client.post(page(round_, "assignment/"), {"action": "apply", "digest": plan.digest})

    assert applied.status_code == 302
    assert Assignment.objects.count() == 12


def test_a_stale_preview_is_not_applied(organizer_client, prepared):
    round_, _judges, _entries = prepared
    organizer_client.post(page(round_, "entries/"))

    organizer_client.post(page(round_, "assignment/"), {"action": "apply", "digest": "0" * 16}, follow=True)

    assert not Assignment.objects.exists()


def test_the_preview_explains_an_impossible_assignment(organizer_client, contest, round_, track):
    make_judge(contest, panel=[round_])
    entry = make_entry(contest, track)
    RoundEntry.objects.create(round=round_, entry=entry)

    response = organizer_client.get(page(round_, "assignment/"), HTTP_ACCEPT_LANGUAGE="en")

    assert entry.code in response.context["plan"].error
    assert "needs 3 more judges" in response.content.decode()


def test_adjust_by_hand_then_remove(organizer_client, prepared):
    round_, judges, entries = prepared
    organizer_client.post(page(round_, "entries/"))

    added = organizer_client.post(
        page(round_, "assignment/"),
        {"action": "add", "entry": entries[0].code.lower(), "judge": judges[0].pk, "reason": "专业对口"},
    )
    assert added.status_code == 302
    sheet = Assignment.objects.get()
    assert (sheet.entry, sheet.judge, sheet.source) == (entries[0], judges[0], "manual")

    refused = organizer_client.post(
        page(round_, "assignment/"),
        {"action": "add", "entry": entries[0].code, "judge": judges[0].pk, "reason": "重复"},
    )
    assert refused.status_code == 200
    assert refused.context["add_form"].errors["judge"]

    removed = organizer_client.post(
        page(round_, "assignment/"), {"action": "remove", "assignment": sheet.code, "reason": "调整"}
    )
    assert removed.status_code == 302
    assert not Assignment.objects.exists()
    assert list(AuditRecord.objects.values_list("action", flat=True)) == ["assigned", "unassigned"]


def scored_round(round_, judges, entries, organizer_client):
    organizer_client.post(page(round_, "entries/"))
    plan = organizer_client.get(page(round_, "assignment/")).context["plan"]
    organizer_client.post(page(round_, "assignment/"), {"action": "apply", "digest": plan.digest})
    for index, entry in enumerate(entries):
        for sheet in Assignment.objects.filter(entry=entry):
            score(sheet, [9 - index, 9 - index, 9 - index])


def test_progress_and_unlock(organizer_client, prepared):
    round_, judges, entries = prepared
    scored_round(round_, judges, entries, organizer_client)
    sheet = Assignment.objects.filter(entry=entries[0]).first()

    progress = organizer_client.get(page(round_, "progress/"))
    assert progress.context["submitted"] == 12
    assert {row.judge: row.counts["submitted"] for row in progress.context["judges"]} == dict.fromkeys(judges, 3)

    assert organizer_client.get(page(round_, f"sheets/{sheet.code}/unlock/")).status_code == 200
    organizer_client.post(page(round_, f"sheets/{sheet.code}/unlock/"), {"reason": "评委申请修改"})

    sheet.refresh_from_db()
    assert sheet.status == "draft"


def test_ranking_page_per_track(organizer_client, prepared, other_track):
    round_, judges, entries = prepared
    scored_round(round_, judges, entries, organizer_client)

    response = organizer_client.get(page(round_, "ranking/"), {"track": round_.track.code})

    (track,) = response.context["tracks"]
    assert [row.entry for row in track.rows] == entries
    assert [row.rank for row in track.rows] == [1, 2, 3, 4]
    assert organizer_client.get(page(round_, "ranking/"), {"track": other_track.code}).context["tracks"] == []


def test_advance_with_an_adjustment_then_release(organizer_client, prepared):
    round_, judges, entries = prepared
    scored_round(round_, judges, entries, organizer_client)
    preview = organizer_client.get(page(round_, "advance/")).context["form"]
    assert [preview[f"advance_{e.code}"].initial for e in entries] == [True, True, False, False]
    data = {f"advance_{e.code}": "on" for e in entries[:2]}

    missing_reason = organizer_client.post(page(round_, "advance/"), {**data, f"advance_{entries[2].code}": "on"})
    assert missing_reason.status_code == 200
    assert entries[2].code in str(missing_reason.context["form"].non_field_errors())

    done = organizer_client.post(
        page(round_, "advance/"), {**data, f"advance_{entries[2].code}": "on", f"reason_{entries[2].code}": "创新突出"}
    )
    assert done.status_code == 302
    assert RoundEntry.objects.filter(round=round_, advances=True).count() == 3
    assert not SmsMessage.objects.exists()

    organizer_client.post(page(round_, "release/"))
    assert SmsMessage.objects.filter(template="advancement").count() == 3
    assert SmsMessage.objects.filter(template="not_advanced").count() == 1


def test_export_holds_every_score_and_the_ranking(organizer_client, prepared):
    round_, judges, entries = prepared
    scored_round(round_, judges, entries, organizer_client)

    response = organizer_client.get(page(round_, "scores.xlsx"))

    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    book = load_workbook(io.BytesIO(response.content))
    scores, ranked, about = book.worksheets
    rows = list(scores.iter_rows(min_row=2, values_only=True))
    assert len(rows) == 12
    first = next(r for r in rows if r[0] == entries[0].code)
    assert first[5:8] == (9, 9, 9)
    assert first[8] == 90
    ranking_rows = list(ranked.iter_rows(min_row=2, values_only=True))
    assert [(r[1], r[3]) for r in ranking_rows] == [(i + 1, e.code) for i, e in enumerate(entries)]
    assert about.cell(row=4, column=2).value.startswith("#")


def test_export_writes_formulas_as_text(organizer_client, prepared):
    round_, judges, entries = prepared
    entries[0].display_name = '=HYPERLINK("http://evil.example","x")'
    entries[0].save(update_fields=["display_name"])
    scored_round(round_, judges, entries, organizer_client)

    response = organizer_client.get(page(round_, "scores.xlsx"))

    scores, ranked, _about = load_workbook(io.BytesIO(response.content)).worksheets
    risky = [
        cell
        for sheet in (scores, ranked)
        for row in sheet.iter_rows(min_row=2)
        for cell in row
        if isinstance(cell.value, str) and cell.value.startswith("=")
    ]
    sheets_of_entry = [row for row in scores.iter_rows(min_row=2, values_only=True) if row[0] == entries[0].code]
    assert len(risky) == len(sheets_of_entry) + 1  # each judge's row on the score sheet, one on the ranking
    assert all(cell.data_type == "s" for cell in risky)


def test_entrant_sees_the_result_only_once_released(client, organizer_client, prepared, organizer):
    round_, judges, entries = prepared
    scored_round(round_, judges, entries, organizer_client)
    organizer_client.post(page(round_, "advance/"), {f"advance_{e.code}": "on" for e in entries[:2]})
    owner = entries[0].entrant.user
    client.force_login(owner)

    held = client.get(f"/results/{entries[0].code}/")
    assert held.context["released"] == []

    services.release_results(round=round_, by=organizer)
    released = client.get(f"/results/{entries[0].code}/", HTTP_ACCEPT_LANGUAGE="en")
    assert [item.advances for item in released.context["released"]] == [True]
    assert "advances to the next round" in released.content.decode()


def test_csv_export_holds_the_score_sheet(organizer_client, prepared):
    from tests.helpers import read_csv

    round_, judges, entries = prepared
    entries[0].display_name = "=1+1"
    entries[0].save(update_fields=["display_name"])
    scored_round(round_, judges, entries, organizer_client)

    rows = read_csv(organizer_client.get(page(round_, "scores.csv")))

    assert len(rows) == 13  # the header and the twelve sheets of the Excel file's first sheet
    first = next(r for r in rows[1:] if r[0] == entries[0].code)
    assert first[1] == "'=1+1"
    assert [float(v) for v in first[5:9]] == [9, 9, 9, 90]
