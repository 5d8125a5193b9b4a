import os
import uuid

from django.conf import settings
from django.core.files.storage import default_storage
from django.db import models
from django.db.models import F, Q
from django.db.models.signals import post_delete
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.fields import actor_field

from ..checks.messages import VERDICT_CODES, verdict_message
from ..tus import delete_after_commit, discard_after_commit


class FileKind(models.TextChoices):
    MATERIALS = "materials", _("Materials (PDF, PPT or PPTX)")
    VIDEO = "video", _("Video")


# Extension of a stored file per detected type; the uploaded name never reaches the storage.
EXTENSIONS = {
    "pdf": ".pdf",
    "ppt": ".ppt",
    "pptx": ".pptx",
    "mp4": ".mp4",
    "mov": ".mov",
    "webm": ".webm",
    "avi": ".avi",
    "mkv": ".mkv",
}


def random_path(entry, ext):
    return f"entries/{entry.code}/{uuid.uuid4().hex}{ext}"


def entry_file_path(instance, filename):
    """A random name under the entry's folder, with the extension of the type found in the content."""
    return random_path(instance.entry, EXTENSIONS.get(instance.detected_type, ""))


def preview_path(instance, filename):
    return random_path(instance.entry, ".pdf")


def poster_path(instance, filename):
    return random_path(instance.entry, ".webp")


def blind_copy_path(instance, filename):
    return random_path(instance.entry, EXTENSIONS.get(instance.detected_type, ""))


class EntryFile(models.Model):
    """A file of an entry, its content checks and their verdict."""

    Kind = FileKind

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting to be checked")
        CHECKING = "checking", _("Being checked")
        ACCEPTED = "accepted", _("Accepted")
        REFUSED = "refused", _("Refused")

    # The file's address in URLs: generated, so that file URLs reveal nothing about row counts.
    uid = models.UUIDField(_("public id"), default=uuid.uuid4, unique=True, editable=False)
    entry = models.ForeignKey(
        "registration.Entry", on_delete=models.CASCADE, related_name="files", verbose_name=_("entry")
    )
    kind = models.CharField(_("kind"), max_length=20, choices=FileKind.choices)
    file = models.FileField(_("file"), upload_to=entry_file_path, max_length=255)
    original_name = models.CharField(_("original name"), max_length=255, blank=True)
    size = models.BigIntegerField(_("size (bytes)"), default=0)
    sha256 = models.CharField(_("SHA-256"), max_length=64, blank=True)
    detected_type = models.CharField(_("detected type"), max_length=20, blank=True)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.PENDING)
    verdict_code = models.CharField(_("verdict code"), max_length=50, blank=True)
    verdict_message = models.TextField(_("verdict"), blank=True)
    # The figures of the verdict (measured duration, limit…): the message is rendered again
    # from the code and these in the reader's language; verdict_message keeps the words as
    # they were given, in the default language, for the record.
    verdict_params = models.JSONField(_("verdict details"), default=dict, blank=True)
    page_count = models.PositiveIntegerField(_("pages"), null=True, blank=True)
    duration_seconds = models.FloatField(_("duration (seconds)"), null=True, blank=True)
    video_codec = models.CharField(_("video codec"), max_length=50, blank=True)
    audio_codec = models.CharField(_("audio codec"), max_length=50, blank=True)
    width = models.PositiveIntegerField(_("width"), null=True, blank=True)
    height = models.PositiveIntegerField(_("height"), null=True, blank=True)
    preview = models.FileField(_("PDF preview"), upload_to=preview_path, max_length=255, null=True, blank=True)
    poster = models.FileField(_("poster image"), upload_to=poster_path, max_length=255, null=True, blank=True)
    # Made by the check when the file carries author properties (PDF info and XMP, PPTX
    # docProps, video tags): what everyone but the owner and the organizers is served.
    blind_copy = models.FileField(
        _("copy without author properties"), upload_to=blind_copy_path, max_length=255, null=True, blank=True
    )
    is_current = models.BooleanField(_("current"), default=False)
    uploaded_by = actor_field(_("uploaded by"))
    created_at = models.DateTimeField(_("created at"), default=timezone.now, editable=False)
    checked_at = models.DateTimeField(_("checked at"), null=True, blank=True)

    class Meta:
        verbose_name = _("entry file")
        verbose_name_plural = _("entry files")
        ordering = ["entry", "kind", "-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["entry", "kind"], condition=Q(is_current=True), name="entry_file_one_current_per_kind"
            ),
        ]

    def __str__(self):
        return self.original_name or os.path.basename(self.file.name)

    @property
    def verdict_text(self):
        """The verdict in the active language (the stored words for codes this version does not know)."""
        if not self.verdict_code:
            return ""
        if self.verdict_code not in VERDICT_CODES and self.verdict_message:
            return self.verdict_message
        return verdict_message(self.verdict_code, self.verdict_params)


class UploadQuerySet(models.QuerySet):
    def for_user(self, user):
        """The user's own uploads: nobody else may resume, read or abandon one (none for anonymous)."""
        if not user.is_authenticated:
            return self.none()
        return self.filter(user=user)


class Upload(models.Model):
    """The state of one resumable (tus) upload until its bytes become an EntryFile."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", verbose_name=_("user")
    )
    entry = models.ForeignKey(
        "registration.Entry", on_delete=models.CASCADE, related_name="uploads", verbose_name=_("entry")
    )
    kind = models.CharField(_("kind"), max_length=20, choices=FileKind.choices)
    length = models.BigIntegerField(_("length (bytes)"))
    offset = models.BigIntegerField(_("offset (bytes)"), default=0)
    storage_name = models.CharField(_("partial file"), max_length=255, blank=True)
    metadata = models.JSONField(_("metadata"), default=dict, blank=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now, editable=False)
    expires_at = models.DateTimeField(_("expires at"))
    completed_file = models.ForeignKey(
        EntryFile, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("file")
    )

    objects = UploadQuerySet.as_manager()

    class Meta:
        verbose_name = _("upload")
        verbose_name_plural = _("uploads")
        indexes = [models.Index(fields=["expires_at"], name="upload_expires_at")]
        constraints = [
            models.CheckConstraint(
                condition=Q(offset__gte=0) & Q(offset__lte=F("length")), name="upload_offset_within_length"
            ),
        ]

    def __str__(self):
        return f"{self.kind} {self.offset}/{self.length}"

    @property
    def is_complete(self):
        return self.offset == self.length


def _entry_file_deleted(sender, instance, **kwargs):
    names = (instance.file.name, instance.preview.name, instance.poster.name, instance.blind_copy.name)
    delete_after_commit(default_storage, names)


def _upload_deleted(sender, instance, **kwargs):
    # Only an unfinished upload owns bytes of its own: a finished one handed them to its EntryFile.
    if instance.completed_file_id is None:
        discard_after_commit(instance)


# Receivers only for storage hygiene: rows also disappear by cascade (an entry or a user
# deleted in the admin), and a signal is the one hook that sees every such deletion.
post_delete.connect(_entry_file_deleted, sender=EntryFile, dispatch_uid="registration.entry_file_deleted")
post_delete.connect(_upload_deleted, sender=Upload, dispatch_uid="registration.upload_deleted")
