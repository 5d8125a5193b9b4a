"""The content checks on real files made by the tests (PDF, PPTX, MP4 …) and on each bad case."""

import zipfile

import pytest
from django.utils import translation
from PIL import Image
from pypdf import PdfReader

from registration.checks import Limits, check_file, display_name, format_duration, sniff_type, soffice_binary
from tests.registration import media

MB = 1024 * 1024
MATERIALS = Limits(max_bytes=100 * MB)
VIDEO = Limits(max_bytes=1024 * MB, max_seconds=300)

needs_soffice = pytest.mark.skipif(soffice_binary() is None, reason="LibreOffice (soffice) is not installed")


@pytest.fixture(scope="module")
def media_dir(tmp_path_factory):
    return tmp_path_factory.mktemp("media")


@pytest.fixture(scope="module")
def mp4(media_dir):
    return media.make_mp4(media_dir / "clip.mp4")


@pytest.fixture(scope="module")
def pptx(media_dir):
    return media.make_pptx(media_dir / "deck.pptx", slides=3)


# --- Materials ------------------------------------------------------------------------------


def test_pdf_accepted_with_page_count(tmp_path):
    verdict = check_file(media.make_pdf(tmp_path / "a.pdf", pages=4), kind="materials", limits=MATERIALS)
    assert (verdict.accepted, verdict.code, verdict.detected_type, verdict.page_count) == (True, "ok", "pdf", 4)
    assert verdict.mime_type == "application/pdf"


def test_exe_renamed_to_pdf_refused(tmp_path):
    path = media.make_exe(tmp_path / "report.pdf")
    verdict = check_file(path, kind="materials", limits=MATERIALS)
    assert (verdict.accepted, verdict.code, verdict.detected_type) == (False, "wrong_type_materials", "exe")
    with translation.override("en"):
        assert verdict.message.startswith("This file is not a PDF, PPT or PPTX document")


def test_text_renamed_to_pdf_refused(tmp_path):
    path = tmp_path / "notes.pdf"
    path.write_text("just some text, no PDF header")
    verdict = check_file(path, kind="materials", limits=MATERIALS)
    assert (verdict.accepted, verdict.code, verdict.detected_type) == (False, "wrong_type_materials", "")


def test_empty_file_refused(tmp_path):
    path = tmp_path / "empty.pdf"
    path.write_bytes(b"")
    verdict = check_file(path, kind="materials", limits=MATERIALS)
    assert (verdict.accepted, verdict.code) == (False, "empty")
    with translation.override("en"):
        assert verdict.message == "The file is empty."


def test_file_over_size_limit_refused_before_reading(tmp_path):
    path = media.make_pdf(tmp_path / "a.pdf")
    size = path.stat().st_size
    verdict = check_file(path, kind="materials", limits=Limits(max_bytes=size - 1))
    assert (verdict.accepted, verdict.code, verdict.params) == (False, "too_large", {"size": size, "limit": size - 1})


def test_truncated_pdf_refused(tmp_path):
    source = media.make_pdf(tmp_path / "whole.pdf", pages=20)
    verdict = check_file(media.make_truncated_pdf(tmp_path / "cut.pdf", source), kind="materials", limits=MATERIALS)
    assert (verdict.accepted, verdict.code, verdict.detected_type) == (False, "pdf_unreadable", "pdf")


def test_encrypted_pdf_refused(tmp_path):
    verdict = check_file(media.make_encrypted_pdf(tmp_path / "locked.pdf"), kind="materials", limits=MATERIALS)
    assert (verdict.accepted, verdict.code) == (False, "pdf_encrypted")
    with translation.override("en"):
        assert verdict.message == "The PDF is encrypted or password-protected. Upload a copy saved without a password."


def test_pdf_with_javascript_refused(tmp_path):
    verdict = check_file(media.make_javascript_pdf(tmp_path / "js.pdf"), kind="materials", limits=MATERIALS)
    assert (verdict.accepted, verdict.code) == (False, "pdf_javascript")


def test_pdf_with_open_action_javascript_refused(tmp_path):
    path = media.make_open_action_javascript_pdf(tmp_path / "open.pdf")
    verdict = check_file(path, kind="materials", limits=MATERIALS)
    assert (verdict.accepted, verdict.code) == (False, "pdf_javascript")


def test_pdf_with_launch_action_refused(tmp_path):
    verdict = check_file(media.make_launch_pdf(tmp_path / "launch.pdf"), kind="materials", limits=MATERIALS)
    assert (verdict.accepted, verdict.code) == (False, "pdf_launch")


