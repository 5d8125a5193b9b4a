"""The tus 1.0 endpoints refusing: size limits, someone else's entry, the closed window, a missing CSRF token."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import Group
from django.test import Client
from django.utils import timezone

from accounts.roles import ORGANIZERS
from contest.models import Stage
from registration.models import EntryFile, RegistrationSettings, Upload
from tests.factories import EntrantFactory, UserFactory
from tests.registration.tus_requests import TUS, create, head, patch, stored_files

pytestmark = [pytest.mark.django_db]


# --- Limits --------------------------------------------------------------------------------------


def test_over_size_limit_refused_at_creation_without_storing_anything(owner_client, entry, media_root):
    limits = RegistrationSettings.for_contest(entry.contest)
    limits.materials_max_bytes = 1000
    limits.save()
    response = create(owner_client, entry, 1001)
    assert response.status_code == 413
    assert (
        create(owner_client, entry, 1001, HTTP_ACCEPT_LANGUAGE="en").content.decode()
        == "The file is 1001 bytes, over the 1000 bytes limit."
    )
    assert Upload.objects.count() == 0
    assert stored_files(media_root) == {}


def test_video_limit_applies_to_video_uploads(owner_client, entry):
    limits = RegistrationSettings.for_contest(entry.contest)
    limits.video_max_bytes = 5000
    limits.save()
    assert create(owner_client, entry, 5001, kind="video", filename="v.mp4").status_code == 413
    assert create(owner_client, entry, 5000, kind="video", filename="v.mp4").status_code == 201


def test_empty_file_refused_at_creation(owner_client, entry):
    response = create(owner_client, entry, 0)
    assert response.status_code == 400
    assert Upload.objects.count() == 0


def test_unknown_kind_refused(owner_client, entry):
    assert create(owner_client, entry, 10, kind="slides").status_code == 400


def test_file_name_with_separators_and_control_characters_never_reaches_storage(owner_client, entry):
    location = create(owner_client, entry, 4, filename="../../etc/\x00evil\u202e.pdf")["Location"]
    patch(owner_client, location, 0, b"%PDF")
    entry_file = EntryFile.objects.get()
    assert entry_file.original_name == "evil.pdf"
    assert entry_file.file.name.startswith(f"entries/{entry.code}/")
    assert "evil" not in entry_file.file.name
    assert ".." not in entry_file.file.name


# --- Permissions and window ----------------------------------------------------------------------


def test_anonymous_cannot_create_or_patch(entry, owner_client):
    location = create(owner_client, entry, 10)["Location"]
    anonymous = Client()
    assert create(anonymous, entry, 10).status_code == 403
    assert patch(anonymous, location, 0, b"abc").status_code == 403
    assert Upload.objects.get().offset == 0


def test_other_entrant_cannot_touch_anothers_entry_or_upload(entry, owner_client, contest):
    location = create(owner_client, entry, 10)["Location"]
    other = Client()
    other.force_login(EntrantFactory(contest=contest).user)
    assert create(other, entry, 10).status_code == 404
    assert head(other, location).status_code == 404
    assert patch(other, location, 0, b"abc").status_code == 404
    assert other.delete(location, **TUS).status_code == 404
    assert Upload.objects.get().offset == 0


def test_organizer_cannot_upload_into_an_entrants_entry(entry):
    organizer = UserFactory(is_staff=True)
    organizer.groups.add(Group.objects.get_or_create(name=ORGANIZERS)[0])
    client = Client()
    client.force_login(organizer)
    assert create(client, entry, 10).status_code == 404
    assert Upload.objects.count() == 0


def test_window_closed_refuses_creation_and_further_chunks(owner_client, entry, media_root):
    location = create(owner_client, entry, 10)["Location"]
    patch(owner_client, location, 0, b"abc")
    Stage.objects.filter(contest=entry.contest).update(
        starts_at=timezone.now() - timedelta(days=20), ends_at=timezone.now() - timedelta(seconds=1)
    )
    response = create(owner_client, entry, 10, HTTP_ACCEPT_LANGUAGE="en")
    assert (response.status_code, response.content.decode()) == (
        403,
        "Registration is closed: files can no longer be changed.",
    )
    assert patch(owner_client, location, 3, b"def").status_code == 403
    assert Upload.objects.get().offset == 3


def test_withdrawn_entry_refuses_uploads(owner_client, entry):
    entry.status = "withdrawn"
    entry.first_submitted_at = timezone.now()
    entry.save(update_fields=["status", "first_submitted_at"])
    assert create(owner_client, entry, 10).status_code == 403


def test_csrf_token_header_required(entry):
    client = Client(enforce_csrf_checks=True)
    client.force_login(entry.entrant.user)
    assert create(client, entry, 10).status_code == 403
    client.get(f"/files/entries/{entry.code}/status")
    token = client.cookies["csrftoken"].value
    assert create(client, entry, 10, HTTP_X_CSRFTOKEN=token).status_code == 201
