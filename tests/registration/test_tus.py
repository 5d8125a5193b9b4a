"""The tus 1.0 endpoints through Django's test client: the protocol, expiry, a full disk."""

import base64
import hashlib
from datetime import timedelta
from pathlib import Path

import pytest
from django.utils import timezone

from registration import tus
from registration.models import EntryFile, Upload
from registration.services.uploads import expire_uploads
from tests.registration import media
from tests.registration.tus_requests import CREATE_URL, TUS, create, head, patch, stored_files

pytestmark = [pytest.mark.django_db]


# --- Protocol ------------------------------------------------------------------------------------


def test_options_advertises_version_extensions_and_max_size(owner_client, contest):
    response = owner_client.options(CREATE_URL)
    assert response.status_code == 204
    assert response["Tus-Version"] == "1.0.0"
    assert response["Tus-Extension"] == "creation,termination,expiration,checksum"
    assert response["Tus-Max-Size"] == str(1024 * 1024 * 1024)


def test_create_answers_location_and_expiry_and_stores_an_empty_partial_file(owner_client, entry, media_root):
    response = create(owner_client, entry, 1000)
    assert response.status_code == 201
    upload = Upload.objects.get()
    assert response["Location"] == f"/uploads/{upload.pk}"
    assert response["Tus-Resumable"] == "1.0.0"
    assert response["Upload-Expires"]
    assert (upload.user, upload.entry, upload.kind, upload.length, upload.offset) == (
        entry.entrant.user,
        entry,
        "materials",
        1000,
        0,
    )
    assert upload.metadata["filename"] == "方案.pdf"
    assert stored_files(media_root) == {f"uploads/{upload.pk.hex}.part": 0}


def test_head_reports_offset_and_length(owner_client, entry):
    location = create(owner_client, entry, 10)["Location"]
    patch(owner_client, location, 0, b"abcd")
    response = head(owner_client, location)
    assert (response.status_code, response["Upload-Offset"], response["Upload-Length"]) == (200, "4", "10")
    assert response["Cache-Control"] == "no-store"


def test_upload_in_chunks_creates_a_pending_file_then_the_check_makes_it_current(
    owner_client, entry, tmp_path, media_root, django_capture_on_commit_callbacks
):
    data = media.make_pdf(tmp_path / "a.pdf", pages=2).read_bytes()
    location = create(owner_client, entry, len(data))["Location"]
    third = len(data) // 3
    assert patch(owner_client, location, 0, data[:third])["Upload-Offset"] == str(third)
    assert patch(owner_client, location, third, data[third : 2 * third])["Upload-Offset"] == str(2 * third)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = patch(owner_client, location, 2 * third, data[2 * third :])
    assert (response.status_code, response["Upload-Offset"]) == (204, str(len(data)))
    entry_file = EntryFile.objects.get()
    # Before the check: pending, not current, under a random name inside the entry's folder.
    assert (entry_file.status, entry_file.is_current, entry_file.size) == ("pending", False, len(data))
    assert entry_file.file.name.startswith(f"entries/{entry.code}/")
    assert entry_file.file.name.endswith(".pdf")
    assert entry_file.original_name == "方案.pdf"
    assert Path(entry_file.file.path).read_bytes() == data
    assert Upload.objects.get().completed_file == entry_file
    assert len(callbacks) == 1
    callbacks[0]()  # the queued task_check_file, run eagerly
    entry_file.refresh_from_db()
    assert (entry_file.status, entry_file.is_current, entry_file.page_count, entry_file.detected_type) == (
        "accepted",
        True,
        2,
        "pdf",
    )
    assert entry_file.sha256 == hashlib.sha256(data).hexdigest()
    # The partial file became the entry file: nothing is left under uploads/.
    assert not [name for name in stored_files(media_root) if name.startswith("uploads/")]


def test_head_after_completion_reports_the_full_offset(owner_client, entry):
    location = create(owner_client, entry, 4)["Location"]
    patch(owner_client, location, 0, b"%PDF")
    response = head(owner_client, location)
    assert (response.status_code, response["Upload-Offset"]) == (200, "4")


def test_interrupted_chunk_keeps_what_arrived_and_resumes_from_there(owner_client, entry, settings):
    settings.UPLOAD_READ_BLOCK_BYTES = 5
    location = create(owner_client, entry, 100)["Location"]
    # The client promised 60 bytes and went away after 25: the 25 count.
    response = patch(owner_client, location, 0, b"x" * 25, CONTENT_LENGTH="60")
    assert (response.status_code, response["Upload-Offset"]) == (204, "25")
    assert head(owner_client, location)["Upload-Offset"] == "25"
    assert patch(owner_client, location, 25, b"y" * 75)["Upload-Offset"] == "100"
    entry_file = EntryFile.objects.get()
    assert Path(entry_file.file.path).read_bytes() == b"x" * 25 + b"y" * 75


def test_patch_at_wrong_offset_conflicts(owner_client, entry):
    location = create(owner_client, entry, 10)["Location"]
    patch(owner_client, location, 0, b"abc")
    response = patch(owner_client, location, 5, b"def")
    assert response.status_code == 409
    assert head(owner_client, location)["Upload-Offset"] == "3"


def test_patch_past_declared_length_refused_before_reading(owner_client, entry, media_root):
    location = create(owner_client, entry, 10)["Location"]
    response = patch(owner_client, location, 0, b"x" * 11)
    assert response.status_code == 413
    upload = Upload.objects.get()
    assert upload.offset == 0
    assert stored_files(media_root) == {f"uploads/{upload.pk.hex}.part": 0}


