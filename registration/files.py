"""Entry files: resumable uploads (tus), content checks and swaps, private file serving.

Services first (each one transaction, keyword-only), then the views that parse a request
and call them, then the URL patterns (`include("registration.files")`, namespace "files").

Who may do what:
* uploading (tus endpoints, status) — the entry's owner only, while the registration window
  is open and the entry is a draft or submitted; anyone else gets 404 for another's entry;
* fetching a stored file — whoever `rules.can_read_entry` admits: the owner, organizers
  (group "organizers" or superuser) and the entry readers later stages register (assigned
  judges, so that registration never imports judging); anyone else gets 404.
"""

import hashlib
import logging
import os
import re
import shutil
import tempfile
from contextlib import contextmanager
from datetime import timedelta
from pathlib import Path
from urllib.parse import quote

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files import File
from django.core.files.storage import default_storage
from django.db import transaction
from django.http import (
    Http404,
    HttpResponse,
    HttpResponseNotModified,
    HttpResponseRedirect,
    JsonResponse,
    StreamingHttpResponse,
)
from django.shortcuts import get_object_or_404
from django.urls import path, reverse
from django.utils import timezone
from django.utils.http import http_date, parse_http_date_safe
from django.utils.translation import gettext as _
from django.views.decorators.csrf import ensure_csrf_cookie
from django.views.decorators.http import require_GET, require_http_methods

from contest.models import Contest, Stage
from contest.schedule import Schedule

from . import checks, tus
from .models import Entry, EntryFile, FileKind, RegistrationSettings, Upload
from .models.files import _random_path
from .rules import can_read_entry, is_entrant_owner, is_organizer

logger = logging.getLogger(__name__)

EDITABLE_STATUSES = (Entry.Status.DRAFT, Entry.Status.SUBMITTED)


# --- Settings -------------------------------------------------------------------------------


def chunk_bytes():
    """The size of the PATCH requests the widget sends (tus-js-client's chunkSize)."""
    # Large enough that the per-request cost (session, queries, commit: ~10 ms) stays small
    # next to the transfer; an interrupted PATCH keeps what arrived, so size costs no resends.
    # nginx's client_max_body_size for /uploads/ must be at least this.
    return getattr(settings, "UPLOAD_CHUNK_BYTES", 32 * 1024 * 1024)


def upload_expiry():
    """How long an unfinished upload is kept after its last byte arrived."""
    return timedelta(hours=getattr(settings, "UPLOAD_EXPIRY_HOURS", 24))


def limits_for(contest, kind, *, options=None):
    """The check limits of a kind of file in a contest, from its RegistrationSettings (`options`, when
    the caller has them already)."""
    options = options or RegistrationSettings.for_contest(contest)
    common = {
        "max_uncompressed_bytes": getattr(settings, "UPLOAD_ZIP_MAX_BYTES", 1024 * 1024 * 1024),
        "tool_timeout": getattr(settings, "UPLOAD_CHECK_TOOL_TIMEOUT", 300),
    }
    if kind == FileKind.VIDEO:
        return checks.Limits(max_bytes=options.video_max_bytes, max_seconds=options.video_max_seconds, **common)
    return checks.Limits(max_bytes=options.materials_max_bytes, **common)


# --- Permissions ----------------------------------------------------------------------------


def can_fetch_file(user, entry_file):
    """Owner, organizers, and whoever a later stage's registered entry reader admits (judges…)."""
    return can_read_entry(user, entry_file.entry)


def registration_is_open(contest):
    return Schedule.for_contest(contest).is_open(Stage.Kind.REGISTRATION)


def ensure_files_editable(entry):
    """Raise PermissionDenied (translated) unless the entry's files may change now."""
    if not registration_is_open(entry.contest):
        raise PermissionDenied(_("Registration is closed: files can no longer be changed."))
    if entry.status not in EDITABLE_STATUSES:
        raise PermissionDenied(_("This entry can no longer be changed."))


def owned_entry(user, code):
    """The user's own entry with this code; anyone else's (or none) answers 404."""
    if not code:
        raise Http404
    return get_object_or_404(Entry.objects.for_user(user).select_related("contest"), code=code)


