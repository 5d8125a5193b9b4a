import logging

from celery import shared_task
from django.conf import settings

from . import files
from .models import EntryFile

logger = logging.getLogger(__name__)


# LibreOffice, ffprobe and ffmpeg each get UPLOAD_CHECK_TOOL_TIMEOUT; with the hash and
# (on S3) the download of a large video, the whole check needs the task limit's default.
@shared_task(name="registration.check_file", time_limit=settings.CELERY_TASK_TIME_LIMIT)
def task_check_file(*, file_id):
    entry_file = EntryFile.objects.select_related("entry__contest").filter(pk=file_id).first()
    if entry_file is None:
        return None
    try:
        verdict = files.check_entry_file(entry_file=entry_file)
    except Exception:
        # A broken tool or storage, not a bad file: say so instead of leaving the file
        # "being checked" for ever; `checkfile --all` checks it again once the cause is fixed.
        logger.exception("checking entry file %s failed", file_id)
        files.record_check_failure(entry_file=entry_file)
        return "check_failed"
    return verdict.code


@shared_task(name="registration.expire_uploads", time_limit=300)
def task_expire_uploads():
    return files.expire_uploads()
