"""Private entry files, served only to whoever may read the entry; 404 for everyone else.

Role: the entry's owner, organizers, and the readers later stages register
(`rules.register_entry_reader`: assigned judges, the public for finalists). The bytes leave
by the cheapest path the storage allows: nginx's X-Accel-Redirect, a presigned S3 URL, or a
ranged streaming response (videos seek). Judging serves its blind downloads through
`serve_file` too.

Everyone but the owner and the organizers (judges, the public) is served the copy the check
made without the file's author properties, when it had any.

A name shown to a judge of a blind round is made of the entry code and the kind: an
uploaded name often carries the entrant's name.
"""

import os
import re
from pathlib import Path
from urllib.parse import quote

from django.conf import settings
from django.http import (
    Http404,
    HttpResponse,
    HttpResponseNotModified,
    HttpResponseRedirect,
    StreamingHttpResponse,
)
from django.utils.http import http_date, parse_http_date_safe
from django.views.decorators.http import require_http_methods

from accounts.audience import ENTRANT_OWNER, audience

from .. import checks
from ..queries import readable_file
from ..rules import is_entrant_owner, is_organizer

VARIANTS = ("file", "preview", "poster")
_RANGE = re.compile(r"^bytes=(\d*)-(\d*)$")
STREAM_BLOCK = 256 * 1024


def _variant(entry_file, variant, *, reveal_name=True):
    """(field file, content type, download name) of one variant of an entry file.

    Without `reveal_name` the name is made of the entry code and the kind: an uploaded name
    often carries the entrant's name, which a judge of a blind round must not see; for the
    same reason the bytes are the copy without author properties, when the check made one.
    """
    if not reveal_name:
        mime, extension = checks.ALL_TYPES.get(entry_file.detected_type, ("application/octet-stream", ""))
        stem = f"{entry_file.entry.code}-{entry_file.kind}"
        if variant == "preview":
            return entry_file.preview, "application/pdf", f"{stem}.pdf"
        if variant == "poster":
            return entry_file.poster, "image/webp", f"{stem}.webp"
        bytes_ = entry_file.blind_copy or entry_file.file
        return bytes_, mime, f"{stem}.{extension}" if extension else stem
    stem = Path(entry_file.original_name or "file").stem or "file"
    if variant == "preview":
        return entry_file.preview, "application/pdf", f"{stem}.pdf"
    if variant == "poster":
        return entry_file.poster, "image/webp", f"{stem}.webp"
    mime, extension = checks.ALL_TYPES.get(entry_file.detected_type, ("application/octet-stream", ""))
    name = entry_file.original_name or "file"
    if extension and not name.lower().endswith(f".{extension}"):
        name = f"{name}.{extension}"
    return entry_file.file, mime, name


def content_disposition(name, *, attachment):
    """RFC 6266 with an ASCII fallback: Chinese names survive every browser."""
    stem, extension = os.path.splitext(name)

    def ascii_only(text):
        return text.encode("ascii", "ignore").decode().replace('"', "").replace("\\", "").strip()

    ascii_name = (ascii_only(stem) or "file") + ascii_only(extension)
    kind = "attachment" if attachment else "inline"
    return f"{kind}; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(name)}"


def serve_file(request, entry_file, variant="file"):
    """Answer with the bytes of a file the caller may fetch, by the cheapest path the storage allows."""
    user = request.user
    reveal = user.is_authenticated and (is_entrant_owner(user, entry_file) or is_organizer(user))
    field_file, content_type, name = _variant(entry_file, variant, reveal_name=reveal)
    if not field_file:
        raise Http404
    disposition = content_disposition(name, attachment=request.GET.get("download") == "1")
    storage = field_file.storage
    try:
        local_path = storage.path(field_file.name)
    except NotImplementedError:
        local_path = None
    if local_path is None:
        return _redirect_to_storage(storage, field_file.name, content_type, disposition)
    accel_prefix = settings.PRIVATE_FILES_ACCEL_PREFIX
    if accel_prefix:
        # nginx serves the bytes (ranges included) from an internal location.
        response = HttpResponse(content_type=content_type)
        response["X-Accel-Redirect"] = accel_prefix.rstrip("/") + "/" + quote(field_file.name)
        response["Content-Disposition"] = disposition
        response["Cache-Control"] = "private, no-cache"
        return response
    return ranged_file_response(request, local_path, content_type=content_type, disposition=disposition)