def owned_upload(user, upload_id):
    if not user.is_authenticated:
        raise Http404
    return get_object_or_404(Upload.objects.select_related("entry__contest"), pk=upload_id, user=user)


# --- Upload services ---------------------------------------------------------------------------


class FileTooLarge(ValidationError):
    """The declared length is over the limit: refused before a byte is stored (HTTP 413)."""


def create_upload(*, user, entry, kind, length, metadata):
    """Start a resumable upload of `length` bytes into `entry` as `kind`.

    Refuses a closed window, a frozen entry, an unknown kind, an empty file and a length over
    the contest's limit before anything is stored. Any unfinished upload of the same kind by
    the same user is abandoned (its bytes are removed after commit): one file per kind at a time.
    """
    ensure_files_editable(entry)
    if kind not in FileKind.values:
        raise ValidationError(_("Unknown kind of file."), code="kind")
    if length == 0:
        raise ValidationError(checks.verdict_message("empty"), code="empty")
    limits = limits_for(entry.contest, kind)
    if length > limits.max_bytes:
        raise FileTooLarge(
            checks.verdict_message("too_large", {"size": length, "limit": limits.max_bytes}), code="too_large"
        )
    now = timezone.now()
    with transaction.atomic():
        for stale in Upload.objects.filter(user=user, entry=entry, kind=kind, completed_file__isnull=True):
            stale.delete()
        upload = Upload(
            user=user,
            entry=entry,
            kind=kind,
            length=length,
            # PostgreSQL's JSON refuses NUL characters; names are sanitised for display later anyway.
            metadata={key[:50]: str(value).replace("\x00", "")[:500] for key, value in list(metadata.items())[:20]},
            created_at=now,
            expires_at=now + upload_expiry(),
        )
        upload.storage_name = tus.chunk_store().create(upload)
        upload.save()
    return upload


def append_to_upload(*, upload, offset, blocks, checksum=None, lock=None):
    """Write the next bytes of an upload at `offset`; complete it when the last byte arrives.

    The caller holds the upload's lock and has checked that `offset` is the current one. The
    offset and expiry are saved even when the client went away mid-chunk: what arrived counts.
    Returns (upload, written) — `written.checksum_ok` is False when the chunk was dropped.
    """
    ensure_files_editable(upload.entry)
    if upload.expires_at <= timezone.now():
        raise tus.TusError(410, _("This upload has expired; please choose the file again."))
    if offset != upload.offset:
        raise tus.TusError(409, "Upload-Offset does not match the upload's offset.")
    written = tus.chunk_store().append(upload, blocks, checksum=checksum, lock=lock)
    if written.count:
        upload.offset += written.count
        upload.expires_at = timezone.now() + upload_expiry()
        updated = Upload.objects.filter(pk=upload.pk, offset=offset).update(
            offset=upload.offset, expires_at=upload.expires_at
        )
        if not updated:
            raise tus.TusError(409, "The upload changed during the request.")
    if upload.is_complete and upload.completed_file_id is None:
        complete_upload(upload=upload)
    return upload, written


def _stored_extension(kind, filename):
    """An extension for the stored name from the declared name, only when the allow-list knows it."""
    extension = Path(checks.display_name(filename)).suffix.lower().lstrip(".")
    known = {ext for _mime, ext in checks.ALLOWED_TYPES[kind].values()}
    return f".{extension}" if extension in known else ""


