"""Certificates issued, rendered and checked: the PDF as a reader and a phone camera see it."""

import shutil
import subprocess

import pytest
import zxingcpp
from celery.exceptions import Retry
from django.core.exceptions import PermissionDenied, ValidationError
from PIL import Image

from awards.models import Certificate
from awards.models.certificates import CODE_ALPHABET, CODE_LENGTH, new_certificate_code
from awards.services import issue_certificates, render_again, render_certificate
from awards.tasks import task_render_certificate
from tests.awards.factories import (
    CertificateFactory,
    CertificateTemplateFactory,
    ConfirmedAwardFactory,
)
from tests.factories import EntrantUserFactory, OrganizerUserFactory, TeamMemberFactory

pytestmark = pytest.mark.django_db

SITE = "https://contest.example.cn"


@pytest.fixture(autouse=True)
def _site_url(settings):
    settings.SITE_URL = SITE


@pytest.fixture
def organizer():
    return OrganizerUserFactory()


@pytest.fixture
def team_award():
    award = ConfirmedAwardFactory(entry__entrant__name="石家庄数据队", award_type__name="一等奖")
    for name in ("张三", "李四", "王五"):
        TeamMemberFactory(entrant=award.entry.entrant, name=name)
    CertificateTemplateFactory(contest=award.contest)
    return award


def issue(award, by, capture):
    with capture(execute=True):
        certificates = issue_certificates(award=award, by=by)
    return [Certificate.objects.get(pk=certificate.pk) for certificate in certificates]


def poppler(*args):
    """Run one of poppler's tools (poppler-utils, a system package) and return what it prints."""
    return subprocess.run([*args], capture_output=True, text=True, check=True).stdout


def pdf_text(path):
    return poppler(shutil.which("pdftotext"), str(path), "-")


def pdf_fonts(path):
    lines = poppler(shutil.which("pdffonts"), str(path)).splitlines()
    # name type encoding emb sub uni object ID: the three yes/no columns sit before the last two.
    return [(line.split()[0], line.split()[-5], line.split()[-4]) for line in lines[2:]]


def test_codes_are_long_random_and_free_of_confusable_letters():
    codes = {new_certificate_code() for _ in range(200)}
    assert len(codes) == 200
    assert {len(code) for code in codes} == {CODE_LENGTH}
    assert set("".join(codes)) <= set(CODE_ALPHABET)
    assert not set(CODE_ALPHABET) & set("ILOU")
    assert CODE_LENGTH * 5 >= 100  # bits


def test_a_team_certificate_names_the_team_its_members_and_the_award(
    team_award, organizer, django_capture_on_commit_callbacks
):
    [certificate] = issue(team_award, organizer, django_capture_on_commit_callbacks)

    assert certificate.status == Certificate.Status.READY
    assert certificate.attempts == 1
    assert certificate.member is None
    assert certificate.file.name.startswith("awards/certificates/")
    text = pdf_text(certificate.file.path)
    for expected in ("石家庄数据队", "张三、李四、王五", "一等奖", team_award.entry.title, certificate.code):
        assert expected in text.replace("\n", "")


def test_the_cjk_font_is_embedded_as_a_subset(team_award, organizer, django_capture_on_commit_callbacks):
    [certificate] = issue(team_award, organizer, django_capture_on_commit_callbacks)

    fonts = pdf_fonts(certificate.file.path)
    cjk = [font for font in fonts if "Noto-Sans-CJK" in font[0]]
    assert cjk
    # A subset's name carries a six-letter tag: ABCDEF+Noto-Sans-CJK-SC.
    assert all(emb == "yes" and sub == "yes" and name[6] == "+" for name, emb, sub in cjk)
    # Set in the compact GB 2312 copy of the font, whose glyphs are numbered densely: the
    # embedded subset keeps glyph numbering, so in the full font it alone weighs ~150 KB.
    assert [name.split("+", 1)[1] for name, _emb, _sub in cjk] == ["Noto-Sans-CJK-SC-Common"]
    assert certificate.file.size < 100 * 1024


def test_a_character_outside_gb2312_prints_from_the_full_font(
    team_award, organizer, django_capture_on_commit_callbacks
):
    # 堃 (GBK, not GB 2312) is common enough in given names.
    entrant = team_award.entry.entrant
    entrant.name = "石家庄王堃队"
    entrant.save(update_fields=["name"])
    [certificate] = issue(team_award, organizer, django_capture_on_commit_callbacks)

    assert "石家庄王堃队" in pdf_text(certificate.file.path).replace("\n", "")
    fonts = pdf_fonts(certificate.file.path)
    assert sorted(name.split("+", 1)[1] for name, _emb, _sub in fonts) == [
        "Noto-Sans-CJK-SC",
        "Noto-Sans-CJK-SC-Common",
    ]
    assert all(emb == "yes" and sub == "yes" for _name, emb, sub in fonts)


