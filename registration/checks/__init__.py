"""Content checks of uploaded files: pure functions over a local path, returning a Verdict.

The same functions serve the Celery task, `manage.py checkfile` and the tests, so a verdict
given to an entrant can be reproduced by support staff on a copy of the file. Limits come
in as arguments (they are per-contest data); nothing here touches the database.

The type is decided by the content (magic bytes via `filetype`, then the format's own
structure: pypdf for PDF, the zip directory for PPTX, ffprobe for video), never by the name.
One module per job: `filetypes` (the allow-list and sniffing), `pdf`, `slides` (PPTX, PPT
and their PDF preview), `video` (ffprobe and the poster), `tools` (running LibreOffice and
ffmpeg), `verdicts` and `messages` (what a check says, in the reader's language), `names`, `scrub`
(the copy without identifying properties that judges of a blind round get).
`check_file` below is the entry point.
"""

import tempfile
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path

from .filetypes import ALL_TYPES, ALLOWED_TYPES, KINDS, MATERIALS, VIDEO, VIDEO_TYPES, sniff_type
from .messages import VERDICT_CODES, format_bytes, format_duration, format_limit_duration, verdict_message
from .names import display_name
from .pdf import check_pdf
from .scrub import blind_copy, strip_pdf
from .slides import check_pptx, ole_has_powerpoint_stream, soffice_binary, with_presentation_preview
from .tools import ToolError
from .verdicts import Limits, Verdict, accepted, refused
from .video import check_video, with_poster

__all__ = [
    "ALLOWED_TYPES",
    "ALL_TYPES",
    "KINDS",
    "MATERIALS",
    "VERDICT_CODES",
    "VIDEO",
    "Limits",
    "ToolError",
    "Verdict",
    "check_file",
    "display_name",
    "format_bytes",
    "format_duration",
    "format_limit_duration",
    "sniff_type",
    "soffice_binary",
    "verdict_message",
]


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
        return refused("empty")
    if size > limits.max_bytes:
        return refused("too_large", size=size, limit=limits.max_bytes)
    sniffed = sniff_type(path)
    with _workdir(workdir) as work:
        if kind == MATERIALS:
            verdict = _check_materials(path, sniffed, limits, work, make_derivatives)
        else:
            verdict = _check_video(path, sniffed, limits, work, make_derivatives)
        if verdict.accepted:
            verdict = _without_properties(path, verdict, limits, work)
        if workdir is None:
            # The temporary directory is gone after this block; do not hand out dead paths.
            verdict = replace(verdict, preview_path=None, poster_path=None, blind_path=None)
    return verdict


_UNREADABLE = {"pdf": "pdf_unreadable", "pptx": "presentation_unreadable"}


def _without_properties(path, verdict, limits, work):
    """The verdict with the blind copy of the file, and its PDF preview stripped in place.

    A file whose properties cannot be removed is refused as unreadable: serving it to a blind
    round would leak them, and a file no tool can rewrite is damaged anyway.
    """
    try:
        blind = blind_copy(path, detected_type=verdict.detected_type, work=work, timeout=limits.tool_timeout)
        if verdict.preview_path and strip_pdf(verdict.preview_path, work / "preview-blind.pdf"):
            (work / "preview-blind.pdf").replace(verdict.preview_path)
    except ToolError:
        return refused(_UNREADABLE.get(verdict.detected_type, "video_unreadable"), detected_type=verdict.detected_type)
    return replace(verdict, blind_path=blind)


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
        if not ole_has_powerpoint_stream(path):
            # Another OLE2 file (an installer, a Visio drawing…) named .ppt.
            return refused("wrong_type_materials", detected_type="ole")
        verdict = accepted(detected_type="ppt")
    else:
        return refused("wrong_type_materials", detected_type=sniffed)
    if not verdict.accepted or not make_derivatives:
        return verdict
    return with_presentation_preview(path, verdict, limits, work)


def _check_video(path, sniffed, limits, work, make_derivatives):
    if sniffed not in VIDEO_TYPES:
        return refused("wrong_type_video", detected_type=sniffed)
    verdict = check_video(path, limits, detected_type=sniffed)
    if not verdict.accepted or not make_derivatives:
        return verdict
    return with_poster(path, verdict, limits, work)