def complete_upload(*, upload):
    """Turn a finished upload into an EntryFile (pending, not current) and queue its check after commit.

    The bytes move to a random name under the entry's folder; the uploaded name is kept only
    for display. Older refused files of the same kind are removed: the newest verdict is the
    one that matters. The current file stays current until the new one passes its checks.
    """
    from .tasks import task_check_file

    filename = upload.metadata.get("filename", "")
    final_name = tus.chunk_store().assemble(
        upload, _random_path(upload.entry, _stored_extension(upload.kind, filename))
    )
    try:
        with transaction.atomic():
            entry_file = EntryFile.objects.create(
                entry=upload.entry,
                kind=upload.kind,
                file=final_name,
                original_name=checks.display_name(filename),
                size=upload.length,
                status=EntryFile.Status.PENDING,
                is_current=False,
                uploaded_by=upload.user,
            )
            for old in EntryFile.objects.filter(
                entry=upload.entry, kind=upload.kind, is_current=False, status=EntryFile.Status.REFUSED
            ).exclude(pk=entry_file.pk):
                old.delete()
            upload.completed_file = entry_file
            upload.storage_name = ""
            upload.save(update_fields=["completed_file", "storage_name"])
            task_check_file.delay_on_commit(file_id=entry_file.pk)
    except Exception:
        # The row was not written: the moved bytes belong to nobody.
        default_storage.delete(final_name)
        raise
    return entry_file


def terminate_upload(*, upload):
    """Abandon an upload (tus termination): its row goes, its bytes after commit."""
    with transaction.atomic():
        upload.delete()


def expire_uploads(*, now=None):
    """Delete uploads past their expiry (unfinished bytes are removed after commit); return how many."""
    now = now or timezone.now()
    count = 0
    for upload in Upload.objects.filter(expires_at__lte=now).iterator():
        with transaction.atomic():
            upload.delete()
        count += 1
    return count


# --- Checks ----------------------------------------------------------------------------------


@contextmanager
def local_copy(field_file):
    """A local path to a stored file: the file itself on a filesystem storage, a temporary copy otherwise."""
    storage = field_file.storage
    try:
        yield Path(storage.path(field_file.name))
        return
    except NotImplementedError:
        pass
    suffix = Path(field_file.name).suffix
    with tempfile.NamedTemporaryFile(prefix="entryfile-", suffix=suffix) as copy:
        with storage.open(field_file.name, "rb") as source:
            shutil.copyfileobj(source, copy, length=1024 * 1024)
        copy.flush()
        yield Path(copy.name)


def _sha256(path):
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        while block := fh.read(1024 * 1024):
            digest.update(block)
    return digest.hexdigest()


def check_entry_file(*, entry_file):
    """Run the content checks on a stored file and record the verdict on its row.

    Stores the PDF preview (presentations) and the poster (videos). An accepted file becomes
    the current one of its kind unless a newer file already is; the files it supersedes are
    deleted (their bytes after commit). Returns the verdict.
    """
    EntryFile.objects.filter(pk=entry_file.pk, status=EntryFile.Status.PENDING).update(status=EntryFile.Status.CHECKING)
    limits = limits_for(entry_file.entry.contest, entry_file.kind)
    storage = entry_file.file.storage
    with tempfile.TemporaryDirectory(prefix="check-") as work, local_copy(entry_file.file) as source:
        sha256 = _sha256(source)
        verdict = checks.check_file(source, kind=entry_file.kind, limits=limits, workdir=work)
        preview_name = poster_name = ""
        if verdict.preview_path:
            with open(verdict.preview_path, "rb") as fh:
                preview_name = storage.save(_random_path(entry_file.entry, ".pdf"), File(fh))
        if verdict.poster_path:
            with open(verdict.poster_path, "rb") as fh:
                poster_name = storage.save(_random_path(entry_file.entry, ".webp"), File(fh))
    try:
        _record_verdict(entry_file, verdict, sha256, preview_name, poster_name)
    except Exception:
        for name in (preview_name, poster_name):
            if name:
                storage.delete(name)
        raise
    return verdict


