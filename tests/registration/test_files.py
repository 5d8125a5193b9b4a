"""Stored entry files: who may fetch them, byte ranges, and the status of each kind."""

import json
from datetime import timedelta

import pytest
from django.contrib.auth.models import Group
from django.utils import timezone

from accounts.roles import ORGANIZERS
from contest.models import Stage
from registration import rules as registration_rules
from registration.models import RegistrationSettings
from tests.factories import EntrantFactory, UserFactory
from tests.registration.helpers import CONTENT, body, client_for, stored

pytestmark = [pytest.mark.django_db]


def organizer():
    user = UserFactory(is_staff=True)
    user.groups.add(Group.objects.get_or_create(name=ORGANIZERS)[0])
    return user


# --- Access matrix ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("persona", "status"),
    [
        ("owner", 200),
        ("other_entrant", 404),
        ("anonymous", 404),
        ("organizer", 200),
        ("superuser", 200),
        ("staff", 404),
    ],
)
def test_file_access_by_persona(entry, contest, persona, status):
    entry_file = stored(entry, status="accepted", is_current=True)
    user = {
        "owner": lambda: entry.entrant.user,
        "other_entrant": lambda: EntrantFactory(contest=contest).user,
        "anonymous": lambda: None,
        "organizer": organizer,
        "superuser": lambda: UserFactory(is_staff=True, is_superuser=True),
        "staff": lambda: UserFactory(is_staff=True),
    }[persona]()
    response = client_for(user).get(f"/files/{entry_file.uid}/")
    assert response.status_code == status
    if status == 200:
        assert body(response) == CONTENT
        assert response["Content-Type"] == "application/pdf"
        assert (
            response["Content-Disposition"] == "inline; filename=\"file.pdf\"; filename*=UTF-8''%E6%9D%90%E6%96%99.pdf"
        )
        assert response["Accept-Ranges"] == "bytes"


def test_unknown_file_is_404_even_for_organizers(entry):
    assert client_for(organizer()).get("/files/00000000-0000-0000-0000-000000000000/").status_code == 404


def test_registered_entry_reader_grants_access(entry, monkeypatch):
    """The hook judging uses: an entry reader registered by a later stage opens the files to whom it says."""
    judge = UserFactory()
    entry_file = stored(entry)
    monkeypatch.setattr(registration_rules, "ENTRY_READERS", [lambda user, e: user.pk == judge.pk and e == entry])
    response = client_for(judge).get(f"/files/{entry_file.uid}/")
    assert response.status_code == 200
    # Readers other than the owner and organizers never see the uploaded name (blind judging).
    name = f"{entry.code}-{entry_file.kind}.pdf"
    assert response["Content-Disposition"] == f"inline; filename=\"{name}\"; filename*=UTF-8''{name}"
    assert client_for(UserFactory()).get(f"/files/{entry_file.uid}/").status_code == 404


def test_download_parameter_asks_for_an_attachment(entry):
    entry_file = stored(entry)
    response = client_for(entry.entrant.user).get(f"/files/{entry_file.uid}/?download=1")
    assert response["Content-Disposition"].startswith("attachment; ")


# --- Ranges --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("header", "first", "last"),
    [("bytes=0-9", 0, 9), ("bytes=100-", 100, 10239), ("bytes=-16", 10224, 10239), ("bytes=10000-99999", 10000, 10239)],
)
def test_range_request_answers_partial_content(entry, header, first, last):
    entry_file = stored(entry)
    response = client_for(entry.entrant.user).get(f"/files/{entry_file.uid}/", HTTP_RANGE=header)
    assert response.status_code == 206
    assert response["Content-Range"] == f"bytes {first}-{last}/10240"
    assert response["Content-Length"] == str(last - first + 1)
    assert body(response) == CONTENT[first : last + 1]


def test_unsatisfiable_range_answers_416(entry):
    entry_file = stored(entry)
    response = client_for(entry.entrant.user).get(f"/files/{entry_file.uid}/", HTTP_RANGE="bytes=20000-")
    assert (response.status_code, response["Content-Range"]) == (416, "bytes */10240")


