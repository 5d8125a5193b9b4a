"""The judges' pages: dashboard, entry page with files, score form, conflict declaration."""

from datetime import timedelta

import pytest
from django.core.files.base import ContentFile
from django.utils import timezone

from judging.models import Assignment, Conflict
from tests.helpers import staff_login
from tests.judging.helpers import assign, make_entry, score

pytestmark = pytest.mark.django_db


@pytest.fixture
def judge_client(client, scene):
    return staff_login(client, scene["judges"][0].user)


def entry_url(scene, suffix=""):
    return f"/judge/{scene['round'].code}/{scene['entry'].code}/{suffix}"


def form_data(round_, values, *, action="save", comments=None):
    data = {action: "1", "comment": ""}
    for criterion, value in zip(round_.criteria.order_by("order", "pk"), values, strict=True):
        data[f"criterion_{criterion.pk}"] = "" if value is None else str(value)
        data[f"comment_{criterion.pk}"] = (comments or {}).get(criterion.pk, "")
    return data


def test_dashboard_shows_progress_and_the_next_unscored_entry(judge_client, scene, contest, track):
    second = make_entry(contest, track)
    assign(scene["round"], second, scene["judges"][0])
    score(Assignment.objects.get(entry=scene["entry"], judge=scene["judges"][0]), [6, 6, 6])

    response = judge_client.get("/judge/", HTTP_ACCEPT_LANGUAGE="en")

    html = response.content.decode()
    assert response.status_code == 200
    assert "1 of 2 scored" in html
    board = response.context["boards"][0]
    assert (board.scored, board.total, board.next_assignment.entry) == (1, 2, second)
    assert [a.entry for a in board.assignments] == [second, scene["entry"]]
    assert f"/judge/{scene['round'].code}/{second.code}/" in html


def test_dashboard_of_an_upcoming_round_lists_no_entries(client, scene):
    stage = scene["round"].stage
    stage.starts_at = timezone.now() + timedelta(days=1)
    stage.ends_at = stage.starts_at + timedelta(days=5)
    stage.save()
    staff_login(client, scene["judges"][0].user)

    response = client.get("/judge/")

    assert response.context["boards"][0].assignments == []
    assert client.get(entry_url(scene)).status_code == 404


def test_entry_page_shows_the_work_the_viewer_and_the_video(judge_client, scene):
    response = judge_client.get(entry_url(scene))

    html = response.content.decode()
    assert response.status_code == 200
    assert "智慧审批助手" in html
    assert 'href="https://demo.example.com/app"' in html
    assert f'data-src="{entry_url(scene, "files/materials/")}"' in html
    assert f'src="{entry_url(scene, "files/video/")}"' in html
    assert "vendor/pdfjs/pdf.min.mjs" in html


def test_a_ppt_is_shown_through_its_pdf_preview(judge_client, scene):
    materials = scene["entry"].files.get(kind="materials")
    materials.detected_type = "pptx"
    materials.preview.save("p.pdf", ContentFile(b"%PDF-1.4 preview"), save=False)
    materials.save()

    html = judge_client.get(entry_url(scene)).content.decode()

    assert f'data-src="{entry_url(scene, "files/materials/preview/")}"' in html
    preview = judge_client.get(entry_url(scene, "files/materials/preview/"))
    assert b"".join(preview.streaming_content) == b"%PDF-1.4 preview"


def test_files_stream_with_byte_ranges_under_the_entry_code(judge_client, scene):
    response = judge_client.get(entry_url(scene, "files/video/"), HTTP_RANGE="bytes=10-19")

    assert response.status_code == 206
    assert response["Content-Range"] == "bytes 10-19/100"
    assert b"".join(response.streaming_content) == b"0123456789"
    code = scene["entry"].code
    assert (
        response["Content-Disposition"] == f"inline; filename=\"{code}-video.mp4\"; filename*=UTF-8''{code}-video.mp4"
    )