def _record_verdict(entry_file, verdict, sha256, preview_name, poster_name):
    with transaction.atomic():
        row = EntryFile.objects.select_for_update().select_related("entry").filter(pk=entry_file.pk).first()
        if row is None:
            # Deleted while being checked (replaced, or the entry removed): the derivatives go too.
            for name in (preview_name, poster_name):
                if name:
                    transaction.on_commit(lambda name=name: default_storage.delete(name))
            return
        old_derivatives = [row.preview.name, row.poster.name]
        row.sha256 = sha256
        row.detected_type = verdict.detected_type
        row.status = EntryFile.Status.ACCEPTED if verdict.accepted else EntryFile.Status.REFUSED
        row.verdict_code = verdict.code
        row.verdict_params = verdict.params
        with _default_language():
            row.verdict_message = verdict.message
        row.page_count = verdict.page_count
        row.duration_seconds = verdict.duration
        row.video_codec = verdict.video_codec
        row.audio_codec = verdict.audio_codec
        row.width = verdict.width
        row.height = verdict.height
        row.preview = preview_name or None
        row.poster = poster_name or None
        row.checked_at = timezone.now()
        row.save(
            update_fields=[
                "sha256", "detected_type", "status", "verdict_code", "verdict_params", "verdict_message",
                "page_count", "duration_seconds", "video_codec", "audio_codec", "width", "height",
                "preview", "poster", "checked_at",
            ]
        )  # fmt: skip
        for name in old_derivatives:
            if name and name not in (preview_name, poster_name):
                transaction.on_commit(lambda name=name: default_storage.delete(name))
        if verdict.accepted:
            _make_current(row)
    entry_file.refresh_from_db()


def record_check_failure(*, entry_file):
    """Mark a file whose check could not run (a tool or the storage failed) as refused for that reason."""
    with _default_language():
        message = checks.verdict_message("check_failed")
    EntryFile.objects.filter(pk=entry_file.pk).update(
        status=EntryFile.Status.REFUSED,
        verdict_code="check_failed",
        verdict_params={},
        verdict_message=message,
        checked_at=timezone.now(),
    )


@contextmanager
def _default_language():
    from django.utils import translation

    with translation.override(settings.LANGUAGE_CODE):
        yield


def _make_current(row):
    """Swap `row` in as the current file of its kind, unless a newer accepted file already is."""
    current = EntryFile.objects.select_for_update().filter(entry=row.entry_id, kind=row.kind, is_current=True).first()
    if current is not None and current.pk != row.pk:
        if current.created_at > row.created_at:
            return
        current.is_current = False
        current.save(update_fields=["is_current"])
    if not row.is_current:
        row.is_current = True
        row.save(update_fields=["is_current"])
    superseded = EntryFile.objects.filter(entry=row.entry_id, kind=row.kind, created_at__lt=row.created_at).exclude(
        status__in=[EntryFile.Status.PENDING, EntryFile.Status.CHECKING]
    )
    for old in superseded.exclude(pk=row.pk):
        old.delete()


# --- Status ------------------------------------------------------------------------------------


def _file_state(entry_file):
    if entry_file is None:
        return None
    urls = {"url": reverse("files:serve", args=[entry_file.uid])}
    if entry_file.preview:
        urls["preview_url"] = reverse("files:serve_variant", args=[entry_file.uid, "preview"])
    if entry_file.poster:
        urls["poster_url"] = reverse("files:serve_variant", args=[entry_file.uid, "poster"])
    return {
        "id": str(entry_file.uid),
        "name": entry_file.original_name,
        "size": entry_file.size,
        "size_label": checks.format_bytes(entry_file.size),
        "status": entry_file.status,
        "status_label": entry_file.get_status_display(),
        "message": entry_file.verdict_text,
        "is_current": entry_file.is_current,
        "page_count": entry_file.page_count,
        "duration_label": checks.format_duration(entry_file.duration_seconds) if entry_file.duration_seconds else "",
        "created_at": entry_file.created_at.isoformat(),
        **urls,
    }


def files_state(entry):
    """Per kind: the current file, the newest file (when it differs) and the limits, for the widget."""
    files = list(entry.files.order_by("-created_at", "-pk"))
    window_open = registration_is_open(entry.contest)
    state = {
        "editable": window_open and entry.status in EDITABLE_STATUSES,
        "closed_message": "" if window_open else _("Registration is closed: files can no longer be changed."),
        "chunk_bytes": chunk_bytes(),
        "kinds": {},
    }
    # Read once, not once per kind: the widget asks for this state every few seconds.
    options = RegistrationSettings.for_contest(entry.contest)
    for kind in FileKind.values:
        of_kind = [f for f in files if f.kind == kind]
        current = next((f for f in of_kind if f.is_current), None)
        latest = of_kind[0] if of_kind else None
        limits = limits_for(entry.contest, kind, options=options)
        state["kinds"][kind] = {
            "current": _file_state(current),
            "latest": _file_state(latest) if latest is not None and latest != current else None,
            "max_bytes": limits.max_bytes,
            "max_bytes_label": checks.format_bytes(limits.max_bytes),
            "max_seconds": limits.max_seconds,
        }
    return state


