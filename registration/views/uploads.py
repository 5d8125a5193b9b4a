"""The upload widget's endpoints: tus 1.0 creation, core and termination, and the files' status.

Role: the entry's owner, while the registration window is open and the entry is a draft or
submitted; another's entry or upload answers 404. The tus endpoints answer in plain text,
which tus-js-client shows as the error's response text; the widget shows it to the user.
The protocol itself is `registration.tus`; the verbs are `services.uploads`.
"""

import errno

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.csrf import ensure_csrf_cookie
from django.views.decorators.http import require_GET, require_http_methods

from accounts.audience import ENTRANT_OWNER, audience
from contest.models import Contest

from .. import tus
from ..models import Entry, RegistrationSettings, Upload
from ..queries import files_state
from ..services.uploads import FileTooLarge, append_to_upload, create_upload, terminate_upload


def owned_entry(user, code):
    """The user's own entry with this code; anyone else's (or none) answers 404."""
    if not code:
        raise Http404
    return get_object_or_404(Entry.objects.for_user(user).select_related("contest"), code=code)


def owned_upload(user, upload_id):
    """The user's own upload; anyone else's (or none) answers 404."""
    return get_object_or_404(Upload.objects.for_user(user).select_related("entry__contest"), pk=upload_id)


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
        except OSError as exc:
            # A full upload disk (or quota) is the server's passing trouble, not the file's: say
            # so, and answer 507 so that the widget keeps the offset and tries again.
            if exc.errno not in (errno.ENOSPC, errno.EDQUOT):
                raise
            return _tus_error(
                507, _("The server has no room for uploads at the moment. The upload resumes by itself; please wait.")
            )

    wrapped.__name__ = view.__name__
    wrapped.__doc__ = view.__doc__
    return wrapped


@audience(ENTRANT_OWNER)
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
            "Location": reverse("registration:upload", args=[upload.pk]),
            "Upload-Expires": tus.expires_header(upload.expires_at),
            "Upload-Offset": "0",
        },
    )


@audience(ENTRANT_OWNER)
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


@audience(ENTRANT_OWNER)
@require_GET
@ensure_csrf_cookie
def files_status(request, code):
    """The widget's view of an entry's files (JSON): current and newest file per kind, limits."""
    entry = owned_entry(request.user, code)
    response = JsonResponse(files_state(entry))
    response["Cache-Control"] = "no-store"
    return response
