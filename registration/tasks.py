"""Registration's Celery tasks: thin wrappers over the services, each on a named queue.

The file check runs LibreOffice and ffmpeg for up to the task limit: it has the "heavy"
queue to itself, so that a burst of uploads never delays a sign-in SMS. The services queue
it by its name (`services.uploads.queue_file_check`) because this module imports them.
"""

import logging

from celery import shared_task
from django.conf import settings

from .models import EntryFile
from .services.files import check_entry_file, record_check_failure
from .services.uploads import CHECK_FILE_TASK, expire_uploads

logger = logging.getLogger(__name__)


# LibreOffice, ffprobe and ffmpeg each get UPLOAD_CHECK_TOOL_TIMEOUT; with the hash and
# (on S3) the download of a large video, the whole check needs the task limit's default.
@shared_task(name=CHECK_FILE_TASK, queue="heavy", time_limit=settings.CELERY_TASK_TIME_LIMIT)
def task_check_file(*, file_id):
    entry_file = EntryFile.objects.select_related("entry__contest").filter(pk=file_id).first()
    if entry_file is None:
        return None
    try:
        verdict = check_entry_file(entry_file=entry_file)
    except Exception:
        # A broken tool or storage, not a bad file: say so instead of leaving the file
        # "being checked" for ever; `checkfile --all` checks it again once the cause is fixed.
        logger.exception("checking entry file %s failed", file_id)
        record_check_failure(entry_file=entry_file)
        return "check_failed"
    return verdict.code


# A few deletions an hour.
@shared_task(name="registration.expire_uploads", queue="celery", time_limit=300)
def task_expire_uploads():
    return expire_uploads()
