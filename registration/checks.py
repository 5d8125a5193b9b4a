"""Content checks of uploaded files: pure functions over a local path, returning a Verdict.

The same functions serve the Celery task, `manage.py checkfile` and the tests, so a verdict
given to an entrant can be reproduced by support staff on a copy of the file. Limits come
in as arguments (they are per-contest data); nothing here touches the database.

The type is decided by the content (magic bytes via `filetype`, then the format's own
structure: pypdf for PDF, the zip directory for PPTX, ffprobe for video), never by the name.
"""

import json
import logging
import os
import re
import shutil
import signal
import subprocess
import tempfile
import unicodedata
import zipfile
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from pathlib import Path

import filetype
from django.utils.translation import gettext, ngettext

logger = logging.getLogger(__name__)

MATERIALS = "materials"
VIDEO = "video"
KINDS = (MATERIALS, VIDEO)

# The one allow-list shared by the upload endpoint, the checks and the file-serving view:
# detected type → (MIME type, extension used for storage names and downloads).
MATERIAL_TYPES = {
    "pdf": ("application/pdf", "pdf"),
    "pptx": ("application/vnd.openxmlformats-officedocument.presentationml.presentation", "pptx"),
    "ppt": ("application/vnd.ms-powerpoint", "ppt"),
}
VIDEO_TYPES = {
    "mp4": ("video/mp4", "mp4"),
    "mov": ("video/quicktime", "mov"),
    "webm": ("video/webm", "webm"),
    "mkv": ("video/x-matroska", "mkv"),
    "avi": ("video/x-msvideo", "avi"),
    "m4v": ("video/x-m4v", "m4v"),
    "3gp": ("video/3gpp", "3gp"),
    "mpg": ("video/mpeg", "mpg"),
    "wmv": ("video/x-ms-wmv", "wmv"),
    "flv": ("video/x-flv", "flv"),
}
ALLOWED_TYPES = {MATERIALS: MATERIAL_TYPES, VIDEO: VIDEO_TYPES}
ALL_TYPES = {**MATERIAL_TYPES, **VIDEO_TYPES, "webp": ("image/webp", "webp")}

OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
# How much of the head the type sniffers look at (filetype reads at most 8 KiB).
HEAD_BYTES = 8192


@dataclass(frozen=True)
class Limits:
    """What a file may weigh and contain; built from the contest's RegistrationSettings."""

    max_bytes: int
    max_seconds: int | None = None
    # A presentation is a zip: bound what it may expand to and how hard it may be compressed.
    max_uncompressed_bytes: int = 1024 * 1024 * 1024
    max_zip_entries: int = 10_000
    max_compression_ratio: int = 100
    # External tools (LibreOffice, ffprobe, ffmpeg) are killed after this many seconds.
    tool_timeout: int = 180


@dataclass(frozen=True)
class Verdict:
    """The outcome of a check. `message` is rendered in the active language each time it is read."""

    accepted: bool
    code: str
    params: dict = field(default_factory=dict)
    detected_type: str = ""
    page_count: int | None = None
    duration: float | None = None
    video_codec: str = ""
    audio_codec: str = ""
    width: int | None = None
    height: int | None = None
    # Derived files written into the caller's work directory, when it gave one.
    preview_path: Path | None = None
    poster_path: Path | None = None

    @property
    def message(self):
        return verdict_message(self.code, self.params)

    @property
    def mime_type(self):
        return ALL_TYPES.get(self.detected_type, ("application/octet-stream", "bin"))[0]


def _accepted(**facts):
    return Verdict(accepted=True, code="ok", **facts)


def _refused(code, detected_type="", **params):
    return Verdict(accepted=False, code=code, params=params, detected_type=detected_type)


# Every code a verdict may carry; the file row stores it and renders the message again from it.
VERDICT_CODES = frozenset(
    {
        "ok", "empty", "too_large", "wrong_type_materials", "wrong_type_video", "pdf_unreadable", "pdf_encrypted",
        "pdf_javascript", "pdf_launch", "pdf_embedded_file", "presentation_unreadable", "archive_too_many_entries",
        "archive_too_large", "archive_ratio", "video_unreadable", "video_no_picture", "video_too_long",
        "check_failed",
    }
)  # fmt: skip