# --- Serving ---------------------------------------------------------------------------------------

VARIANTS = ("file", "preview", "poster")
_RANGE = re.compile(r"^bytes=(\d*)-(\d*)$")
STREAM_BLOCK = 256 * 1024


def fetchable_file(user, uid):
    """The file with this public id if the user may fetch it; 404 for everyone else."""
    entry_file = EntryFile.objects.select_related("entry__entrant", "entry__contest").filter(uid=uid).first()
    if entry_file is None or not can_fetch_file(user, entry_file):
        raise Http404
    return entry_file


def _variant(entry_file, variant, *, reveal_name=True):
    """(field file, content type, download name) of one variant of an entry file.

    Without `reveal_name` the name is made of the entry code and the kind: an uploaded name
    often carries the entrant's name, which a judge of a blind round must not see.
    """
    if not reveal_name:
        mime, extension = checks.ALL_TYPES.get(entry_file.detected_type, ("application/octet-stream", ""))
        stem = f"{entry_file.entry.code}-{entry_file.kind}"
        if variant == "preview":
            return entry_file.preview, "application/pdf", f"{stem}.pdf"
        if variant == "poster":
            return entry_file.poster, "image/webp", f"{stem}.webp"
        return entry_file.file, mime, f"{stem}.{extension}" if extension else stem
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
    accel_prefix = getattr(settings, "PRIVATE_FILES_ACCEL_PREFIX", "")
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
    expire = getattr(settings, "PRIVATE_FILES_URL_EXPIRE", 300)
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


# --- Views ---------------------------------------------------------------------------------------------
# Role: entrant (owner of the entry) for the tus endpoints and the status; owner, organizer
# or assigned judge for fetching files. The tus endpoints answer in plain text, which
# tus-js-client shows as the error's response text; the widget shows it to the user.


def _tus_error(status, message, headers=None):
    return tus.tus_response(status, headers=headers, content=str(message).encode())


def _options_response():
    headers = {
        "Tus-Version": tus.TUS_VERSION,
        "Tus-Extension": tus.TUS_EXTENSIONS,
        "Tus-Checksum-Algorithm": ",".join(tus.CHECKSUM_ALGORITHMS),
    }
    contest = Contest.objects.current()
    if contest is not None:
        options = RegistrationSettings.for_contest(contest)
        # The larger of the two kinds' limits; each upload is held to its own kind's at creation.
        headers["Tus-Max-Size"] = str(max(options.materials_max_bytes, options.video_max_bytes))
    return tus.tus_response(204, headers)


def _tus_guard(view):
    """Turn service refusals into tus answers: 403/404/400/413/409… with a plain-text reason."""

    def wrapped(request, *args, **kwargs):
        if request.method == "OPTIONS":
            return _options_response()
        try:
            tus.require_version(request)
            if not request.user.is_authenticated:
                return _tus_error(403, _("Please log in to upload files."))
            return view(request, *args, **kwargs)
        except tus.TusError as exc:
            return _tus_error(exc.status, exc.message, exc.headers)
        except Http404:
            return _tus_error(404, _("No such upload or entry."))
        except PermissionDenied as exc:
            return _tus_error(403, exc)
        except FileTooLarge as exc:
            return _tus_error(413, exc.messages[0])
        except ValidationError as exc:
            return _tus_error(400, exc.messages[0])

    wrapped.__name__ = view.__name__
    wrapped.__doc__ = view.__doc__
    return wrapped