def _redirect_to_storage(storage, name, content_type, disposition):
    """A short-lived presigned URL that makes the browser fetch straight from S3."""
    expire = settings.PRIVATE_FILES_URL_EXPIRE
    try:
        url = storage.url(
            name,
            parameters={"ResponseContentType": content_type, "ResponseContentDisposition": disposition},
            expire=expire,
        )
    except TypeError:
        # Storages without presigning options: their own URL.
        url = storage.url(name)
    response = HttpResponseRedirect(url)
    response["Cache-Control"] = "private, no-store"
    return response


def parse_range(header, size):
    """The (start, end) inclusive byte range of a single-range `Range` header.

    None means "send the whole file" (no header, several ranges, another unit: all allowed by
    RFC 9110); ValueError means the range cannot be satisfied (416).
    """
    if not header:
        return None
    match = _RANGE.match(header.strip())
    if not match:
        return None
    first, last = match.groups()
    if not first and not last:
        return None
    if not first:
        length = int(last)
        if length == 0:
            raise ValueError("empty suffix range")
        return max(0, size - length), size - 1
    start = int(first)
    end = int(last) if last else size - 1
    if start >= size or end < start:
        raise ValueError("range not satisfiable")
    return start, min(end, size - 1)


def ranged_file_response(request, file_path, *, content_type, disposition):
    """A file response with HTTP Range support (206 Partial Content), so videos can seek."""
    stat = os.stat(file_path)
    size = stat.st_size
    etag = f'"{stat.st_mtime_ns:x}-{size:x}"'
    last_modified = http_date(stat.st_mtime)
    if request.headers.get("If-None-Match") == etag:
        return HttpResponseNotModified(headers={"ETag": etag})
    byte_range = None
    if_range = request.headers.get("If-Range")
    if not if_range or if_range == etag or parse_http_date_safe(if_range) == int(stat.st_mtime):
        try:
            byte_range = parse_range(request.headers.get("Range"), size)
        except ValueError:
            response = HttpResponse(status=416)
            response["Content-Range"] = f"bytes */{size}"
            response["Accept-Ranges"] = "bytes"
            return response
    start, end = byte_range if byte_range else (0, size - 1)
    length = end - start + 1 if size else 0
    response = StreamingHttpResponse(
        _file_blocks(file_path, start, length), status=206 if byte_range else 200, content_type=content_type
    )
    response["Content-Length"] = str(length)
    if byte_range:
        response["Content-Range"] = f"bytes {start}-{end}/{size}"
    response["Accept-Ranges"] = "bytes"
    response["Content-Disposition"] = disposition
    response["ETag"] = etag
    response["Last-Modified"] = last_modified
    response["Cache-Control"] = "private, no-cache"
    return response


def _file_blocks(file_path, start, length):
    with open(file_path, "rb") as fh:
        fh.seek(start)
        remaining = length
        while remaining > 0:
            block = fh.read(min(STREAM_BLOCK, remaining))
            if not block:
                return
            remaining -= len(block)
            yield block


@audience(ENTRANT_OWNER)
@require_http_methods(["GET", "HEAD"])
def serve(request, uid, variant="file"):
    """A stored file (or its preview / poster) for whoever may fetch it; 404 for everyone else."""
    if variant not in VARIANTS:
        raise Http404
    entry_file = readable_file(request.user, uid)
    if entry_file is None:
        raise Http404
    return serve_file(request, entry_file, variant)