# --- Messages -----------------------------------------------------------------------------


def format_bytes(size):
    """Sizes the way people read them: 100 MB, 1.5 GB (binary units, as file managers show)."""
    size = int(size)
    for unit, factor in (("GB", 1024**3), ("MB", 1024**2), ("KB", 1024)):
        if size >= factor:
            value = size / factor
            text = f"{value:.1f}".removesuffix(".0")
            return f"{text} {unit}"
    return ngettext("%(count)d byte", "%(count)d bytes", size) % {"count": size}


def format_duration(seconds):
    """A measured duration as minutes and seconds, e.g. 5 min 01 s (视频时长 5分01秒)."""
    total = round(seconds)
    minutes, secs = divmod(total, 60)
    if minutes == 0:
        return gettext("%(seconds)d s") % {"seconds": secs}
    return gettext("%(minutes)d min %(seconds)02d s") % {"minutes": minutes, "seconds": secs}


def format_limit_duration(seconds):
    """A duration limit: whole minutes read better (5 minutes) than 5 min 00 s."""
    if seconds % 60 == 0:
        minutes = seconds // 60
        return ngettext("%(count)d minute", "%(count)d minutes", minutes) % {"count": minutes}
    return format_duration(seconds)


def verdict_message(code, params=None):
    """The plain-words reason for a verdict code, in the active language."""
    params = params or {}
    if code == "ok":
        return gettext("The file passed the checks.")
    if code == "empty":
        return gettext("The file is empty.")
    if code == "too_large":
        return gettext("The file is %(size)s, over the %(limit)s limit.") % {
            "size": format_bytes(params.get("size", 0)),
            "limit": format_bytes(params.get("limit", 0)),
        }
    if code == "wrong_type_materials":
        return gettext(
            "This file is not a PDF, PPT or PPTX document, whatever its name says. Save it as PDF and upload it again."
        )
    if code == "wrong_type_video":
        return gettext("This file is not a video in a common format (MP4, MOV, WebM, AVI, MKV).")
    if code == "pdf_unreadable":
        return gettext(
            "The PDF cannot be opened: it is damaged or incomplete. Export it again and upload the new file."
        )
    if code == "pdf_encrypted":
        return gettext("The PDF is encrypted or password-protected. Upload a copy saved without a password.")
    if code == "pdf_javascript":
        return gettext("The PDF contains JavaScript, which is not allowed. Print it to a new PDF and upload that.")
    if code == "pdf_launch":
        return gettext("The PDF contains an action that starts other programs, which is not allowed.")
    if code == "pdf_embedded_file":
        return gettext(
            "The PDF contains attached files, which is not allowed. Remove the attachments and upload again."
        )
    if code == "presentation_unreadable":
        return gettext("The presentation cannot be opened: it is damaged or incomplete. Save it again and upload it.")
    if code == "archive_too_many_entries":
        return gettext("The presentation has %(count)d internal parts, more than the %(limit)d allowed.") % {
            "count": params.get("count", 0),
            "limit": params.get("limit", 0),
        }
    if code == "archive_too_large":
        return gettext("The presentation expands to %(size)s when opened, over the %(limit)s limit.") % {
            "size": format_bytes(params.get("size", 0)),
            "limit": format_bytes(params.get("limit", 0)),
        }
    if code == "archive_ratio":
        return gettext(
            "The presentation expands more than %(ratio)d times when opened, which is not allowed for safety."
        ) % {"ratio": params.get("limit", 100)}
    if code == "video_unreadable":
        return gettext(
            "The video cannot be read: it is damaged or incomplete. Export it again and upload the new file."
        )
    if code == "video_no_picture":
        return gettext("The file has no video picture.")
    if code == "video_too_long":
        return gettext("The video is %(duration)s long, over the %(limit)s limit.") % {
            "duration": format_duration(params.get("seconds", 0)),
            "limit": format_limit_duration(params.get("limit", 0)),
        }
    if code == "check_failed":
        return gettext("The file could not be checked. Please upload it again later or contact the organizers.")
    return gettext("The file was refused.")


