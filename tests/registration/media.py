"""Real files for the file checks, generated at test time (no binary fixture is committed).

Each maker writes one file at the path it is given and returns that path.
"""

import subprocess
import zipfile
from pathlib import Path

from pypdf import PdfWriter
from pypdf.generic import ArrayObject, DictionaryObject, NameObject, TextStringObject


def make_pdf(path, pages=3):
    writer = PdfWriter()
    for _ in range(pages):
        writer.add_blank_page(width=595, height=842)
    with open(path, "wb") as fh:
        writer.write(fh)
    return Path(path)


def make_encrypted_pdf(path):
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    writer.encrypt(user_password="secret", owner_password="owner", algorithm="RC4-128")
    with open(path, "wb") as fh:
        writer.write(fh)
    return Path(path)


def make_javascript_pdf(path):
    """Document-level JavaScript in the catalog's /Names /JavaScript tree, as Acrobat writes it."""
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    action = writer._add_object(
        DictionaryObject(
            {
                NameObject("/Type"): NameObject("/Action"),
                NameObject("/S"): NameObject("/JavaScript"),
                NameObject("/JS"): TextStringObject("app.alert('hello');"),
            }
        )
    )
    tree = DictionaryObject({NameObject("/Names"): ArrayObject([TextStringObject("init"), action])})
    writer._root_object[NameObject("/Names")] = DictionaryObject({NameObject("/JavaScript"): writer._add_object(tree)})
    with open(path, "wb") as fh:
        writer.write(fh)
    return Path(path)


def make_open_action_javascript_pdf(path):
    """JavaScript hidden in the catalog's /OpenAction rather than in the /Names tree."""
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    action = DictionaryObject(
        {
            NameObject("/Type"): NameObject("/Action"),
            NameObject("/S"): NameObject("/JavaScript"),
            NameObject("/JS"): TextStringObject("app.alert('open');"),
        }
    )
    writer._root_object[NameObject("/OpenAction")] = writer._add_object(action)
    with open(path, "wb") as fh:
        writer.write(fh)
    return Path(path)


def make_launch_pdf(path):
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    action = DictionaryObject(
        {
            NameObject("/Type"): NameObject("/Action"),
            NameObject("/S"): NameObject("/Launch"),
            NameObject("/F"): TextStringObject("calc.exe"),
        }
    )
    writer._root_object[NameObject("/OpenAction")] = writer._add_object(action)
    with open(path, "wb") as fh:
        writer.write(fh)
    return Path(path)


def make_attachment_pdf(path):
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    writer.add_attachment("payload.exe", b"MZ\x90\x00")
    with open(path, "wb") as fh:
        writer.write(fh)
    return Path(path)


def make_truncated_pdf(path, source):
    data = Path(source).read_bytes()
    Path(path).write_bytes(data[: len(data) // 2])
    return Path(path)


def make_exe(path):
    """A Windows executable's head (MZ header and PE signature), whatever the name says."""
    header = bytearray(512)
    header[0:2] = b"MZ"
    header[0x3C:0x40] = (0x80).to_bytes(4, "little")
    header[0x80:0x84] = b"PE\x00\x00"
    Path(path).write_bytes(bytes(header) + b"\x00" * 4096)
    return Path(path)


def make_pptx(path, slides=2):
    from pptx import Presentation

    presentation = Presentation()
    layout = presentation.slide_layouts[1]
    for number in range(slides):
        slide = presentation.slides.add_slide(layout)
        slide.shapes.title.text = f"Slide {number + 1}"
        slide.placeholders[1].text = "数据应用创新"
    presentation.save(path)
    return Path(path)


def make_zip_bomb_pptx(path, zeros=64 * 1024 * 1024):
    """A PPTX-shaped zip whose one part is megabytes of zeros: it compresses about 1000:1."""
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        archive.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types/>')
        archive.writestr("ppt/presentation.xml", '<?xml version="1.0"?><p:presentation/>')
        block = b"\x00" * (1024 * 1024)
        with archive.open("ppt/media/image1.bin", "w", force_zip64=True) as member:
            for _ in range(zeros // len(block)):
                member.write(block)
    return Path(path)


def make_plain_zip_as_pptx(path):
    """A zip that is not a presentation (no ppt/presentation.xml), named .pptx."""
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("readme.txt", "hello")
    return Path(path)


def _ffmpeg(*args):
    subprocess.run(["ffmpeg", "-nostdin", "-v", "error", "-y", *map(str, args)], check=True, timeout=120)  # noqa: S607


def make_mp4(path, seconds=6, size="640x360", rate=25):
    _ffmpeg(
        "-f", "lavfi", "-i", f"testsrc=duration={seconds}:size={size}:rate={rate}",
        "-f", "lavfi", "-i", f"sine=frequency=440:duration={seconds}",
        "-c:v", "libx264", "-pix_fmt", "yuv420p", "-c:a", "aac", "-shortest", path,
    )  # fmt: skip
    return Path(path)


def make_long_video(path, seconds=301):
    """Long but tiny: 32×32 at 1 frame a second encodes in well under a second."""
    _ffmpeg(
        "-f", "lavfi", "-i", f"color=c=navy:size=32x32:rate=1:duration={seconds}",
        "-c:v", "libx264", "-pix_fmt", "yuv420p", "-g", "300", path,
    )  # fmt: skip
    return Path(path)


def make_webm(path, seconds=2):
    _ffmpeg(
        "-f", "lavfi", "-i", f"testsrc=duration={seconds}:size=160x120:rate=10",
        "-c:v", "libvpx", "-b:v", "200k", path,
    )  # fmt: skip
    return Path(path)


def make_corrupt_video(path, source):
    """The first half of an MP4 whose index (moov) sits at the end: the header says MP4, nothing plays."""
    data = Path(source).read_bytes()
    Path(path).write_bytes(data[: len(data) // 2])
    return Path(path)


def make_audio_only(path, seconds=2):
    _ffmpeg("-f", "lavfi", "-i", f"sine=frequency=440:duration={seconds}", "-c:a", "aac", "-f", "mp4", path)
    return Path(path)
