"""The check of a stored entry file, and the swap that makes an accepted file current.

`check_entry_file` runs the content checks of `registration.checks` on a local copy of the
stored bytes, stores the derived files (PDF preview, poster), and records the verdict on the
file's row in one transaction. An accepted file replaces the current one of its kind unless a
newer file already did; the files it supersedes go, their bytes after commit. The check task
(`registration.check_file`, queue "heavy") is a thin wrapper over this module.
"""

import hashlib
import shutil
import tempfile
from contextlib import contextmanager
from pathlib import Path

from django.conf import settings
from django.core.files import File
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone, translation

from .. import checks
from ..models import EntryFile
from ..models.files import random_path
from ..queries import limits_for


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
    with open(path, "rb") as fh:
        return hashlib.file_digest(fh, "sha256").hexdigest()


def check_entry_file(*, entry_file):
    """Run the content checks on a stored file and record the verdict on its row.

    Stores the PDF preview (presentations), the poster (videos) and the copy without author
    properties that blind judges are served (when the file has any). An accepted file becomes
    the current one of its kind unless a newer file already is; the files it supersedes are
    deleted (their bytes after commit). Returns the verdict.
    """
    EntryFile.objects.filter(pk=entry_file.pk, status=EntryFile.Status.PENDING).update(status=EntryFile.Status.CHECKING)
    limits = limits_for(entry_file.entry.contest, entry_file.kind)
    storage = entry_file.file.storage
    with tempfile.TemporaryDirectory(prefix="check-") as work, local_copy(entry_file.file) as source:
        sha256 = _sha256(source)
        verdict = checks.check_file(source, kind=entry_file.kind, limits=limits, workdir=work)
        preview_name = _store(storage, entry_file.entry, verdict.preview_path)
        poster_name = _store(storage, entry_file.entry, verdict.poster_path)
        blind_name = _store(storage, entry_file.entry, verdict.blind_path)
    try:
        record_verdict(entry_file, verdict, sha256, preview_name, poster_name, blind_name=blind_name)
    except Exception:
        for name in (preview_name, poster_name, blind_name):
            if name:
                storage.delete(name)
        raise
    return verdict


def _store(storage, entry, path):
    """Save a derived file under a random name of the entry's folder; "" when there is none."""
    if not path:
        return ""
    with open(path, "rb") as fh:
        return storage.save(random_path(entry, Path(path).suffix), File(fh))


def record_verdict(entry_file, verdict, sha256, preview_name, poster_name, *, blind_name=""):
    """Write a verdict and its derived files on the row, and make an accepted file current, in one transaction.

    The demo data records the verdict of identical bytes through here, as the check does.
    """
    with transaction.atomic():
        row = EntryFile.objects.select_for_update().select_related("entry").filter(pk=entry_file.pk).first()
        if row is None:
            # Deleted while being checked (replaced, or the entry removed): the derivatives go too.
            for name in (preview_name, poster_name, blind_name):
                if name:
                    transaction.on_commit(lambda name=name: default_storage.delete(name))
            return
        new_derivatives = (preview_name, poster_name, blind_name)
        old_derivatives = [row.preview.name, row.poster.name, row.blind_copy.name]
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
        row.blind_copy = blind_name or None
        row.checked_at = timezone.now()
        row.save(
            update_fields=[
                "sha256", "detected_type", "status", "verdict_code", "verdict_params", "verdict_message",
                "page_count", "duration_seconds", "video_codec", "audio_codec", "width", "height",
                "preview", "poster", "blind_copy", "checked_at",
            ]
        )  # fmt: skip
        for name in old_derivatives:
            if name and name not in new_derivatives:
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