@pytest.mark.parametrize("header", ["bytes=0-1,5-6", "items=0-1", "bytes=abc"])
def test_multiple_or_foreign_ranges_answer_the_whole_file(entry, header):
    entry_file = stored(entry)
    response = client_for(entry.entrant.user).get(f"/files/{entry_file.uid}/", HTTP_RANGE=header)
    assert (response.status_code, response["Content-Length"], body(response)) == (200, "10240", CONTENT)


def test_if_range_with_stale_validator_answers_the_whole_file(entry):
    entry_file = stored(entry)
    client = client_for(entry.entrant.user)
    etag = client.get(f"/files/{entry_file.uid}/")["ETag"]
    fresh = client.get(f"/files/{entry_file.uid}/", HTTP_RANGE="bytes=0-9", HTTP_IF_RANGE=etag)
    stale = client.get(f"/files/{entry_file.uid}/", HTTP_RANGE="bytes=0-9", HTTP_IF_RANGE='"stale"')
    assert (fresh.status_code, stale.status_code) == (206, 200)


def test_accel_redirect_when_nginx_serves_private_files(entry, settings):
    settings.PRIVATE_FILES_ACCEL_PREFIX = "/_private/"
    entry_file = stored(entry)
    response = client_for(entry.entrant.user).get(f"/files/{entry_file.uid}/")
    assert response.status_code == 200
    assert response["X-Accel-Redirect"] == f"/_private/{entry_file.file.name}"
    assert response.content == b""
    assert response["Content-Type"] == "application/pdf"


def test_missing_variant_is_404(entry):
    entry_file = stored(entry)
    client = client_for(entry.entrant.user)
    assert client.get(f"/files/{entry_file.uid}/preview/").status_code == 404
    assert client.get(f"/files/{entry_file.uid}/other/").status_code == 404


# --- Status endpoint ------------------------------------------------------------------------------


def test_status_shows_current_and_newest_file_per_kind(entry, tmp_path):
    current = stored(entry, status="accepted", is_current=True, page_count=3)
    newer = stored(entry, name="新.pdf", status="refused", verdict_code="pdf_encrypted")
    limits = RegistrationSettings.for_contest(entry.contest)
    response = client_for(entry.entrant.user).get(f"/files/entries/{entry.code}/status", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    state = json.loads(response.content)
    assert state["editable"] is True
    materials = state["kinds"]["materials"]
    assert (materials["current"]["id"], materials["current"]["page_count"], materials["current"]["status"]) == (
        str(current.uid),
        3,
        "accepted",
    )
    assert (materials["latest"]["id"], materials["latest"]["status"], materials["latest"]["message"]) == (
        str(newer.uid),
        "refused",
        "The PDF is encrypted or password-protected. Upload a copy saved without a password.",
    )
    assert (materials["max_bytes"], materials["max_bytes_label"]) == (limits.materials_max_bytes, "100 MB")
    assert (state["kinds"]["video"]["current"], state["kinds"]["video"]["max_seconds"]) == (None, 300)


@pytest.mark.parametrize("count", [1, 3])
def test_status_queries_do_not_grow_with_files(entry, count, django_assert_num_queries):
    for n in range(count):
        stored(entry, name=f"{n}.pdf", status="refused")
        stored(entry, "video", name=f"{n}.mp4", detected_type="mp4", status="refused")
    client = client_for(entry.entrant.user)
    client.get(f"/files/entries/{entry.code}/status")  # the session and the settings row exist now

    # The registration settings are read once, not once per kind of file.
    with django_assert_num_queries(6):
        assert client.get(f"/files/entries/{entry.code}/status").status_code == 200


def test_status_of_anothers_entry_is_404(entry, contest):
    assert (
        client_for(EntrantFactory(contest=contest).user).get(f"/files/entries/{entry.code}/status").status_code == 404
    )
    assert client_for(None).get(f"/files/entries/{entry.code}/status").status_code == 404


def test_status_says_when_the_window_is_closed(entry):
    Stage.objects.filter(contest=entry.contest).update(
        starts_at=timezone.now() - timedelta(days=20), ends_at=timezone.now() - timedelta(days=1)
    )
    response = client_for(entry.entrant.user).get(f"/files/entries/{entry.code}/status", HTTP_ACCEPT_LANGUAGE="en")
    state = json.loads(response.content)
    assert (state["editable"], state["closed_message"]) == (
        False,
        "Registration is closed: files can no longer be changed.",
    )
