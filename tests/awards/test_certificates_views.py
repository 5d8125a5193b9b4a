"""The certificate pages: the public check, the entrant's download and the organizers' ZIP."""

import io
import zipfile

import pytest
from django.core.files.base import ContentFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from awards.models import Certificate
from awards.services import revoke_award
from tests.awards.factories import CertificateFactory
from tests.factories import EntrantUserFactory, OrganizerUserFactory
from tests.helpers import entrant_login, staff_login

pytestmark = pytest.mark.django_db


def ready_certificate(contest, **fields):
    certificate = CertificateFactory(award__entry__entrant__contest=contest, status=Certificate.Status.READY, **fields)
    certificate.file.save("x.pdf", ContentFile(b"%PDF-1.7 certificate " + certificate.code.encode()))
    return certificate


@pytest.fixture
def certificate(contest):
    return ready_certificate(contest, issued_on="2026-11-20")


def test_the_check_page_shows_holder_award_contest_and_date_without_login(client, certificate):
    page = client.get(reverse("awards:verify", args=[certificate.code])).content.decode()

    for expected in (certificate.holder_name, certificate.award.award_type.name, certificate.award.contest.name):
        assert expected in page
    assert "2026年11月20日" in page
    assert certificate.award.entry.title not in page
    assert '<meta name="robots" content="noindex, nofollow">' in page
    assert reverse("awards:certificate_pdf", args=[certificate.code]) not in page


def test_the_check_page_says_revoked_after_the_award_is_revoked(client, certificate):
    revoke_award(award=certificate.award, reason="侵犯知识产权", by=OrganizerUserFactory())

    page = client.get(reverse("awards:verify", args=[certificate.code])).content.decode()

    assert "本证书已被撤销" in page
    assert certificate.holder_name not in page


def test_the_check_page_accepts_a_lower_case_code_and_refuses_an_unknown_one(client, certificate):
    assert client.get(reverse("awards:verify", args=[certificate.code.lower()])).status_code == 200
    assert client.get(reverse("awards:verify", args=["0" * 24])).status_code == 404


def test_the_entrant_downloads_their_own_certificate(client, certificate):
    entrant_login(client, certificate.award.entry.entrant.user)

    response = client.get(reverse("awards:certificate_pdf", args=[certificate.code]))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content) == b"%PDF-1.7 certificate " + certificate.code.encode()


@pytest.mark.parametrize("who", ["other_entrant", "organizer_as_entrant"])
def test_anyone_else_gets_404_for_an_entrants_certificate(client, certificate, who):
    entrant_login(client, EntrantUserFactory() if who == "other_entrant" else OrganizerUserFactory())

    assert client.get(reverse("awards:certificate_pdf", args=[certificate.code])).status_code == 404


def test_a_revoked_or_unrendered_certificate_is_not_downloadable(client, contest, certificate):
    pending = CertificateFactory(award__entry__entrant=certificate.award.entry.entrant, award__contest=contest)
    revoke_award(award=certificate.award, reason="侵犯知识产权", by=OrganizerUserFactory())
    entrant_login(client, certificate.award.entry.entrant.user)

    assert client.get(reverse("awards:certificate_pdf", args=[certificate.code])).status_code == 404
    assert client.get(reverse("awards:certificate_pdf", args=[pending.code])).status_code == 404


def test_an_anonymous_download_goes_to_sign_in(client, certificate):
    response = client.get(reverse("awards:certificate_pdf", args=[certificate.code]))

    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_the_zip_streams_every_ready_certificate_of_the_contest(client, contest):
    ready = [ready_certificate(contest) for _ in range(3)]
    CertificateFactory(award__entry__entrant__contest=contest)  # pending: not in the archive
    revoked = ready_certificate(
        contest, award__status="revoked", award__revoked_at=timezone.now(), award__revoke_reason="侵权"
    )
    staff_login(client, OrganizerUserFactory())

    response = client.get(reverse("awards:organize:certificates_zip"))

    assert response.status_code == 200
    assert response.streaming
    assert response["Content-Type"] == "application/zip"
    archive = zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))
    assert archive.testzip() is None
    names = archive.namelist()
    assert sorted(name.rsplit("-", 1)[1] for name in names) == sorted(f"{c.code}.pdf" for c in ready)
    assert revoked.code not in "".join(names)
    for certificate in ready:
        [name] = [name for name in names if certificate.code in name]
        assert archive.read(name) == b"%PDF-1.7 certificate " + certificate.code.encode()


