"""PDF materials: complete, readable, not encrypted, and without active content."""

import logging
import os

from .verdicts import accepted, refused

logger = logging.getLogger(__name__)

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
        return refused("pdf_unreadable", detected_type="pdf")
    try:
        reader = PdfReader(path, strict=False)
        if reader.is_encrypted:
            return refused("pdf_encrypted", detected_type="pdf")
        pages = len(reader.pages)
        if pages == 0:
            return refused("pdf_unreadable", detected_type="pdf")
        problem = _pdf_active_content(reader)
    except (PyPdfError, ValueError, KeyError, TypeError, AttributeError, IndexError, RecursionError, OSError) as exc:
        # pypdf reports damage through a variety of exception types.
        logger.info("pdf unreadable %s: %r", path, exc)
        return refused("pdf_unreadable", detected_type="pdf")
    if problem:
        return refused(problem, detected_type="pdf")
    return accepted(detected_type="pdf", page_count=pages)


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


def pdf_page_count(path):
    from pypdf import PdfReader
    from pypdf.errors import PyPdfError

    try:
        return len(PdfReader(path).pages)
    except (PyPdfError, ValueError, OSError):
        return None