def test_the_qr_code_decodes_to_the_public_check_url(
    team_award, organizer, django_capture_on_commit_callbacks, tmp_path
):
    [certificate] = issue(team_award, organizer, django_capture_on_commit_callbacks)

    poppler(
        shutil.which("pdftoppm"),
        "-png",
        "-r",
        "150",
        "-f",
        "1",
        "-l",
        "1",
        "-singlefile",
        certificate.file.path,
        tmp_path / "page",
    )
    with Image.open(tmp_path / "page.png") as page:
        assert page.width > page.height  # A4 landscape
        decoded = [barcode.text for barcode in zxingcpp.read_barcodes(page)]
    assert decoded == [f"{SITE}/verify/{certificate.code}/"]


def test_one_certificate_per_member_when_the_template_says_so(
    team_award, organizer, django_capture_on_commit_callbacks
):
    team_award.contest.certificate_template.per_member = True
    team_award.contest.certificate_template.save()

    certificates = issue(team_award, organizer, django_capture_on_commit_callbacks)

    assert [certificate.holder_name for certificate in certificates] == ["张三", "李四", "王五"]
    assert [certificate.member.name for certificate in certificates] == ["张三", "李四", "王五"]
    assert {certificate.status for certificate in certificates} == {Certificate.Status.READY}
    assert "李四" in pdf_text(certificates[1].file.path)


def test_issuing_again_adds_only_what_is_missing(team_award, organizer, django_capture_on_commit_callbacks):
    issue(team_award, organizer, django_capture_on_commit_callbacks)

    assert issue(team_award, organizer, django_capture_on_commit_callbacks) == []
    assert team_award.certificates.count() == 1


def test_only_organizers_issue_and_only_for_confirmed_awards(team_award, organizer):
    with pytest.raises(PermissionDenied):
        issue_certificates(award=team_award, by=EntrantUserFactory())
    team_award.status = "proposed"
    team_award.save()
    with pytest.raises(ValidationError):
        issue_certificates(award=team_award, by=organizer)
    assert team_award.certificates.count() == 0


def test_a_failed_render_is_recorded_retried_and_rendered_again(
    team_award, organizer, settings, tmp_path, django_capture_on_commit_callbacks
):
    blocked = tmp_path / "blocked"
    blocked.write_text("a file where the storage wants a folder")
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage", "OPTIONS": {"location": blocked}},
    }

    [certificate] = issue(team_award, organizer, django_capture_on_commit_callbacks)

    assert certificate.status == Certificate.Status.FAILED
    assert certificate.attempts == 1
    assert certificate.last_error.startswith(("FileExistsError", "NotADirectoryError"))

    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage", "OPTIONS": {"location": tmp_path / "m"}},
    }
    with django_capture_on_commit_callbacks(execute=True):
        assert render_again(contest=team_award.contest, by=organizer) == 1
    certificate.refresh_from_db()
    assert (certificate.status, certificate.last_error) == (Certificate.Status.READY, "")


def test_a_ready_certificate_is_not_rendered_twice(team_award, organizer, django_capture_on_commit_callbacks):
    [certificate] = issue(team_award, organizer, django_capture_on_commit_callbacks)

    again = render_certificate(certificate_id=certificate.pk)

    assert (again.file.name, again.attempts) == (certificate.file.name, 1)


def test_the_task_retries_a_failed_render_then_gives_up_with_the_error_shown(settings, tmp_path):
    blocked = tmp_path / "blocked"
    blocked.write_text("a file where the storage wants a folder")
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage", "OPTIONS": {"location": blocked}},
    }
    certificate = CertificateFactory()

    with pytest.raises(Retry) as retry:
        task_render_certificate.apply(kwargs={"certificate_id": certificate.pk})
    last = task_render_certificate.apply(kwargs={"certificate_id": certificate.pk}, retries=3).get()

    assert retry.value.when == 30
    assert last == Certificate.Status.FAILED
    certificate.refresh_from_db()
    assert (certificate.status, certificate.attempts) == (Certificate.Status.FAILED, 2)
    assert certificate.last_error


def test_the_task_returns_quietly_when_the_certificate_is_gone():
    certificate = CertificateFactory()
    certificate_id = certificate.pk
    certificate.delete()

    assert task_render_certificate.apply(kwargs={"certificate_id": certificate_id}).get() is None
