"""Blind rounds and file metadata: judges get copies without the document properties that
name the entrant (PDF info and XMP, PPTX docProps, video container tags), made once by the
check of the file; the owner and the organizers keep the original."""

import json
import zipfile
from io import BytesIO

import pytest
from django.core.files.base import ContentFile
from pypdf import PdfReader, PdfWriter

from registration.checks import Limits, check_file
from registration.checks.tools import run_tool
from registration.models import EntryFile
from registration.services.files import check_entry_file
from tests.helpers import staff_login
from tests.judging.helpers import SECRET_ENTRANT, SECRET_MEMBER, SECRET_ORGANISATION
from tests.registration import media

MB = 1024 * 1024
XMP = (
    '<?xpacket begin="" id="W5M0MpCehiHzreSzNTczkc9d"?><x:xmpmeta xmlns:x="adobe:ns:meta/">'
    '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"><rdf:Description '
    'xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:creator><rdf:Seq><rdf:li>'
    f"{SECRET_MEMBER}</rdf:li></rdf:Seq></dc:creator></rdf:Description></rdf:RDF></x:xmpmeta>"
    '<?xpacket end="w"?>'
)
SECRETS = (SECRET_ENTRANT, SECRET_MEMBER, SECRET_ORGANISATION)


def telling_pdf():
    """A PDF whose properties name the entrant: Author, Title, Creator, and an XMP packet."""
    writer = PdfWriter()
    for _ in range(2):
        writer.add_blank_page(width=595, height=842)
    writer.add_metadata(
        {"/Author": SECRET_MEMBER, "/Title": f"{SECRET_ENTRANT}参赛材料", "/Creator": SECRET_ORGANISATION}
    )
    writer.xmp_metadata = XMP.encode()
    out = BytesIO()
    writer.write(out)
    return out.getvalue()


def leaked(data):
    text = data.decode("latin-1") + data.decode("utf-8", "ignore") + data.decode("utf-16-be", "ignore")
    return [word for word in SECRETS if word in text]


def pdf_properties(data):
    reader = PdfReader(BytesIO(data))
    return dict(reader.metadata or {}), reader.xmp_metadata


def test_check_makes_a_pdf_copy_without_its_properties(tmp_path):
    path = tmp_path / "m.pdf"
    path.write_bytes(telling_pdf())

    verdict = check_file(path, kind="materials", limits=Limits(max_bytes=100 * MB), workdir=tmp_path)

    assert verdict.accepted
    copy = verdict.blind_path.read_bytes()
    info, xmp = pdf_properties(copy)
    assert not {"/Author", "/Title", "/Creator"} & set(info)
    assert xmp is None
    assert leaked(copy) == []
    assert len(PdfReader(BytesIO(copy)).pages) == 2


def test_a_pdf_without_properties_needs_no_copy(tmp_path):
    verdict = check_file(
        media.make_pdf(tmp_path / "plain.pdf"), kind="materials", limits=Limits(max_bytes=100 * MB), workdir=tmp_path
    )

    assert (verdict.accepted, verdict.blind_path) == (True, None)


def test_check_makes_a_pptx_copy_without_its_document_properties(tmp_path):
    from pptx import Presentation

    path = media.make_pptx(tmp_path / "deck.pptx")
    deck = Presentation(path)
    deck.core_properties.author = SECRET_MEMBER
    deck.core_properties.last_modified_by = SECRET_MEMBER
    deck.core_properties.title = SECRET_ENTRANT
    deck.save(path)
    with zipfile.ZipFile(path, "a") as archive:
        app = archive.read("docProps/app.xml").decode()
    app = app.replace("</Properties>", f"<Company>{SECRET_ORGANISATION}</Company></Properties>")
    rewritten = tmp_path / "deck2.pptx"
    with zipfile.ZipFile(path) as source, zipfile.ZipFile(rewritten, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            data = app.encode() if info.filename == "docProps/app.xml" else source.read(info)
            target.writestr(info, data)

    verdict = check_file(
        rewritten, kind="materials", limits=Limits(max_bytes=100 * MB), workdir=tmp_path, make_derivatives=False
    )

    assert verdict.accepted
    with zipfile.ZipFile(verdict.blind_path) as archive:
        properties = archive.read("docProps/core.xml") + archive.read("docProps/app.xml")
        assert archive.testzip() is None
        assert len([n for n in archive.namelist() if n.startswith("ppt/slides/slide")]) == 2
    assert leaked(properties) == []
    assert Presentation(verdict.blind_path).core_properties.author == ""


def video_tags(path):
    output = run_tool(
        ["ffprobe", "-v", "error", "-show_entries", "format_tags:stream_tags", "-of", "json", str(path)], timeout=60
    )
    info = json.loads(output)
    tags = dict(info.get("format", {}).get("tags", {}))
    for stream in info.get("streams", []):
        tags.update(stream.get("tags", {}))
    return tags


def test_check_makes_a_video_copy_without_its_container_tags(tmp_path):
    plain = media.make_mp4(tmp_path / "plain.mp4", seconds=1)
    tagged = tmp_path / "tagged.mp4"
    run_tool(
        ["ffmpeg", "-v", "error", "-i", str(plain), "-c", "copy",
         "-metadata", f"title={SECRET_ENTRANT}", "-metadata", f"artist={SECRET_MEMBER}",
         "-metadata", f"comment={SECRET_ORGANISATION}", str(tagged)],
        timeout=60,
    )  # fmt: skip
    assert leaked(tagged.read_bytes())

    verdict = check_file(tagged, kind="video", limits=Limits(max_bytes=100 * MB, max_seconds=300), workdir=tmp_path)

    assert verdict.accepted
    assert leaked(verdict.blind_path.read_bytes()) == []
    assert not {"title", "artist", "comment"} & set(video_tags(verdict.blind_path))


@pytest.mark.django_db
def test_a_judge_of_a_blind_round_gets_the_pdf_without_its_properties(client, scene):
    entry = scene["entry"]
    entry.files.filter(kind="materials").delete()
    stored = EntryFile.objects.create(
        entry=entry, kind="materials", file=ContentFile(telling_pdf(), name="m.pdf"), original_name="m.pdf"
    )
    check_entry_file(entry_file=stored)
    stored.refresh_from_db()
    assert (stored.status, stored.is_current, bool(stored.blind_copy)) == ("accepted", True, True)

    staff_login(client, scene["judges"][0].user)
    round_code = scene["round"].code
    for url in (f"/judge/{round_code}/{entry.code}/files/materials/", f"/files/{stored.uid}/"):
        response = client.get(url)
        assert response.status_code == 200, url
        served = b"".join(response.streaming_content)
        assert leaked(served) == [], url
        assert len(PdfReader(BytesIO(served)).pages) == 2

    client.force_login(entry.entrant.user)
    original = b"".join(client.get(f"/files/{stored.uid}/").streaming_content)
    assert original == stored.file.open("rb").read()
    assert leaked(original)
