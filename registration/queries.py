"""Reads of registration that cross models or serve one user: profiles, the registration
window, the check limits and the upload widget's state of an entry's files.

Querysets that read naturally on a model (`Entry.objects.for_user(user)`) live on the model.
"""

from collections import Counter
from dataclasses import dataclass
from datetime import datetime, time, timedelta

from django.conf import settings
from django.db.models import Prefetch
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from contest.models import Stage, Track
from contest.schedule import Schedule

from . import checks, tus
from .models import Entrant, Entry, EntryFile, FileKind, RegistrationSettings
from .rules import can_read_file


def entrant_for(user, contest):
    """The user's entrant profile in the contest, or None."""
    if not user.is_authenticated or contest is None:
        return None
    return Entrant.objects.filter(contest=contest, user=user).first()


def dashboard_entrant(user, contest):
    """The profile with its members and entries prefetched for the dashboard (None without a profile)."""
    if not user.is_authenticated or contest is None:
        return None
    return (
        Entrant.objects.filter(contest=contest, user=user)
        .prefetch_related(
            "members",
            Prefetch(
                "entries",
                queryset=Entry.objects.with_dashboard_data().order_by("created_at", "pk"),
            ),
        )
        .first()
    )


def members_of(entrant):
    return entrant.members.order_by("position")


def _local(instant):
    return formats.date_format(timezone.localtime(instant), "Y-m-d H:i")


def _local_end(instant):
    """A deadline as people read it: a stage that ends at midnight ends at 24:00 of its last day.

    The schedule beside the message lists that last day; "2027-03-11 00:00" next to
    "– 2027-03-10" reads as two different deadlines.
    """
    local = timezone.localtime(instant)
    if local.time() != time.min:
        return _local(instant)
    return formats.date_format(local - timedelta(days=1), "Y-m-d") + " 24:00"


@dataclass(frozen=True)
class RegistrationWindow:
    """Whether entrants may change anything now, and the words that explain it when they may not."""

    state: str  # "unscheduled", "upcoming", "open" or "closed"
    stage: Stage | None
    now: datetime

    @property
    def is_open(self):
        return self.state == "open"

    @property
    def message(self):
        if self.state == "open":
            return _("Registration is open until %(end)s, Beijing time.") % {"end": _local_end(self.stage.ends_at)}
        if self.state == "upcoming":
            return _("Registration opens on %(start)s, Beijing time.") % {"start": _local(self.stage.starts_at)}
        if self.state == "closed":
            return _("Registration closed on %(end)s, Beijing time: no more changes are accepted.") % {
                "end": _local_end(self.stage.ends_at)
            }
        return _("Registration is not open: its dates have not been announced yet.")


def registration_window(contest, now=None, *, schedule=None):
    """The registration window at `now` (default: this instant), decided by the contest's schedule."""
    now = now or timezone.now()
    schedule = schedule or Schedule.for_contest(contest)
    stage = schedule.stage(Stage.Kind.REGISTRATION)
    if stage is None:
        state = "unscheduled"
    elif schedule.is_open(Stage.Kind.REGISTRATION, now):
        state = "open"
    elif now < stage.starts_at:
        state = "upcoming"
    else:
        state = "closed"
    return RegistrationWindow(state=state, stage=stage, now=now)


# --- Files ---------------------------------------------------------------------------------------


def can_add_entry(entrant, entries, limits):
    """Whether the entrant may start one more entry, as creating it will check: the total limit
    leaves room, and so does at least one track (withdrawn entries do not count)."""
    if entrant is None:
        return False
    counted = [entry for entry in entries if entry.status != Entry.Status.WITHDRAWN]
    if len(counted) >= limits.max_entries_total:
        return False
    if len(counted) < limits.max_entries_per_track:
        return True  # no track can be full yet: the tracks need not be read
    per_track = Counter(entry.track_id for entry in counted)
    tracks = Track.objects.filter(contest_id=entrant.contest_id).values_list("pk", flat=True)
    return any(per_track[track] < limits.max_entries_per_track for track in tracks)


def limits_for(contest, kind, *, options=None):
    """The check limits of a kind of file in a contest, from its RegistrationSettings (`options`, when
    the caller has them already)."""
    options = options or RegistrationSettings.for_contest(contest)
    common = {
        "max_uncompressed_bytes": settings.UPLOAD_ZIP_MAX_BYTES,
        "tool_timeout": settings.UPLOAD_CHECK_TOOL_TIMEOUT,
    }
    if kind == FileKind.VIDEO:
        return checks.Limits(max_bytes=options.video_max_bytes, max_seconds=options.video_max_seconds, **common)
    return checks.Limits(max_bytes=options.materials_max_bytes, **common)


def readable_file(user, uid):
    """The entry file with this public id if `user` may fetch it (see `rules.can_read_file`), else None."""
    entry_file = EntryFile.objects.select_related("entry__entrant", "entry__contest").filter(uid=uid).first()
    if entry_file is None or not can_read_file(user, entry_file):
        return None
    return entry_file


def _file_state(entry_file):
    if entry_file is None:
        return None
    urls = {"url": reverse("registration:file", args=[entry_file.uid])}
    if entry_file.preview:
        urls["preview_url"] = reverse("registration:file_variant", args=[entry_file.uid, "preview"])
    if entry_file.poster:
        urls["poster_url"] = reverse("registration:file_variant", args=[entry_file.uid, "poster"])
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
    window_open = registration_window(entry.contest).is_open
    state = {
        "editable": window_open and entry.status in Entry.FILE_EDITABLE_STATUSES,
        "closed_message": "" if window_open else _("Registration is closed: files can no longer be changed."),
        "chunk_bytes": tus.chunk_bytes(),
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
            "max_seconds_label": checks.format_limit_duration(limits.max_seconds) if limits.max_seconds else "",
        }
    return state