def test_pdf_with_embedded_file_refused(tmp_path):
    verdict = check_file(media.make_attachment_pdf(tmp_path / "attach.pdf"), kind="materials", limits=MATERIALS)
    assert (verdict.accepted, verdict.code) == (False, "pdf_embedded_file")


def test_pptx_accepted_with_slide_count_without_preview(pptx):
    verdict = check_file(pptx, kind="materials", limits=MATERIALS, make_derivatives=False)
    assert (verdict.accepted, verdict.detected_type, verdict.page_count, verdict.preview_path) == (
        True,
        "pptx",
        3,
        None,
    )


@needs_soffice
def test_pptx_preview_is_a_pdf_with_one_page_per_slide(pptx, tmp_path):
    verdict = check_file(pptx, kind="materials", limits=MATERIALS, workdir=tmp_path)
    assert (verdict.accepted, verdict.detected_type, verdict.page_count) == (True, "pptx", 3)
    assert verdict.preview_path == tmp_path / "preview.pdf"
    assert len(PdfReader(verdict.preview_path).pages) == 3


@needs_soffice
def test_legacy_ppt_accepted_as_ppt_with_preview(pptx, tmp_path):
    # LibreOffice itself writes the legacy file, then the check converts it back to PDF.
    import subprocess

    subprocess.run(
        [soffice_binary(), "--headless", f"-env:UserInstallation={(tmp_path / 'p').as_uri()}",
         "--convert-to", "ppt", "--outdir", str(tmp_path), str(pptx)],
        check=True, timeout=180, capture_output=True,
    )  # fmt: skip
    legacy = tmp_path / "deck.ppt"
    assert sniff_type(legacy) == "ppt"
    work = tmp_path / "work"
    verdict = check_file(legacy, kind="materials", limits=MATERIALS, workdir=work)
    assert (verdict.accepted, verdict.detected_type, verdict.page_count) == (True, "ppt", 3)
    assert verdict.preview_path == work / "preview.pdf"


def test_other_ole2_file_named_ppt_refused(tmp_path):
    """An OLE2 container without a PowerPoint stream (an .msi installer, say) is not a presentation."""
    path = tmp_path / "setup.ppt"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600 + "Installer".encode("utf-16-le") * 50)
    verdict = check_file(path, kind="materials", limits=MATERIALS)
    assert (verdict.accepted, verdict.code, verdict.detected_type) == (False, "wrong_type_materials", "ole")


def test_zip_bomb_pptx_refused_by_ratio(tmp_path):
    path = media.make_zip_bomb_pptx(tmp_path / "bomb.pptx")
    assert path.stat().st_size < MB
    verdict = check_file(path, kind="materials", limits=MATERIALS)
    assert (verdict.accepted, verdict.code, verdict.params) == (False, "archive_ratio", {"limit": 100})


def test_pptx_expanding_past_limit_refused(pptx):
    with zipfile.ZipFile(pptx) as archive:
        total = sum(info.file_size for info in archive.infolist())
    limits = Limits(max_bytes=100 * MB, max_uncompressed_bytes=total - 1)
    verdict = check_file(pptx, kind="materials", limits=limits)
    assert (verdict.accepted, verdict.code, verdict.params) == (
        False,
        "archive_too_large",
        {"size": total, "limit": total - 1},
    )


def test_pptx_with_too_many_entries_refused(pptx):
    verdict = check_file(pptx, kind="materials", limits=Limits(max_bytes=100 * MB, max_zip_entries=5))
    assert (verdict.accepted, verdict.code, verdict.params["limit"]) == (False, "archive_too_many_entries", 5)


def test_pptx_with_lying_sizes_refused(pptx, tmp_path):
    """A directory that understates an entry's size fails the CRC check instead of expanding."""
    data = bytearray(pptx.read_bytes())
    with zipfile.ZipFile(pptx) as archive:
        info = max(archive.infolist(), key=lambda i: i.file_size)
    # Rewrite the declared uncompressed size in the central directory entry of the largest part.
    name = info.filename.encode()
    position = data.find(b"PK\x01\x02")
    while position != -1:
        name_length = int.from_bytes(data[position + 28 : position + 30], "little")
        if bytes(data[position + 46 : position + 46 + name_length]) == name:
            data[position + 24 : position + 28] = (10).to_bytes(4, "little")
            break
        position = data.find(b"PK\x01\x02", position + 4)
    assert position != -1
    liar = tmp_path / "liar.pptx"
    liar.write_bytes(bytes(data))
    verdict = check_file(liar, kind="materials", limits=MATERIALS, make_derivatives=False)
    assert (verdict.accepted, verdict.code) == (False, "presentation_unreadable")


