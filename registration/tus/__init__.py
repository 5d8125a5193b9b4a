"""Resumable uploads over the tus 1.0 protocol, in three jobs.

`protocol` speaks tus (headers, metadata, checksums, the request body read in bounded
blocks), `lock` lets one PATCH at a time write to an upload, and `stores` decides where the
bytes of an unfinished upload go (a partial file in place, or one object per PATCH on S3).
None of them knows of entries: the upload services and views in the app do.
"""

from .lock import UploadLock
from .protocol import (
    CHECKSUM_ALGORITHMS,
    CHECKSUM_MISMATCH,
    OFFSET_CONTENT_TYPE,
    TUS_EXTENSIONS,
    TUS_VERSION,
    TusError,
    chunk_bytes,
    expires_header,
    parse_checksum,
    parse_int_header,
    parse_metadata,
    read_block_bytes,
    request_blocks,
    require_version,
    tus_response,
)
from .stores import (
    LocalChunkStore,
    PartsChunkStore,
    Written,
    chunk_store,
    delete_after_commit,
    discard_after_commit,
    partial_name,
)

__all__ = [
    "CHECKSUM_ALGORITHMS",
    "CHECKSUM_MISMATCH",
    "OFFSET_CONTENT_TYPE",
    "TUS_EXTENSIONS",
    "TUS_VERSION",
    "LocalChunkStore",
    "PartsChunkStore",
    "TusError",
    "UploadLock",
    "Written",
    "chunk_bytes",
    "chunk_store",
    "delete_after_commit",
    "discard_after_commit",
    "expires_header",
    "parse_checksum",
    "parse_int_header",
    "parse_metadata",
    "partial_name",
    "read_block_bytes",
    "request_blocks",
    "require_version",
    "tus_response",
]
