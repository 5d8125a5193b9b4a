"""The tus 1.0 protocol itself: versions, headers, metadata, checksums and the request body.

Core protocol plus the creation, termination, expiration and checksum extensions
(https://tus.io/protocols/resumable-upload). The views that speak it live in
`registration.views.uploads`; nothing here knows of entries.

Bytes are read from the request as a stream in bounded blocks (never `request.body`): the
server's memory per upload is one block whatever the size of the chunk the client sends.
"""

import base64
import binascii
import hashlib
import logging

from django.conf import settings
from django.http import HttpResponse
from django.utils.http import http_date

logger = logging.getLogger(__name__)

TUS_VERSION = "1.0.0"
TUS_EXTENSIONS = "creation,termination,expiration,checksum"
CHECKSUM_ALGORITHMS = {"sha1": hashlib.sha1, "sha256": hashlib.sha256, "md5": hashlib.md5}
OFFSET_CONTENT_TYPE = "application/offset+octet-stream"
# tus status code for a chunk whose Upload-Checksum does not match what arrived.
CHECKSUM_MISMATCH = 460


def chunk_bytes():
    """The size of the PATCH requests the widget sends (tus-js-client's chunkSize)."""
    # Large enough that the per-request cost (session, queries, commit: ~10 ms) stays small
    # next to the transfer; an interrupted PATCH keeps what arrived, so size costs no resends.
    # nginx's client_max_body_size for /uploads/ must be at least this.
    return settings.UPLOAD_CHUNK_BYTES


def read_block_bytes():
    """How much of a request is read and written at a time: the server's memory per upload."""
    return settings.UPLOAD_READ_BLOCK_BYTES


class TusError(Exception):
    """A request the protocol refuses: the view answers `status` with `message` as plain text."""

    def __init__(self, status, message, headers=None):
        super().__init__(message)
        self.status = status
        self.message = str(message)
        self.headers = headers or {}


def tus_response(status=204, headers=None, content=b"", content_type="text/plain; charset=utf-8"):
    response = HttpResponse(content, status=status, content_type=content_type)
    response["Tus-Resumable"] = TUS_VERSION
    # Offsets change with every PATCH: no cache may answer a HEAD.
    response["Cache-Control"] = "no-store"
    for name, value in (headers or {}).items():
        response[name] = value
    return response


def expires_header(instant):
    return http_date(instant.timestamp())


# --- Parsing ---------------------------------------------------------------------------------


def require_version(request):
    """Every request but OPTIONS names the protocol version it speaks."""
    version = request.headers.get("Tus-Resumable")
    if version != TUS_VERSION:
        raise TusError(412, "Unsupported tus version.", {"Tus-Version": TUS_VERSION})


def parse_int_header(request, name, *, required=True):
    raw = request.headers.get(name)
    if raw is None:
        if required:
            raise TusError(400, f"{name} is required.")
        return None
    if not raw.isdigit():
        raise TusError(400, f"{name} must be a non-negative integer.")
    return int(raw)


def parse_metadata(header):
    """Upload-Metadata: comma-separated `key base64value` pairs (the value may be absent)."""
    metadata = {}
    if not header:
        return metadata
    for pair in header.split(","):
        pair = pair.strip()
        if not pair:
            continue
        key, _, value = pair.partition(" ")
        if not key or key in metadata:
            raise TusError(400, "Upload-Metadata is malformed.")
        try:
            metadata[key] = base64.b64decode(value.strip(), validate=True).decode("utf-8") if value else ""
        except (binascii.Error, UnicodeDecodeError):
            raise TusError(400, "Upload-Metadata is malformed.") from None
    return metadata


def parse_checksum(request):
    """Upload-Checksum: `<algorithm> <base64 digest>`, or None when the client sends none."""
    raw = request.headers.get("Upload-Checksum")
    if not raw:
        return None
    algorithm, _, digest = raw.partition(" ")
    if algorithm not in CHECKSUM_ALGORITHMS:
        raise TusError(400, "Unsupported checksum algorithm.")
    try:
        expected = base64.b64decode(digest.strip(), validate=True)
    except binascii.Error:
        raise TusError(400, "Upload-Checksum is malformed.") from None
    return CHECKSUM_ALGORITHMS[algorithm], expected


def request_blocks(request, length):
    """Up to `length` bytes of the request body, in blocks of bounded size.

    A client that goes away mid-request ends the stream early rather than failing it: the
    bytes that did arrive are kept, and the client resumes from there.
    """
    remaining = length
    block = read_block_bytes()
    while remaining > 0:
        try:
            data = request.read(min(block, remaining))
        except Exception as exc:
            logger.info("upload stream ended early: %r", exc)
            return
        if not data:
            return
        remaining -= len(data)
        yield data