# --- File names -----------------------------------------------------------------------------

_SPACES = re.compile(r"\s+")


def display_name(name, *, max_length=120):
    """A file name fit for display: last path segment, no control or format characters.

    Format characters (Unicode category Cf) include the right-to-left override that makes
    "gpj.exe" read as "exe.jpg"; they go too. The result is only ever shown, never used as
    a storage path: stored files get random names.
    """
    name = str(name or "")
    name = re.split(r"[/\\]", name)[-1]
    name = re.sub(r"[\t\n\r\v\f]", " ", name)
    name = "".join(ch for ch in name if unicodedata.category(ch) not in {"Cc", "Cf", "Cs", "Co", "Cn"})
    name = _SPACES.sub(" ", name).strip().strip(".")
    if len(name) > max_length:
        stem, dot, ext = name.rpartition(".")
        if dot and 0 < len(ext) <= 10:
            name = stem[: max_length - len(ext) - 1].rstrip() + "." + ext
        else:
            name = name[:max_length].rstrip()
    return name or "file"


# --- Type detection -------------------------------------------------------------------------


def read_head(path, size=HEAD_BYTES):
    with open(path, "rb") as fh:
        return fh.read(size)


def sniff_type(path):
    """The file's type by its first bytes: an extension-like name ("pdf", "zip", "mp4", "exe"…) or ""."""
    head = read_head(path)
    if not head:
        return ""
    if head.startswith(OLE2_MAGIC):
        # Legacy Office files share the OLE2 container; filetype tells Word and Excel apart
        # from their first sector, and what is neither is taken for PowerPoint, which
        # LibreOffice must then open for the preview (a damaged one is refused there).
        kind = filetype.guess(head)
        return kind.extension if kind and kind.extension in {"doc", "xls"} else "ppt"
    # PDF readers accept a header anywhere in the first KiB, and so do we.
    if b"%PDF-" in head[:1024]:
        return "pdf"
    kind = filetype.guess(head)
    if kind is None:
        # ISO base media files whose brands filetype does not list (iso5, dash, avc1…).
        if head[4:8] == b"ftyp":
            return "mp4"
        return ""
    if kind.extension in {"zip", "docx", "xlsx", "pptx", "odp", "odt", "ods", "epub"}:
        return "zip"
    return kind.extension


# --- Entry point ----------------------------------------------------------------------------


def check_file(path, *, kind, limits, workdir=None, make_derivatives=True):
    """Check the file at `path` as `kind` (materials or video) within `limits`.

    With a `workdir`, derived files are written there: a PDF preview of a presentation and
    a WebP poster of a video (the verdict carries their paths). Without one they are made in
    a temporary directory and discarded, so `checkfile` runs exactly the same steps.
    """
    if kind not in KINDS:
        raise ValueError(f"unknown kind {kind!r}")
    path = Path(path)
    size = path.stat().st_size
    if size == 0:
        return _refused("empty")
    if size > limits.max_bytes:
        return _refused("too_large", size=size, limit=limits.max_bytes)
    sniffed = sniff_type(path)
    with _workdir(workdir) as work:
        if kind == MATERIALS:
            verdict = _check_materials(path, sniffed, limits, work, make_derivatives)
        else:
            verdict = _check_video(path, sniffed, limits, work, make_derivatives)
        if workdir is None:
            # The temporary directory is gone after this block; do not hand out dead paths.
            verdict = replace(verdict, preview_path=None, poster_path=None)
    return verdict


@contextmanager
def _workdir(workdir):
    if workdir is not None:
        yield Path(workdir)
        return
    with tempfile.TemporaryDirectory(prefix="check-") as tmp:
        yield Path(tmp)