def _progress_page(client):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("awards:organize:certificates"))
    return response, len(queries)


def test_the_progress_page_counts_by_status_with_the_same_queries_for_1_and_3_failures(client, contest):
    staff_login(client, OrganizerUserFactory())
    ready_certificate(contest)
    CertificateFactory(award__entry__entrant__contest=contest, status="failed", last_error="OSError: disk full")
    _, one = _progress_page(client)
    for _ in range(2):
        CertificateFactory(award__entry__entrant__contest=contest, status="failed", last_error="OSError: disk full")

    response, three = _progress_page(client)

    assert one == three
    counts = response.context["counts"]
    assert counts == {"pending": 0, "rendering": 0, "ready": 1, "failed": 3}
    assert response.content.decode().count("OSError: disk full") == 3
    assert 'http-equiv="refresh"' not in response.content.decode()  # nothing left to render


def test_the_organizer_issues_every_confirmed_awards_certificates(client, contest, django_capture_on_commit_callbacks):
    certificate = ready_certificate(contest)
    other = CertificateFactory(award__entry__entrant__contest=contest)
    other.delete()  # its award is confirmed and has no certificate now
    staff_login(client, OrganizerUserFactory())

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("awards:organize:issue_certificates"))

    assert response.status_code == 302
    assert Certificate.objects.for_contest(contest).count() == 2
    assert other.award.certificates.get().status == Certificate.Status.READY
    assert certificate.award.certificates.get() == certificate


def _my_certificates(client):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("awards:certificates"))
    return response, len(queries)


def test_the_entrant_lists_only_their_own_valid_certificates_with_the_same_queries_for_1_and_3(client, certificate):
    entrant = certificate.award.entry.entrant
    ready_certificate(entrant.contest)  # another entrant's
    entrant_login(client, entrant.user)
    _, one = _my_certificates(client)
    pending = CertificateFactory(award__entry__entrant=entrant)
    revoked = ready_certificate(
        entrant.contest,
        award__entry__entrant=entrant,
        award__status="revoked",
        award__revoked_at=timezone.now(),
        award__revoke_reason="侵权",
    )
    third = ready_certificate(entrant.contest, award__entry__entrant=entrant)

    response, three = _my_certificates(client)

    assert one == three
    listed = [c.code for c in response.context["certificates"]]
    assert sorted(listed) == sorted([certificate.code, pending.code, third.code])
    assert revoked.code not in listed
    page = response.content.decode()
    assert reverse("awards:certificate_pdf", args=[certificate.code]) in page
    assert reverse("awards:certificate_pdf", args=[pending.code]) not in page


def test_the_admin_lists_certificates_and_edits_the_template(client, certificate):
    admin = OrganizerUserFactory(is_superuser=True)
    staff_login(client, admin)

    listing = client.get(reverse("admin:awards_certificate_changelist"))
    template_form = client.get(reverse("admin:awards_certificatetemplate_add"))

    assert certificate.code in listing.content.decode()
    assert 'name="seal"' in template_form.content.decode()
    assert 'name="per_member"' in template_form.content.decode()


def test_the_progress_page_refreshes_itself_while_certificates_wait(client, contest):
    CertificateFactory(award__entry__entrant__contest=contest)
    staff_login(client, OrganizerUserFactory())

    response = client.get(reverse("awards:organize:certificates"))

    assert response.context["counts"]["pending"] == 1
    assert '<meta http-equiv="refresh" content="5">' in response.content.decode()
