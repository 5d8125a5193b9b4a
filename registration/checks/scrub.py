"""Copies of accepted files without the properties that name their authors, for blind rounds.

Office tools write the author, the company and a title into every document; cameras and
editors write a title, an artist and a comment into videos. A judge of a blind round must
not read them, so the check makes, once, a copy without them: PDF (the info dictionary and
the XMP packet), PPTX (`docProps/core.xml`, `app.xml`, `custom.xml` and the names of comment
authors) and videos (container and stream tags, with ffmpeg's `-map_metadata -1 -c copy`,
no re-encoding). A file with nothing to remove gets no copy: the original is already clean.

A legacy .ppt keeps its OLE property streams: no tool here rewrites them; its PDF preview is
stripped like any PDF.
"""

import json
import logging
import re
import shutil
import zipfile
from pathlib import Path

from .tools import ToolError, run_tool

logger = logging.getLogger(__name__)

VIDEO_FORMATS = {"mp4": "mp4", "mov": "mov", "webm": "webm", "avi": "avi", "mkv": "matroska"}
# Tags muxers write by themselves; any other tag was put there by a person or their tools.
_TECHNICAL_TAGS = {
    "major_brand",
    "minor_version",
    "compatible_brands",
    "encoder",
    "handler_name",
    "vendor_id",
    "language",
    "creation_time",
    "duration",
    "timecode",
}

# Info keys every PDF producer writes; the others (Author, Title, Creator…) may name someone.
_PDF_TECHNICAL_KEYS = {"/Producer", "/CreationDate", "/ModDate", "/Trapped"}

_EMPTY_CORE = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" '
    'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" '
    'xmlns:dcmitype="http://purl.org/dc/dcmitype/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"/>'
)
_EMPTY_CUSTOM = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/custom-properties" '
    'xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes"/>'
)
# app.xml elements that name people or organisations (the rest counts slides and words).
_APP_ELEMENTS = re.compile(rb"<(Company|Manager|HyperlinkBase)>.*?</\1>|<(Company|Manager|HyperlinkBase)/>", re.S)
_COMMENT_AUTHOR = re.compile(rb'\b(name|initials)="[^"]*"')


def blind_copy(path, *, detected_type, work, timeout):
    """The path of a copy of `path` without identifying properties, written in `work`; None when none is needed.

    Raises ToolError when a copy was needed and could not be made.
    """
    target = Path(work) / f"blind.{detected_type}"
    if detected_type == "pdf":
        return target if strip_pdf(path, target) else None
    if detected_type == "pptx":
        strip_pptx(path, target)
        return target
    if detected_type in VIDEO_FORMATS:
        return target if strip_video(path, target, detected_type=detected_type, timeout=timeout) else None
    return None


def strip_pdf(path, target):
    """Write `path` without its info dictionary and XMP packet to `target`; False (nothing written) if it has neither."""
    from pypdf import PdfReader, PdfWriter
    from pypdf.errors import PyPdfError
    from pypdf.generic import NameObject

    try:
        reader = PdfReader(path, strict=False)
        has_info = bool(set(reader.metadata or {}) - _PDF_TECHNICAL_KEYS)
        has_xmp = "/Metadata" in reader.trailer["/Root"]
        if not has_info and not has_xmp:
            return False
        writer = PdfWriter(clone_from=reader)
        writer.metadata = None
        writer._root_object.pop(NameObject("/Metadata"), None)  # the XMP packet
        for page in writer.pages:
            page.pop(NameObject("/Metadata"), None)
        # The detached objects would still be written: only what the document reaches stays.
        writer.compress_identical_objects(remove_duplicates=False, remove_unreferenced=True)
        with open(target, "wb") as fh:
            writer.write(fh)
    except (PyPdfError, ValueError, KeyError, TypeError, AttributeError, IndexError, RecursionError) as exc:
        raise ToolError(f"pdf not rewritten: {exc!r}") from None
    return True


def strip_pptx(path, target):
    """Write the presentation at `path` to `target` with empty document properties; members are streamed."""
    try:
        with zipfile.ZipFile(path) as source, zipfile.ZipFile(target, "w") as copy:
            for info in source.infolist():
                replaced = _pptx_member(info.filename, source)
                if replaced is not None:
                    copy.writestr(info, replaced)
                    continue
                with source.open(info) as member, copy.open(info, "w", force_zip64=True) as out:
                    shutil.copyfileobj(member, out, 1024 * 1024)
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise ToolError(f"pptx not rewritten: {exc!r}") from None


def _pptx_member(name, source):
    if name == "docProps/core.xml":
        return _EMPTY_CORE
    if name == "docProps/custom.xml":
        return _EMPTY_CUSTOM
    if name == "docProps/app.xml":
        return _APP_ELEMENTS.sub(b"", source.read(name))
    if name == "ppt/commentAuthors.xml":
        return _COMMENT_AUTHOR.sub(rb'\1=""', source.read(name))
    return None


def video_tags(path, *, timeout):
    """The container's and streams' tags that a person or their tools set (not the muxer's own)."""
    command = ["ffprobe", "-v", "error", "-show_entries", "format_tags:stream_tags", "-of", "json", str(path)]
    info = json.loads(run_tool(command, timeout=timeout) or b"{}")
    tags = dict((info.get("format") or {}).get("tags") or {})
    for stream in info.get("streams") or []:
        tags.update(stream.get("tags") or {})
    return {key: value for key, value in tags.items() if key.lower() not in _TECHNICAL_TAGS}


def strip_video(path, target, *, detected_type, timeout):
    """Copy the video's pictures and sound to `target` without tags or chapters; False if it has no tags to remove."""
    if not video_tags(path, timeout=timeout):
        return False
    command = [
        "ffmpeg", "-nostdin", "-v", "error", "-y", "-i", str(path),
        "-map", "0:v", "-map", "0:a?", "-c", "copy",
        "-map_metadata", "-1", "-map_chapters", "-1", "-fflags", "+bitexact",
        "-f", VIDEO_FORMATS[detected_type], str(target),
    ]  # fmt: skip
    run_tool(command, timeout=timeout)
    if not Path(target).exists() or Path(target).stat().st_size == 0:
        raise ToolError("ffmpeg wrote no copy")
    return True
