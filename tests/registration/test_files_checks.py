"""Stored entry files once uploaded: the check task, replacement, deletion, and the checkfile command."""

import io
from datetime import timedelta
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import transaction
from django.utils import timezone, translation
from PIL import Image

from registration.checks import soffice_binary, verdict_message
from registration.models import EntryFile, RegistrationSettings
from registration.tasks import task_check_file
from tests.registration import media
from tests.registration.helpers import body, client_for, stored

pytestmark = [pytest.mark.django_db]


def media_files(settings):
    root = Path(settings.MEDIA_ROOT)
    return sorted(str(p.relative_to(root)) for p in root.rglob("*") if p.is_file())


# --- Check task, replacement ---------------------------------------------------------------------


def test_check_task_accepts_a_pdf_and_makes_it_current(entry, tmp_path, settings):
    pdf = media.make_pdf(tmp_path / "a.pdf", pages=5).read_bytes()
    entry_file = stored(entry, data=pdf, detected_type="")
    assert task_check_file.delay(file_id=entry_file.pk).get() == "ok"
    entry_file.refresh_from_db()
    assert (entry_file.status, entry_file.is_current, entry_file.page_count, entry_file.verdict_code) == (
        "accepted",
        True,
        5,
        "ok",
    )
    # The words on record are in the portal's default language, whatever the reader's.
    with translation.override(settings.LANGUAGE_CODE):
        assert entry_file.verdict_message == verdict_message("ok")
    assert entry_file.checked_at is not None


def test_check_task_refuses_an_exe_and_keeps_the_reason(entry, tmp_path):
    entry_file = stored(entry, data=media.make_exe(tmp_path / "x.pdf").read_bytes(), detected_type="")
    task_check_file.delay(file_id=entry_file.pk)
    entry_file.refresh_from_db()
    assert (entry_file.status, entry_file.is_current, entry_file.verdict_code, entry_file.detected_type) == (
        "refused",
        False,
        "wrong_type_materials",
        "exe",
    )
    with translation.override("en"):
        assert entry_file.verdict_text.startswith("This file is not a PDF, PPT or PPTX document")


def test_check_task_for_a_missing_row_does_nothing():
    assert task_check_file.delay(file_id=999999).get() is None


def test_video_check_stores_poster_and_probe_facts(entry, tmp_path):
    data = media.make_mp4(tmp_path / "v.mp4", seconds=2).read_bytes()
    entry_file = stored(entry, "video", data=data, name="视频.mp4", detected_type="")
    task_check_file.delay(file_id=entry_file.pk)
    entry_file.refresh_from_db()
    assert (entry_file.status, entry_file.video_codec, entry_file.audio_codec, entry_file.width) == (
        "accepted",
        "h264",
        "aac",
        640,
    )
    with Image.open(entry_file.poster.path) as poster:
        assert poster.format == "WEBP"
    response = client_for(entry.entrant.user).get(f"/files/{entry_file.uid}/poster/")
    assert (response.status_code, response["Content-Type"]) == (200, "image/webp")


def test_video_too_long_refused_with_measured_duration(entry, tmp_path):
    data = media.make_long_video(tmp_path / "long.mp4").read_bytes()
    entry_file = stored(entry, "video", data=data, name="long.mp4", detected_type="")
    task_check_file.delay(file_id=entry_file.pk)
    entry_file.refresh_from_db()
    assert (entry_file.status, entry_file.verdict_code, entry_file.verdict_params) == (
        "refused",
        "video_too_long",
        {"seconds": 301, "limit": 300},
    )
    with translation.override("en"):
        assert entry_file.verdict_text == "The video is 5 min 01 s long, over the 5 minutes limit."


@pytest.mark.skipif(soffice_binary() is None, reason="LibreOffice (soffice) is not installed")
def test_presentation_check_stores_a_pdf_preview(entry, tmp_path):
    data = media.make_pptx(tmp_path / "d.pptx", slides=2).read_bytes()
    entry_file = stored(entry, data=data, name="方案.pptx", detected_type="")
    task_check_file.delay(file_id=entry_file.pk)
    entry_file.refresh_from_db()
    assert (entry_file.status, entry_file.detected_type, entry_file.page_count) == ("accepted", "pptx", 2)
    response = client_for(entry.entrant.user).get(f"/files/{entry_file.uid}/preview/")
    assert (response.status_code, response["Content-Type"]) == (200, "application/pdf")
    assert body(response).startswith(b"%PDF")