def _check_materials(path, sniffed, limits, work, make_derivatives):
    if sniffed == "pdf":
        return check_pdf(path)
    if sniffed == "zip":
        verdict = check_pptx(path, limits)
    elif sniffed == "ppt":
        if not _ole_has_powerpoint_stream(path):
            # Another OLE2 file (an installer, a Visio drawing…) named .ppt.
            return _refused("wrong_type_materials", detected_type="ole")
        verdict = _accepted(detected_type="ppt")
    else:
        return _refused("wrong_type_materials", detected_type=sniffed)
    if not verdict.accepted or not make_derivatives:
        return verdict
    return _with_presentation_preview(path, verdict, limits, work)


def _check_video(path, sniffed, limits, work, make_derivatives):
    if sniffed not in VIDEO_TYPES:
        return _refused("wrong_type_video", detected_type=sniffed)
    verdict = check_video(path, limits, detected_type=sniffed)
    if not verdict.accepted or not make_derivatives:
        return verdict
    poster = work / "poster.webp"
    try:
        make_poster(path, poster, duration=verdict.duration or 0, timeout=limits.tool_timeout)
    except ToolError as exc:
        # ffprobe read the header but no frame decodes: the picture data is damaged.
        logger.info("poster failed for %s: %s", path, exc)
        return _refused("video_unreadable", detected_type=sniffed)
    return replace(verdict, poster_path=poster)


# --- PDF --------------------------------------------------------------------------------------

# Keys and action types that make a PDF do something on its own. /JS holds JavaScript in an
# action; /JavaScript is the name tree of document scripts; /Launch starts programs;
# /EmbeddedFile(s) and /FileAttachment carry other files inside the PDF.
_PDF_JS_KEYS = {"/JS", "/JavaScript"}
_PDF_JS_ACTIONS = {"/JavaScript"}
_PDF_LAUNCH_ACTIONS = {"/Launch"}
_PDF_EMBED_KEYS = {"/EmbeddedFiles", "/EmbeddedFile"}
_PDF_EMBED_TYPES = {"/EmbeddedFile", "/Filespec"}
_PDF_EMBED_SUBTYPES = {"/FileAttachment", "/RichMedia"}
# A walk over this many objects is long enough for any honest document of our size limit.
_PDF_MAX_OBJECTS = 500_000


def check_pdf(path):
    """A PDF must open, end as a complete file, carry no encryption and no active content."""
    from pypdf import PdfReader
    from pypdf.errors import PyPdfError

    if not _pdf_has_trailer(path):
        return _refused("pdf_unreadable", detected_type="pdf")
    try:
        reader = PdfReader(path, strict=False)
        if reader.is_encrypted:
            return _refused("pdf_encrypted", detected_type="pdf")
        pages = len(reader.pages)
        if pages == 0:
            return _refused("pdf_unreadable", detected_type="pdf")
        problem = _pdf_active_content(reader)
    except (PyPdfError, ValueError, KeyError, TypeError, AttributeError, IndexError, RecursionError, OSError) as exc:
        # pypdf reports damage through a variety of exception types.
        logger.info("pdf unreadable %s: %r", path, exc)
        return _refused("pdf_unreadable", detected_type="pdf")
    if problem:
        return _refused(problem, detected_type="pdf")
    return _accepted(detected_type="pdf", page_count=pages)


def _pdf_has_trailer(path):
    """A complete PDF ends with %%EOF (give or take trailing whitespace or padding).

    pypdf rebuilds a missing cross-reference table from what it finds, so a file cut off in
    transit can still "open"; the missing end marker is how a truncated upload shows.
    """
    with open(path, "rb") as fh:
        fh.seek(0, os.SEEK_END)
        end = fh.tell()
        fh.seek(max(0, end - 2048))
        return b"%%EOF" in fh.read()