def test_zip_that_is_not_a_presentation_refused(tmp_path):
    verdict = check_file(media.make_plain_zip_as_pptx(tmp_path / "x.pptx"), kind="materials", limits=MATERIALS)
    assert (verdict.accepted, verdict.code, verdict.detected_type) == (False, "wrong_type_materials", "zip")


def test_video_refused_as_materials(mp4):
    verdict = check_file(mp4, kind="materials", limits=MATERIALS)
    assert (verdict.accepted, verdict.code, verdict.detected_type) == (False, "wrong_type_materials", "mp4")


# --- Video -----------------------------------------------------------------------------------------


def test_mp4_accepted_with_probe_facts_and_poster(mp4, tmp_path):
    verdict = check_file(mp4, kind="video", limits=VIDEO, workdir=tmp_path)
    assert (verdict.accepted, verdict.code, verdict.detected_type) == (True, "ok", "mp4")
    assert (verdict.video_codec, verdict.audio_codec, verdict.width, verdict.height) == ("h264", "aac", 640, 360)
    assert verdict.duration == pytest.approx(6, abs=0.1)
    assert verdict.poster_path == tmp_path / "poster.webp"
    with Image.open(verdict.poster_path) as poster:
        assert (poster.format, poster.size) == ("WEBP", (640, 360))


def test_webm_accepted(tmp_path):
    verdict = check_file(media.make_webm(tmp_path / "clip.webm"), kind="video", limits=VIDEO)
    assert (verdict.accepted, verdict.detected_type, verdict.video_codec) == (True, "webm", "vp8")


def test_video_of_301_seconds_refused_with_measured_duration(tmp_path):
    verdict = check_file(media.make_long_video(tmp_path / "long.mp4"), kind="video", limits=VIDEO)
    assert (verdict.accepted, verdict.code, verdict.params) == (False, "video_too_long", {"seconds": 301, "limit": 300})
    assert verdict.duration == pytest.approx(301, abs=0.5)
    with translation.override("en"):
        assert verdict.message == "The video is 5 min 01 s long, over the 5 minutes limit."


def test_video_of_300_seconds_accepted(tmp_path):
    verdict = check_file(media.make_long_video(tmp_path / "five.mp4", seconds=300), kind="video", limits=VIDEO)
    assert (verdict.accepted, verdict.duration) == (True, pytest.approx(300, abs=0.5))


def test_corrupt_video_refused(mp4, tmp_path):
    verdict = check_file(media.make_corrupt_video(tmp_path / "broken.mp4", mp4), kind="video", limits=VIDEO)
    assert (verdict.accepted, verdict.code, verdict.detected_type) == (False, "video_unreadable", "mp4")


def test_audio_only_mp4_refused(tmp_path):
    verdict = check_file(media.make_audio_only(tmp_path / "sound.mp4"), kind="video", limits=VIDEO)
    assert (verdict.accepted, verdict.code) == (False, "video_no_picture")


def test_pdf_refused_as_video(tmp_path):
    verdict = check_file(media.make_pdf(tmp_path / "a.mp4"), kind="video", limits=VIDEO)
    assert (verdict.accepted, verdict.code, verdict.detected_type) == (False, "wrong_type_video", "pdf")


def test_exe_renamed_to_mp4_refused(tmp_path):
    verdict = check_file(media.make_exe(tmp_path / "movie.mp4"), kind="video", limits=VIDEO)
    assert (verdict.accepted, verdict.code, verdict.detected_type) == (False, "wrong_type_video", "exe")


# --- Names and messages ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "shown"),
    [
        ("报告.pdf", "报告.pdf"),
        ("../../etc/passwd", "passwd"),
        ("C:\\Users\\me\\方案.pptx", "方案.pptx"),
        ("a\x00b\nc\td.pdf", "ab c d.pdf"),
        ("photo\u202egpj.exe", "photogpj.exe"),
        ("..", "file"),
        ("", "file"),
        ("  many   spaces .pdf ", "many spaces .pdf"),
    ],
)
def test_display_name_sanitised(raw, shown):
    assert display_name(raw) == shown


def test_display_name_long_keeps_extension():
    shown = display_name("长" * 300 + ".pdf")
    assert (len(shown), shown[-4:]) == (120, ".pdf")


def test_duration_format_in_chinese_and_english():
    with translation.override("en"):
        assert (format_duration(301), format_duration(59.6), format_duration(45)) == (
            "5 min 01 s",
            "1 min 00 s",
            "45 s",
        )