def test_draft_then_submit_through_the_form(judge_client, scene):
    round_ = scene["round"]
    response = judge_client.post(entry_url(scene), form_data(round_, [7, None, None]))
    assert response.status_code == 302
    sheet = Assignment.objects.get(entry=scene["entry"], judge=scene["judges"][0])
    assert sheet.status == "draft"

    response = judge_client.post(entry_url(scene), form_data(round_, [7, 8, 9], action="submit"))

    assert response.status_code == 302
    assert response["Location"] == "/judge/"
    sheet.refresh_from_db()
    assert sheet.status == "submitted"
    assert str(sheet.total) == "80.500"  # 21 + 28 + 31.5
    page = judge_client.get(entry_url(scene)).content.decode()
    assert 'name="submit"' not in page
    assert "80.5" in page


def test_submit_with_an_end_score_and_no_comment_shows_the_error(judge_client, scene):
    round_ = scene["round"]
    first = round_.criteria.order_by("order").first()

    response = judge_client.post(entry_url(scene), form_data(round_, [10, 8, 9], action="submit"))

    assert response.status_code == 200
    assert response.context["form"].errors == {
        f"comment_{first.pk}": [response.context["form"].errors[f"comment_{first.pk}"][0]]
    }
    assert Assignment.objects.get(entry=scene["entry"], judge=scene["judges"][0]).status == "pending"


def test_posting_to_a_submitted_sheet_changes_nothing(judge_client, scene):
    sheet = Assignment.objects.get(entry=scene["entry"], judge=scene["judges"][0])
    score(sheet, [5, 5, 5])

    judge_client.post(entry_url(scene), form_data(scene["round"], [9, 9, 9], action="submit"))

    sheet.refresh_from_db()
    assert str(sheet.total) == "50.000"


def test_after_the_window_the_page_is_read_only_and_files_are_gone(judge_client, scene):
    sheet = Assignment.objects.get(entry=scene["entry"], judge=scene["judges"][0])
    score(sheet, [5, 5, 5], submit=False)
    stage = scene["round"].stage
    stage.ends_at = timezone.now() - timedelta(minutes=1)
    stage.save()

    page = judge_client.get(entry_url(scene))

    assert page.status_code == 200
    assert not page.context["editable"]
    assert "data-pdf-viewer" not in page.content.decode()
    assert judge_client.get(entry_url(scene, "files/video/")).status_code == 404
    judge_client.post(entry_url(scene), form_data(scene["round"], [9, 9, 9], action="submit"))
    sheet.refresh_from_db()
    assert sheet.status == "draft"


@pytest.mark.parametrize(("setting", "shown"), [("never", False), ("after_submit", True)])
def test_other_judges_scores_only_after_submitting_and_per_setting(client, scene, setting, shown):
    round_ = scene["round"]
    round_.peer_scores = setting
    round_.save()
    first, second, _third = (Assignment.objects.get(entry=scene["entry"], judge=j) for j in scene["judges"])
    score(second, [9, 9, 9])
    staff_login(client, first.judge.user)

    before = client.get(entry_url(scene))
    assert before.context["peer_totals"] is None
    assert "jdg-peers" not in before.content.decode()

    score(first, [5, 5, 5])
    after = client.get(entry_url(scene))

    assert (after.context["peer_totals"] is not None) == shown
    if shown:
        assert [str(t) for t in after.context["peer_totals"]] == ["90.000"]


def test_declaring_a_conflict_from_the_page(judge_client, scene):
    assert judge_client.get(entry_url(scene, "conflict/")).status_code == 200

    response = judge_client.post(entry_url(scene, "conflict/"), {"reason": "与该单位有合作"})

    assert response.status_code == 302
    assert Conflict.objects.get(judge=scene["judges"][0]).reason == "与该单位有合作"
    assert judge_client.get(entry_url(scene)).status_code == 404
    assert judge_client.get("/judge/").context["boards"][0].assignments == []


def test_submit_flags_the_empty_scores_with_the_out_of_range_one(judge_client, scene):
    round_ = scene["round"]
    first, second, third = round_.criteria.order_by("order", "pk")

    response = judge_client.post(entry_url(scene), form_data(round_, [12, None, None], action="submit"))

    assert response.status_code == 200
    assert set(response.context["form"].errors) == {f"criterion_{c.pk}" for c in (first, second, third)}


def test_the_score_form_explains_how_the_weighted_total_is_made(judge_client, scene):
    judge_client.cookies["django_language"] = "en"

    page = judge_client.get(entry_url(scene)).content.decode()

    assert "The weighted total is out of 100" in page
    assert "up to 30 points" in page  # the first criterion weighs 30
