"""Resumable uploads of entry files: start, append, complete, abandon, expire.

The tus views parse the protocol and call these verbs; the bytes go through the chunk stores
of `registration.tus`. Only the entry's owner uploads, while the registration window is open
and the entry is a draft or submitted. A finished upload becomes a pending EntryFile whose
check is queued after commit.

The check task wraps `services.files`, and the task module imports the services: so the
check is queued by its task name through Celery's registry (`queue_file_check`), never by
importing the task module, which would make a cycle.
"""

from datetime import timedelta
from pathlib import Path

from celery import current_app
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from contest.schedule import now_or

from .. import checks, tus
from ..models import Entry, EntryFile, FileKind, Upload
from ..models.files import random_path
from ..queries import limits_for, registration_window

# The task that checks a stored file (registration.tasks.task_check_file, on the "heavy" queue).
CHECK_FILE_TASK = "registration.check_file"


def upload_expiry():
    """How long an unfinished upload is kept after its last byte arrived."""
    return timedelta(hours=settings.UPLOAD_EXPIRY_HOURS)


def ensure_files_editable(entry):
    """Raise PermissionDenied (translated) unless the entry's files may change now."""
    if not registration_window(entry.contest).is_open:
        raise PermissionDenied(_("Registration is closed: files can no longer be changed."))
    if entry.status not in Entry.FILE_EDITABLE_STATUSES:
        raise PermissionDenied(_("This entry can no longer be changed."))


def queue_file_check(entry_file):
    """Queue the check of a stored file once the current transaction commits."""
    current_app.tasks[CHECK_FILE_TASK].delay_on_commit(file_id=entry_file.pk)


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
    filename = upload.metadata.get("filename", "")
    final_name = tus.chunk_store().assemble(upload, random_path(upload.entry, _stored_extension(upload.kind, filename)))
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
            queue_file_check(entry_file)
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
    now = now_or(now)
    count = 0
    for upload in Upload.objects.filter(expires_at__lte=now).iterator():
        with transaction.atomic():
            upload.delete()
        count += 1
    return count