@require_http_methods(["OPTIONS", "POST"])
@_tus_guard
def tus_create(request):
    """tus creation: POST with Upload-Length and Upload-Metadata (filename, filetype, entry, kind)."""
    if request.headers.get("Upload-Defer-Length"):
        raise tus.TusError(400, "Upload-Defer-Length is not supported.")
    length = tus.parse_int_header(request, "Upload-Length")
    metadata = tus.parse_metadata(request.headers.get("Upload-Metadata", ""))
    entry = owned_entry(request.user, metadata.get("entry", ""))
    upload = create_upload(
        user=request.user, entry=entry, kind=metadata.get("kind", ""), length=length, metadata=metadata
    )
    return tus.tus_response(
        201,
        {
            "Location": reverse("files:tus_upload", args=[upload.pk]),
            "Upload-Expires": tus.expires_header(upload.expires_at),
            "Upload-Offset": "0",
        },
    )


@require_http_methods(["OPTIONS", "HEAD", "PATCH", "DELETE"])
@_tus_guard
def tus_upload(request, upload_id):
    """tus core (HEAD offset, PATCH bytes) and termination (DELETE) of one upload."""
    upload = owned_upload(request.user, upload_id)
    if request.method == "HEAD":
        if upload.expires_at <= timezone.now():
            raise tus.TusError(410, _("This upload has expired; please choose the file again."))
        return tus.tus_response(
            200,
            {
                "Upload-Offset": str(upload.offset),
                "Upload-Length": str(upload.length),
                "Upload-Expires": tus.expires_header(upload.expires_at),
            },
        )
    if request.method == "DELETE":
        terminate_upload(upload=upload)
        return tus.tus_response(204)
    return _patch(request, upload)


def _patch(request, upload):
    if request.content_type != tus.OFFSET_CONTENT_TYPE:
        raise tus.TusError(415, f"Content-Type must be {tus.OFFSET_CONTENT_TYPE}.")
    offset = tus.parse_int_header(request, "Upload-Offset")
    content_length = tus.parse_int_header(request, "Content-Length", required=False)
    if content_length is None:
        raise tus.TusError(411, "Content-Length is required.")
    if offset + content_length > upload.length:
        # Refused before reading: the declared length is the contract, and the limit was checked on it.
        raise tus.TusError(413, _("The request sends more bytes than the file's declared size."))
    checksum = tus.parse_checksum(request)
    with tus.UploadLock(upload.pk) as lock:
        # Another request may have moved the offset while this one waited for the lock.
        upload.refresh_from_db(fields=["offset", "expires_at", "storage_name", "completed_file"])
        upload, written = append_to_upload(
            upload=upload,
            offset=offset,
            blocks=tus.request_blocks(request, content_length),
            checksum=checksum,
            lock=lock,
        )
    if not written.checksum_ok:
        raise tus.TusError(tus.CHECKSUM_MISMATCH, "Checksum mismatch.")
    return tus.tus_response(
        204, {"Upload-Offset": str(upload.offset), "Upload-Expires": tus.expires_header(upload.expires_at)}
    )


@require_GET
@ensure_csrf_cookie
def files_status(request, code):
    """The widget's view of an entry's files (JSON): current and newest file per kind, limits."""
    entry = owned_entry(request.user, code)
    response = JsonResponse(files_state(entry))
    response["Cache-Control"] = "no-store"
    return response


@require_http_methods(["GET", "HEAD"])
def serve(request, uid, variant="file"):
    """A stored file (or its preview / poster) for whoever may fetch it; 404 for everyone else."""
    if variant not in VARIANTS:
        raise Http404
    return serve_file(request, fetchable_file(request.user, uid), variant)


# Mounted at the site root (`path("", include("registration.files"))`): nginx streams
# /uploads/ to the portal unbuffered and with a larger body limit than other paths.
app_name = "files"
urlpatterns = [
    path("uploads/", tus_create, name="tus_create"),
    path("uploads/<uuid:upload_id>", tus_upload, name="tus_upload"),
    path("files/entries/<str:code>/status", files_status, name="status"),
    path("files/<uuid:uid>/", serve, name="serve"),
    path("files/<uuid:uid>/<str:variant>/", serve, name="serve_variant"),
]