def _pdf_active_content(reader):
    """Walk every object reachable from the trailer and name the first forbidden feature found."""
    from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject

    containers = (IndirectObject, DictionaryObject, ArrayObject)
    stack = [reader.trailer]
    seen = set()
    visited = 0
    while stack:
        obj = stack.pop()
        if isinstance(obj, IndirectObject):
            key = (obj.idnum, obj.generation)
            if key in seen:
                continue
            seen.add(key)
            obj = obj.get_object()
        visited += 1
        if visited > _PDF_MAX_OBJECTS:
            raise ValueError("too many objects")
        if isinstance(obj, DictionaryObject):
            keys = set(obj.keys())
            action = obj.get("/S")
            if keys & _PDF_JS_KEYS or action in _PDF_JS_ACTIONS:
                return "pdf_javascript"
            if action in _PDF_LAUNCH_ACTIONS:
                return "pdf_launch"
            obj_type = obj.get("/Type")
            if (
                keys & _PDF_EMBED_KEYS
                or obj.get("/Subtype") in _PDF_EMBED_SUBTYPES
                or (obj_type in _PDF_EMBED_TYPES and "/EF" in keys)
                or obj_type == "/EmbeddedFile"
            ):
                return "pdf_embedded_file"
            for name, value in obj.items():
                # /Parent points back up the page tree; everything it reaches is reached anyway.
                if name != "/Parent" and isinstance(value, containers):
                    stack.append(value)
        elif isinstance(obj, ArrayObject):
            stack.extend(item for item in obj if isinstance(item, containers))
    return ""


# --- PPTX -------------------------------------------------------------------------------------


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
                return _refused(
                    "archive_too_many_entries", detected_type="pptx", count=len(infos), limit=limits.max_zip_entries
                )
            names = {info.filename for info in infos}
            if "[Content_Types].xml" not in names or "ppt/presentation.xml" not in names:
                return _refused("wrong_type_materials", detected_type="zip")
            total = sum(info.file_size for info in infos)
            compressed = sum(info.compress_size for info in infos)
            if total > limits.max_uncompressed_bytes:
                return _refused(
                    "archive_too_large", detected_type="pptx", size=total, limit=limits.max_uncompressed_bytes
                )
            ratio = limits.max_compression_ratio
            # Small entries compress very well (empty XML parts); only sizes that matter count.
            if total > 1024 * 1024 and total > ratio * max(compressed, 1):
                return _refused("archive_ratio", detected_type="pptx", limit=ratio)
            for info in infos:
                if info.file_size > 1024 * 1024 and info.file_size > ratio * max(info.compress_size, 1):
                    return _refused("archive_ratio", detected_type="pptx", limit=ratio)
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
        return _refused("presentation_unreadable", detected_type="pptx")
    return _accepted(detected_type="pptx", page_count=slides)


_POWERPOINT_STREAM = "PowerPoint Document".encode("utf-16-le")


def _ole_has_powerpoint_stream(path):
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


# --- Presentation preview -----------------------------------------------------------------------


class ToolError(Exception):
    """An external program failed, timed out or is missing."""


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
        _run(command, timeout=timeout, env={**os.environ, "HOME": str(tmp)})
        produced = convert_dir / "presentation.pdf"
        if not produced.exists() or produced.stat().st_size == 0:
            raise ToolError("LibreOffice produced no PDF")
        out_dir.mkdir(parents=True, exist_ok=True)
        target = out_dir / "preview.pdf"
        shutil.move(produced, target)
    return target


def _with_presentation_preview(path, verdict, limits, work):
    if soffice_binary() is None:
        # Without LibreOffice the file is still checked; the preview is made by a later re-check.
        logger.warning("soffice not found: no preview for %s", path)
        return verdict
    try:
        preview = make_pdf_preview(path, work, extension=verdict.detected_type, timeout=limits.tool_timeout)
    except ToolError as exc:
        logger.info("preview failed for %s: %s", path, exc)
        return _refused("presentation_unreadable", detected_type=verdict.detected_type)
    page_count = verdict.page_count
    if verdict.detected_type == "ppt" or not page_count:
        page_count = _pdf_page_count(preview) or page_count
    return replace(verdict, preview_path=preview, page_count=page_count)


def _pdf_page_count(path):
    from pypdf import PdfReader
    from pypdf.errors import PyPdfError

    try:
        return len(PdfReader(path).pages)
    except (PyPdfError, ValueError, OSError):
        return None


# --- Video ----------------------------------------------------------------------------------------


