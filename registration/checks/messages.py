"""The words of a verdict, in the active language, and the sizes and durations they quote.

A file row stores the verdict's code and figures; its message is rendered again from them
each time it is read, so an entrant reads it in the language they chose.
"""

import math

from django.utils.translation import gettext, gettext_noop, ngettext


def format_bytes(size, *, up=False):
    """Sizes the way people read them: 100 MB, 1.5 GB (binary units, as file managers show).

    `up` rounds up to the tenth shown, for a size quoted against a limit it broke: one byte
    over 100 MB reads 100.1 MB, never 100 MB.
    """
    size = int(size)
    for unit, factor in (("GB", 1024**3), ("MB", 1024**2), ("KB", 1024)):
        if size >= factor:
            value = math.ceil(size * 10 / factor) / 10 if up else size / factor
            text = f"{value:.1f}".removesuffix(".0")
            return f"{text} {unit}"
    return ngettext("%(count)d byte", "%(count)d bytes", size) % {"count": size}


def format_duration(seconds):
    """A measured duration as minutes and seconds, e.g. 5 min 01 s (视频时长 5分01秒)."""
    total = round(seconds)
    minutes, secs = divmod(total, 60)
    if minutes == 0:
        return gettext("%(seconds)d s") % {"seconds": secs}
    return gettext("%(minutes)d min %(seconds)02d s") % {"minutes": minutes, "seconds": secs}


def format_limit_duration(seconds):
    """A duration limit: whole minutes read better (5 minutes) than 5 min 00 s."""
    if seconds % 60 == 0:
        minutes = seconds // 60
        return ngettext("%(count)d minute", "%(count)d minutes", minutes) % {"count": minutes}
    return format_duration(seconds)


def _sizes(params):
    return {"size": format_bytes(params.get("size", 0), up=True), "limit": format_bytes(params.get("limit", 0))}


def _entries(params):
    return {"count": params.get("count", 0), "limit": params.get("limit", 0)}


def _ratio(params):
    return {"ratio": params.get("limit", 100)}


def _duration(params):
    return {
        "duration": format_duration(params.get("seconds", 0)),
        "limit": format_limit_duration(params.get("limit", 0)),
    }


# Every code a verdict may carry → (its message, the figures the message quotes, if any).
_MESSAGES = {
    "ok": (gettext_noop("The file passed the checks."), None),
    "empty": (gettext_noop("The file is empty."), None),
    "too_large": (gettext_noop("The file is %(size)s, over the %(limit)s limit."), _sizes),
    "wrong_type_materials": (
        gettext_noop(
            "This file is not a PDF, PPT or PPTX document, whatever its name says. Save it as PDF and upload it again."
        ),
        None,
    ),
    "wrong_type_video": (
        gettext_noop("This file is not a video in a common format (MP4, MOV, WebM, AVI, MKV)."),
        None,
    ),
    "pdf_unreadable": (
        gettext_noop("The PDF cannot be opened: it is damaged or incomplete. Export it again and upload the new file."),
        None,
    ),
    "pdf_encrypted": (
        gettext_noop("The PDF is encrypted or password-protected. Upload a copy saved without a password."),
        None,
    ),
    "pdf_javascript": (
        gettext_noop("The PDF contains JavaScript, which is not allowed. Print it to a new PDF and upload that."),
        None,
    ),
    "pdf_launch": (
        gettext_noop("The PDF contains an action that starts other programs, which is not allowed."),
        None,
    ),
    "pdf_embedded_file": (
        gettext_noop("The PDF contains attached files, which is not allowed. Remove the attachments and upload again."),
        None,
    ),
    "presentation_unreadable": (
        gettext_noop("The presentation cannot be opened: it is damaged or incomplete. Save it again and upload it."),
        None,
    ),
    "archive_too_many_entries": (
        gettext_noop("The presentation has %(count)d internal parts, more than the %(limit)d allowed."),
        _entries,
    ),
    "archive_too_large": (
        gettext_noop("The presentation expands to %(size)s when opened, over the %(limit)s limit."),
        _sizes,
    ),
    "archive_ratio": (
        gettext_noop(
            "The presentation expands more than %(ratio)d times when opened, which is not allowed for safety."
        ),
        _ratio,
    ),
    "video_unreadable": (
        gettext_noop("The video cannot be read: it is damaged or incomplete. Export it again and upload the new file."),
        None,
    ),
    "video_no_picture": (gettext_noop("The file has no video picture."), None),
    "video_too_long": (gettext_noop("The video is %(duration)s long, over the %(limit)s limit."), _duration),
    "check_failed": (
        gettext_noop("The file could not be checked. Please upload it again later or contact the organizers."),
        None,
    ),
}
_REFUSED = gettext_noop("The file was refused.")

# The file row stores one of these; a code a later version no longer knows keeps its stored words.
VERDICT_CODES = frozenset(_MESSAGES)


def verdict_message(code, params=None):
    """The plain-words reason for a verdict code, in the active language."""
    message, figures = _MESSAGES.get(code, (_REFUSED, None))
    if figures is None:
        return gettext(message)
    return gettext(message) % figures(params or {})