def test_replacement_keeps_old_file_until_new_one_passes(entry, tmp_path, settings, django_capture_on_commit_callbacks):
    old = stored(entry, data=media.make_pdf(tmp_path / "old.pdf").read_bytes(), status="accepted", is_current=True)
    old_name = old.file.name
    # A refused replacement leaves the old file current.
    bad = stored(entry, data=media.make_exe(tmp_path / "bad.pdf").read_bytes(), detected_type="")
    task_check_file.delay(file_id=bad.pk)
    old.refresh_from_db()
    bad.refresh_from_db()
    assert (old.is_current, bad.status, bad.is_current) == (True, "refused", False)
    # A good one takes over; the files it supersedes go, their bytes after commit.
    good = stored(entry, data=media.make_pdf(tmp_path / "new.pdf", pages=7).read_bytes(), detected_type="")
    with django_capture_on_commit_callbacks(execute=True):
        task_check_file.delay(file_id=good.pk)
    good.refresh_from_db()
    assert (good.status, good.is_current, good.page_count) == ("accepted", True, 7)
    assert list(EntryFile.objects.filter(entry=entry)) == [good]
    assert media_files(settings) == [good.file.name]
    assert old_name not in media_files(settings)


def test_older_file_accepted_late_does_not_replace_a_newer_current_one(entry, tmp_path):
    older = stored(entry, data=media.make_pdf(tmp_path / "a.pdf").read_bytes(), detected_type="")
    newer = stored(entry, data=media.make_pdf(tmp_path / "b.pdf").read_bytes(), detected_type="")
    EntryFile.objects.filter(pk=older.pk).update(created_at=timezone.now() - timedelta(minutes=5))
    task_check_file.delay(file_id=newer.pk)
    task_check_file.delay(file_id=older.pk)
    newer.refresh_from_db()
    older.refresh_from_db()
    assert (newer.is_current, older.is_current, older.status) == (True, False, "accepted")


def test_deleted_row_keeps_bytes_when_rolled_back_and_loses_them_when_committed(
    entry, settings, django_capture_on_commit_callbacks
):
    entry_file = stored(entry)
    name = entry_file.file.name

    def delete_then_fail():
        with transaction.atomic():
            EntryFile.objects.get(pk=entry_file.pk).delete()
            raise RuntimeError("rolled back")

    with pytest.raises(RuntimeError):
        delete_then_fail()
    assert name in media_files(settings)
    with django_capture_on_commit_callbacks(execute=True):
        EntryFile.objects.get(pk=entry_file.pk).delete()
    assert media_files(settings) == []


def test_entry_deletion_removes_its_files_from_storage(entry, settings, django_capture_on_commit_callbacks):
    stored(entry)
    stored(entry, "video", name="v.mp4", detected_type="mp4")
    with django_capture_on_commit_callbacks(execute=True):
        entry.delete()
    assert media_files(settings) == []


# --- checkfile -------------------------------------------------------------------------------------


def run_checkfile(*args):
    out = io.StringIO()
    with pytest.raises(SystemExit) as exit_info, translation.override("en"):
        call_command("checkfile", *args, stdout=out)
    return exit_info.value.code, out.getvalue()


def test_checkfile_accepts_a_valid_pdf_with_exit_0(contest, tmp_path):
    code, output = run_checkfile(str(media.make_pdf(tmp_path / "ok.pdf", pages=2)), "--kind", "materials")
    assert code == 0
    assert output.splitlines()[:3] == ["accepted (ok): The file passed the checks.", "  type: pdf", "  pages: 2"]


def test_checkfile_refuses_an_exe_with_exit_1_and_the_reason(contest, tmp_path):
    code, output = run_checkfile(str(media.make_exe(tmp_path / "x.pdf")), "--kind", "materials")
    assert code == 1
    assert output.startswith("refused (wrong_type_materials): This file is not a PDF, PPT or PPTX document")


def test_checkfile_uses_the_contest_limits(contest, tmp_path):
    limits = RegistrationSettings.for_contest(contest)
    limits.video_max_seconds = 1
    limits.save()
    code, output = run_checkfile(str(media.make_mp4(tmp_path / "v.mp4", seconds=2)), "--kind", "video")
    assert code == 1
    assert output.startswith("refused (video_too_long): The video is 2 s long, over the 1 s limit.")


def test_checkfile_all_reports_changes(entry, tmp_path):
    good = stored(entry, data=media.make_pdf(tmp_path / "a.pdf").read_bytes(), status="refused", verdict_code="x")
    unchanged = stored(entry, "video", data=b"not a video", status="refused", verdict_code="wrong_type_video")
    out = io.StringIO()
    with translation.override("en"):
        call_command("checkfile", "--all", stdout=out)
    lines = out.getvalue().splitlines()
    assert lines == [
        f"{entry.code} materials {good.uid}: refused (x) -> accepted (ok): The file passed the checks.",
        "2 files checked, 1 changed.",
    ]
    good.refresh_from_db()
    unchanged.refresh_from_db()
    assert (good.status, good.is_current, unchanged.status) == ("accepted", True, "refused")


def test_checkfile_all_dry_run_records_nothing(entry, tmp_path):
    good = stored(entry, data=media.make_pdf(tmp_path / "a.pdf").read_bytes(), status="refused", verdict_code="x")
    out = io.StringIO()
    call_command("checkfile", "--all", "--dry-run", stdout=out)
    assert out.getvalue().splitlines()[-1] == "1 files checked, 1 changed (dry run)."
    good.refresh_from_db()
    assert (good.status, good.verdict_code) == ("refused", "x")