def probe_video(path, *, timeout):
    """ffprobe's view of the file: format and streams as a dict."""
    command = [
        "ffprobe",
        "-v",
        "error",
        "-show_entries",
        "format=format_name,duration:stream=codec_type,codec_name,width,height,duration",
        "-of",
        "json",
        str(path),
    ]
    output = _run(command, timeout=timeout)
    try:
        return json.loads(output or b"{}")
    except json.JSONDecodeError as exc:
        raise ToolError(f"ffprobe printed no JSON: {exc}") from None


def check_video(path, limits, *, detected_type):
    """Probe duration, codecs and resolution; refuse what ffprobe cannot read or what is too long."""
    try:
        info = probe_video(path, timeout=limits.tool_timeout)
    except ToolError as exc:
        logger.info("ffprobe failed for %s: %s", path, exc)
        return _refused("video_unreadable", detected_type=detected_type)
    streams = info.get("streams") or []
    video = next((s for s in streams if s.get("codec_type") == "video"), None)
    audio = next((s for s in streams if s.get("codec_type") == "audio"), None)
    if video is None:
        return _refused("video_no_picture", detected_type=detected_type)
    duration = _float(info.get("format", {}).get("duration")) or _float(video.get("duration"))
    if not duration or duration <= 0:
        return _refused("video_unreadable", detected_type=detected_type)
    # Compare whole seconds as they are shown: a video reported as 300.02 s (audio padding)
    # is a 5-minute video; one of 301 s is refused and the message says 5 min 01 s.
    if limits.max_seconds is not None and round(duration) > limits.max_seconds:
        return Verdict(
            accepted=False,
            code="video_too_long",
            params={"seconds": round(duration), "limit": limits.max_seconds},
            detected_type=detected_type,
            duration=duration,
            video_codec=video.get("codec_name", ""),
            audio_codec=(audio or {}).get("codec_name", ""),
            width=video.get("width"),
            height=video.get("height"),
        )
    return _accepted(
        detected_type=detected_type,
        duration=duration,
        video_codec=video.get("codec_name", ""),
        audio_codec=(audio or {}).get("codec_name", ""),
        width=video.get("width"),
        height=video.get("height"),
    )


POSTER_SIZE = (640, 360)


def make_poster(path, target, *, duration, timeout):
    """One frame from the first seconds of the video, resized with Pillow and saved as WebP."""
    from io import BytesIO

    from PIL import Image, UnidentifiedImageError

    at = min(1.0, duration / 2) if duration else 0
    command = [
        "ffmpeg",
        "-nostdin",
        "-v",
        "error",
        "-ss",
        f"{at:.3f}",
        "-i",
        str(path),
        "-frames:v",
        "1",
        "-f",
        "image2pipe",
        "-c:v",
        "png",
        "-",
    ]
    frame = _run(command, timeout=timeout)
    if not frame:
        raise ToolError("ffmpeg decoded no frame")
    try:
        with Image.open(BytesIO(frame)) as image:
            image = image.convert("RGB")
            image.thumbnail(POSTER_SIZE, Image.Resampling.LANCZOS)
            Path(target).parent.mkdir(parents=True, exist_ok=True)
            image.save(target, "WEBP", quality=80)
    except (UnidentifiedImageError, OSError) as exc:
        raise ToolError(f"frame unreadable: {exc}") from None
    return Path(target)


# --- Helpers ------------------------------------------------------------------------------------------


def _float(value):
    try:
        return float(value)
    except (TypeError, ValueError):
        return None


def _run(command, *, timeout, env=None):
    """Run a tool in its own process group and kill the whole group on timeout.

    LibreOffice forks (oosplash → soffice.bin); killing only the direct child would leave
    the converter running.
    """
    try:
        process = subprocess.Popen(  # noqa: S603 - fixed argument lists, no shell
            command,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            start_new_session=True,
            env=env,
        )
    except FileNotFoundError as exc:
        raise ToolError(f"{command[0]} not found") from exc
    try:
        stdout, stderr = process.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.communicate()
        raise ToolError(f"{Path(command[0]).name} timed out after {timeout} s") from None
    if process.returncode != 0:
        raise ToolError(
            f"{Path(command[0]).name} exited {process.returncode}: {stderr[-500:].decode(errors='replace')}"
        )
    return stdout
