"""STORAGE=s3: uploads as separate part objects joined on completion, presigned serving, checks.

Runs against moto's S3 server on 127.0.0.1 (no real S3 is reachable here).
"""

import os
import socket
import subprocess
import sys
import urllib.request
import uuid
from datetime import timedelta
from urllib.parse import parse_qs, urlparse

import pytest
from django.test import Client
from django.utils import timezone

from contest.models import Stage
from registration.models import EntryFile, Upload
from registration.tasks import task_check_file
from tests.factories import ContestFactory, EntrantFactory, EntryFactory, StageFactory, UserFactory
from tests.helpers import wait_for
from tests.registration import media
from tests.registration.tus_requests import TUS, create, patch

boto3 = pytest.importorskip("boto3")
pytest.importorskip("moto.server")

pytestmark = [pytest.mark.django_db]

MB = 1024 * 1024


@pytest.fixture(scope="module")
def moto_endpoint(tmp_path_factory):
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    log = open(tmp_path_factory.mktemp("moto") / "moto.log", "wb")  # noqa: SIM115 - closed after the server stops
    process = subprocess.Popen(
        [sys.executable, "-m", "moto.server", "-H", "127.0.0.1", "-p", str(port)],
        stdout=log,
        stderr=subprocess.STDOUT,
        env={**os.environ, "AWS_ACCESS_KEY_ID": "test", "AWS_SECRET_ACCESS_KEY": "test"},
    )
    endpoint = f"http://127.0.0.1:{port}"

    def started_or_exited():
        if process.poll() is not None:
            return "exited"
        try:
            urllib.request.urlopen(f"{endpoint}/moto-api/", timeout=1)  # noqa: S310 - local test server
        except OSError:
            return None
        return "started"

    if wait_for(started_or_exited, timeout=30, interval=0.2) != "started":
        process.kill()
        pytest.fail("moto server did not start")
    yield endpoint
    process.terminate()
    process.wait(timeout=10)
    log.close()


@pytest.fixture
def bucket(settings, moto_endpoint):
    """A fresh private bucket as the default storage, configured as config/settings.py does for STORAGE=s3."""
    name = f"t{uuid.uuid4().hex[:12]}"
    client = boto3.client(
        "s3",
        endpoint_url=moto_endpoint,
        aws_access_key_id="test",
        aws_secret_access_key="test",
        region_name="us-east-1",
    )
    client.create_bucket(Bucket=name)
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "storages.backends.s3.S3Storage",
            "OPTIONS": {
                "bucket_name": name,
                "endpoint_url": moto_endpoint,
                "region_name": "us-east-1",
                "access_key": "test",
                "secret_key": "test",
                "default_acl": "private",
                "querystring_auth": True,
                "querystring_expire": 600,
                "file_overwrite": False,
                "signature_version": "s3v4",
            },
        },
    }

    def keys():
        return sorted(item["Key"] for item in client.list_objects_v2(Bucket=name).get("Contents", []))

    def read(key):
        return client.get_object(Bucket=name, Key=key)["Body"].read()

    client.keys = keys
    client.read = read
    return client


@pytest.fixture
def entry(db):
    contest = ContestFactory()
    StageFactory(
        contest=contest,
        kind=Stage.Kind.REGISTRATION,
        starts_at=timezone.now() - timedelta(days=1),
        ends_at=timezone.now() + timedelta(days=10),
    )
    return EntryFactory(entrant=EntrantFactory(contest=contest, user=UserFactory()))


def test_parts_of_5_mib_and_more_are_joined_server_side(
    bucket, owner_client, entry, django_capture_on_commit_callbacks
):
    data = os.urandom(6 * MB) + os.urandom(5 * MB) + b"tail"
    location = create(owner_client, entry, len(data))["Location"]
    upload = Upload.objects.get()
    assert patch(owner_client, location, 0, data[: 6 * MB])["Upload-Offset"] == str(6 * MB)
    assert bucket.keys() == [f"uploads/{upload.pk.hex}/{0:015d}"]
    assert patch(owner_client, location, 6 * MB, data[6 * MB : 11 * MB])["Upload-Offset"] == str(11 * MB)
    with django_capture_on_commit_callbacks(execute=False):
        response = patch(owner_client, location, 11 * MB, data[11 * MB :])
    assert (response.status_code, response["Upload-Offset"]) == (204, str(len(data)))
    entry_file = EntryFile.objects.get()
    # The parts are gone; one object holds the file, under a random name in the entry's folder.
    assert bucket.keys() == [entry_file.file.name]
    assert entry_file.file.name.startswith(f"entries/{entry.code}/")
    assert bucket.read(entry_file.file.name) == data


