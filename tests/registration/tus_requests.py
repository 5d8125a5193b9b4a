"""Requests of the tus 1.0 protocol as the upload widget sends them, through Django's test client."""

import base64
from pathlib import Path

TUS = {"HTTP_TUS_RESUMABLE": "1.0.0"}
CREATE_URL = "/uploads/"


def stored_files(root):
    """Every file under MEDIA_ROOT, relative, with its size."""
    return {str(p.relative_to(root)): p.stat().st_size for p in Path(root).rglob("*") if p.is_file()}


def metadata(**values):
    return ",".join(f"{key} {base64.b64encode(value.encode()).decode()}" for key, value in values.items())


def create(client, entry, length, *, kind="materials", filename="方案.pdf", **extra):
    meta = metadata(filename=filename, filetype="application/pdf", entry=entry.code, kind=kind)
    return client.post(CREATE_URL, HTTP_UPLOAD_LENGTH=str(length), HTTP_UPLOAD_METADATA=meta, **TUS, **extra)


def patch(client, location, offset, data, **extra):
    return client.generic(
        "PATCH",
        location,
        data,
        content_type="application/offset+octet-stream",
        HTTP_UPLOAD_OFFSET=str(offset),
        **{**TUS, **extra},
    )


def head(client, location):
    return client.head(location, **TUS)