def test_patch_needs_offset_content_type(owner_client, entry):
    location = create(owner_client, entry, 10)["Location"]
    response = owner_client.generic(
        "PATCH", location, b"abc", content_type="application/octet-stream", HTTP_UPLOAD_OFFSET="0", **TUS
    )
    assert response.status_code == 415


def test_requests_without_tus_version_refused(owner_client, entry):
    response = owner_client.post(CREATE_URL, HTTP_UPLOAD_LENGTH="10")
    assert (response.status_code, response["Tus-Version"]) == (412, "1.0.0")


def test_malformed_metadata_refused(owner_client, entry):
    response = owner_client.post(CREATE_URL, HTTP_UPLOAD_LENGTH="10", HTTP_UPLOAD_METADATA="entry !!!", **TUS)
    assert response.status_code == 400
    assert Upload.objects.count() == 0


def test_patch_reads_the_body_as_a_stream_not_request_body(owner_client, entry, settings):
    # request.body would raise RequestDataTooBig past this size; small blocks force many reads.
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 16
    settings.UPLOAD_READ_BLOCK_BYTES = 7
    location = create(owner_client, entry, 200)["Location"]
    response = patch(owner_client, location, 0, bytes(range(200)))
    assert (response.status_code, response["Upload-Offset"]) == (204, "200")
    assert Path(EntryFile.objects.get().file.path).read_bytes() == bytes(range(200))


def test_checksum_verified_when_sent(owner_client, entry):
    location = create(owner_client, entry, 10)["Location"]
    good = "sha256 " + base64.b64encode(hashlib.sha256(b"hello").digest()).decode()
    bad = "sha256 " + base64.b64encode(hashlib.sha256(b"other").digest()).decode()
    assert patch(owner_client, location, 0, b"hello", HTTP_UPLOAD_CHECKSUM=good)["Upload-Offset"] == "5"
    response = patch(owner_client, location, 5, b"world", HTTP_UPLOAD_CHECKSUM=bad)
    assert response.status_code == 460
    assert head(owner_client, location)["Upload-Offset"] == "5"


def test_patch_while_another_request_writes_is_locked(owner_client, entry):
    location = create(owner_client, entry, 10)["Location"]
    upload = Upload.objects.get()
    with tus.UploadLock(upload.pk):
        response = patch(owner_client, location, 0, b"abc")
    assert response.status_code == 423
    assert patch(owner_client, location, 0, b"abc")["Upload-Offset"] == "3"


def test_termination_removes_row_and_bytes_after_commit(
    owner_client, entry, media_root, django_capture_on_commit_callbacks
):
    location = create(owner_client, entry, 10)["Location"]
    patch(owner_client, location, 0, b"abc")
    with django_capture_on_commit_callbacks(execute=True):
        response = owner_client.delete(location, **TUS)
    assert response.status_code == 204
    assert Upload.objects.count() == 0
    assert stored_files(media_root) == {}
    assert head(owner_client, location).status_code == 404


def test_new_upload_of_same_kind_abandons_the_unfinished_one(
    owner_client, entry, media_root, django_capture_on_commit_callbacks
):
    create(owner_client, entry, 10)
    first = Upload.objects.get()
    with django_capture_on_commit_callbacks(execute=True):
        create(owner_client, entry, 20)
    second = Upload.objects.get()
    assert second.pk != first.pk
    assert stored_files(media_root) == {f"uploads/{second.pk.hex}.part": 0}


# --- Expiry --------------------------------------------------------------------------------------


def test_expired_upload_refused_then_cleaned_up(owner_client, entry, media_root, django_capture_on_commit_callbacks):
    location = create(owner_client, entry, 10)["Location"]
    patch(owner_client, location, 0, b"abc")
    Upload.objects.update(expires_at=timezone.now() - timedelta(seconds=1))
    assert head(owner_client, location).status_code == 410
    assert patch(owner_client, location, 3, b"def").status_code == 410
    with django_capture_on_commit_callbacks(execute=True):
        assert expire_uploads() == 1
    assert Upload.objects.count() == 0
    assert stored_files(media_root) == {}


def test_each_chunk_pushes_expiry_back(owner_client, entry, settings):
    settings.UPLOAD_EXPIRY_HOURS = 2
    location = create(owner_client, entry, 10)["Location"]
    Upload.objects.update(expires_at=timezone.now() + timedelta(minutes=1))
    patch(owner_client, location, 0, b"abc")
    remaining = Upload.objects.get().expires_at - timezone.now()
    assert timedelta(hours=1, minutes=59) < remaining <= timedelta(hours=2)


def test_full_upload_disk_answers_507_with_a_message_and_the_upload_resumes(owner_client, entry, media_root):
    location = create(owner_client, entry, 8)["Location"]
    upload = Upload.objects.get()
    partial = media_root / upload.storage_name
    partial.unlink()
    # Every write to /dev/full fails with ENOSPC, as on a full disk.
    partial.symlink_to("/dev/full")

    owner_client.cookies["django_language"] = "en"
    response = patch(owner_client, location, 0, b"abcd")

    assert response.status_code == 507
    assert response.content.decode().startswith("The server has no room for uploads at the moment.")
    upload.refresh_from_db()
    assert upload.offset == 0
    partial.unlink()
    partial.touch()
    assert patch(owner_client, location, 0, b"abcdefgh").status_code == 204
    upload.refresh_from_db()
    assert upload.offset == 8