def test_small_and_interrupted_parts_are_joined_by_streaming(bucket, owner_client, entry, settings):
    settings.UPLOAD_READ_BLOCK_BYTES = 10
    location = create(owner_client, entry, 300)["Location"]
    assert patch(owner_client, location, 0, b"a" * 100)["Upload-Offset"] == "100"
    # The client went away after 50 of the 150 bytes it announced: the 50 are kept as a part.
    assert patch(owner_client, location, 100, b"b" * 50, CONTENT_LENGTH="150")["Upload-Offset"] == "150"
    assert patch(owner_client, location, 150, b"c" * 150)["Upload-Offset"] == "300"
    entry_file = EntryFile.objects.get()
    assert bucket.keys() == [entry_file.file.name]
    assert bucket.read(entry_file.file.name) == b"a" * 100 + b"b" * 50 + b"c" * 150


def test_termination_removes_the_parts(bucket, owner_client, entry, django_capture_on_commit_callbacks):
    location = create(owner_client, entry, 100)["Location"]
    patch(owner_client, location, 0, b"x" * 40)
    assert len(bucket.keys()) == 1
    with django_capture_on_commit_callbacks(execute=True):
        assert owner_client.delete(location, **TUS).status_code == 204
    assert bucket.keys() == []


def test_over_the_limit_refused_before_anything_is_stored(bucket, owner_client, entry):
    assert create(owner_client, entry, 100 * MB + 1).status_code == 413
    assert bucket.keys() == []


def test_check_runs_on_a_temporary_copy_and_stores_the_preview(bucket, owner_client, entry, tmp_path):
    data = media.make_pdf(tmp_path / "a.pdf", pages=3).read_bytes()
    location = create(owner_client, entry, len(data))["Location"]
    patch(owner_client, location, 0, data)
    entry_file = EntryFile.objects.get()
    task_check_file.delay(file_id=entry_file.pk)
    entry_file.refresh_from_db()
    assert (entry_file.status, entry_file.is_current, entry_file.page_count) == ("accepted", True, 3)


def test_file_served_by_a_short_lived_presigned_url(bucket, owner_client, entry, tmp_path):
    data = media.make_pdf(tmp_path / "a.pdf").read_bytes()
    location = create(owner_client, entry, len(data))["Location"]
    patch(owner_client, location, 0, data)
    entry_file = EntryFile.objects.get()
    EntryFile.objects.filter(pk=entry_file.pk).update(detected_type="pdf", status="accepted")
    response = owner_client.get(f"/files/{entry_file.uid}/")
    assert response.status_code == 302
    url = urlparse(response["Location"])
    query = parse_qs(url.query)
    assert url.path.endswith(entry_file.file.name)
    assert query["X-Amz-Expires"] == ["300"]
    assert query["response-content-type"] == ["application/pdf"]
    assert query["response-content-disposition"] == [
        "inline; filename=\"file.pdf\"; filename*=UTF-8''%E6%96%B9%E6%A1%88.pdf"
    ]
    with urllib.request.urlopen(response["Location"]) as fetched:  # noqa: S310 - the local moto server
        assert fetched.read() == data
    assert Client().get(f"/files/{entry_file.uid}/").status_code == 404


def test_deleted_file_removed_from_the_bucket_after_commit(
    bucket, owner_client, entry, django_capture_on_commit_callbacks
):
    location = create(owner_client, entry, 10)["Location"]
    patch(owner_client, location, 0, b"0123456789")
    assert len(bucket.keys()) == 1
    with django_capture_on_commit_callbacks(execute=True):
        EntryFile.objects.get().delete()
    assert bucket.keys() == []
