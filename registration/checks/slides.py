"""Presentations: a PPTX inspected as a bounded zip, a PPT by its OLE2 directory, and the PDF
preview LibreOffice makes of either, so that judges read slides in the browser."""

import logging
import os
import re
import shutil
import tempfile
import zipfile
from dataclasses import replace
from pathlib import Path

from .pdf import pdf_page_count
from .tools import ToolError, run_tool
from .verdicts import accepted, refused

logger = logging.getLogger(__name__)


def check_pptx(path, limits):
    """Inspect a PPTX as a zip, never extracting it to disk.

    The central directory's declared sizes are bounded first (entry count, total, overall
    and per-entry compression ratio); then every entry is decompressed in small blocks and
    thrown away, so a directory that lies about sizes fails its CRC check instead of
    expanding: the work done is bounded by the declared total we already accepted.
    """
    try:
        with zipfile.ZipFile(path) as archive:
            infos = archive.infolist()
            if len(infos) > limits.max_zip_entries:
                return refused(
                    "archive_too_many_entries", detected_type="pptx", count=len(infos), limit=limits.max_zip_entries
                )
            names = {info.filename for info in infos}
            if "[Content_Types].xml" not in names or "ppt/presentation.xml" not in names:
                return refused("wrong_type_materials", detected_type="zip")
            total = sum(info.file_size for info in infos)
            compressed = sum(info.compress_size for info in infos)
            if total > limits.max_uncompressed_bytes:
                return refused(
                    "archive_too_large", detected_type="pptx", size=total, limit=limits.max_uncompressed_bytes
                )
            ratio = limits.max_compression_ratio
            # Small entries compress very well (empty XML parts); only sizes that matter count.
            if total > 1024 * 1024 and total > ratio * max(compressed, 1):
                return refused("archive_ratio", detected_type="pptx", limit=ratio)
            for info in infos:
                if info.file_size > 1024 * 1024 and info.file_size > ratio * max(info.compress_size, 1):
                    return refused("archive_ratio", detected_type="pptx", limit=ratio)
            for info in infos:
                if info.is_dir():
                    continue
                with archive.open(info) as member:
                    while member.read(64 * 1024):
                        pass
            slides = sum(1 for name in names if re.fullmatch(r"ppt/slides/slide\d+\.xml", name))
    except (zipfile.BadZipFile, zipfile.LargeZipFile, NotImplementedError, OSError, EOFError, ValueError) as exc:
        # NotImplementedError: an unsupported compression method; EOFError: a cut-off member.
        logger.info("pptx unreadable %s: %r", path, exc)
        return refused("presentation_unreadable", detected_type="pptx")
    return accepted(detected_type="pptx", page_count=slides)


_POWERPOINT_STREAM = "PowerPoint Document".encode("utf-16-le")


def ole_has_powerpoint_stream(path):
    """Whether an OLE2 file's directory names the stream every PowerPoint 97-2003 file has.

    Directory sectors may sit anywhere in the file, so the file is scanned in blocks (with an
    overlap for a name cut between two blocks); it is bounded by the size limit already checked.
    """
    overlap = len(_POWERPOINT_STREAM) - 1
    tail = b""
    with open(path, "rb") as fh:
        while block := fh.read(1024 * 1024):
            if _POWERPOINT_STREAM in tail + block:
                return True
            tail = block[-overlap:]
    return False


def soffice_binary():
    return shutil.which("soffice") or shutil.which("libreoffice")


def make_pdf_preview(path, out_dir, *, extension, timeout):
    """Convert a presentation to PDF with LibreOffice headless; return the PDF's path.

    Each run gets its own user profile: LibreOffice refuses to start twice on one profile,
    and a shared profile would let one conversion's crash state leak into the next.
    """
    binary = soffice_binary()
    if binary is None:
        raise ToolError("LibreOffice (soffice) is not installed")
    out_dir = Path(out_dir)
    with tempfile.TemporaryDirectory(prefix="soffice-") as tmp:
        tmp = Path(tmp)
        # A fixed, harmless name: the uploaded name never reaches a command line.
        source = tmp / f"presentation.{extension}"
        os.symlink(Path(path).resolve(), source)
        convert_dir = tmp / "out"
        command = [
            binary,
            "--headless",
            "--norestore",
            "--nolockcheck",
            "--nodefault",
            f"-env:UserInstallation={(tmp / 'profile').as_uri()}",
            "--convert-to",
            "pdf",
            "--outdir",
            str(convert_dir),
            str(source),
        ]
        run_tool(command, timeout=timeout, env={**os.environ, "HOME": str(tmp)})
        produced = convert_dir / "presentation.pdf"
        if not produced.exists() or produced.stat().st_size == 0:
            raise ToolError("LibreOffice produced no PDF")
        out_dir.mkdir(parents=True, exist_ok=True)
        target = out_dir / "preview.pdf"
        shutil.move(produced, target)
    return target


def with_presentation_preview(path, verdict, limits, work):
    if soffice_binary() is None:
        # Without LibreOffice the file is still checked; the preview is made by a later re-check.
        logger.warning("soffice not found: no preview for %s", path)
        return verdict
    try:
        preview = make_pdf_preview(path, work, extension=verdict.detected_type, timeout=limits.tool_timeout)
    except ToolError as exc:
        logger.info("preview failed for %s: %s", path, exc)
        return refused("presentation_unreadable", detected_type=verdict.detected_type)
    page_count = verdict.page_count
    if verdict.detected_type == "ppt" or not page_count:
        page_count = pdf_page_count(preview) or page_count
    return replace(verdict, preview_path=preview, page_count=page_count)
