"""Entries: drafts, submission, withdrawal and the organizers' decisions."""

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from accounts.rules import require_organizer
from contest.schedule import now_or
from notifications.models import SmsMessage
from notifications.services import queue_sms_to_account

from ..models import Entrant, Entry, EntryFile, EntryRevision, FileKind, RegistrationSettings
from ..models.entries import SELF_INTRODUCTION_MAX_LENGTH
from .common import (
    CONFIRMATION_TEMPLATE,
    check_owner,
    check_window,
    confirmation_params,
    display_name_for,
    entry_snapshot,
    record_revision,
)

# The fields an entrant edits; `track` is a Track of the entry's contest.
TEXT_FIELDS = (
    "title",
    "summary",
    "scenario",
    "problem",
    "data_used",
    "results",
    "self_introduction",
    "usage_instructions",
    "keywords",
)
CONSENT_FIELDS = ("consent_original", "consent_publicity", "consent_recommendation", "commits_to_events")
EDITABLE_FIELDS = ("track", "kind", "product_url", *TEXT_FIELDS, *CONSENT_FIELDS)
# What a judge needs to read the work without opening a file: required before submission.
DESCRIPTION_FIELDS = ("summary", "scenario", "problem", "data_used", "results", "self_introduction")

_url_validator = URLValidator(schemes=["http", "https"])


def _clean_fields(*, contest, values):
    """Strip and validate the given entry fields; return them cleaned, or raise field errors."""
    errors = {}
    cleaned = {}
    for field, value in values.items():
        if field not in EDITABLE_FIELDS:
            raise TypeError(f"{field!r} is not an editable entry field")
        if field in TEXT_FIELDS or field == "product_url":
            value = (value or "").strip()
        if field in CONSENT_FIELDS:
            value = bool(value)
        cleaned[field] = value
    if len(cleaned.get("self_introduction", "")) > SELF_INTRODUCTION_MAX_LENGTH:
        errors["self_introduction"] = _("Keep it to %(limit)d characters.") % {"limit": SELF_INTRODUCTION_MAX_LENGTH}
    if "title" in cleaned and not cleaned["title"]:
        errors["title"] = _("Enter the name of the work.")
    if "track" in cleaned and (cleaned["track"] is None or cleaned["track"].contest_id != contest.pk):
        errors["track"] = _("Choose one of the contest's tracks.")
    if "kind" in cleaned and cleaned["kind"] not in Entry.Kind.values:
        errors["kind"] = _("Choose the kind of work.")
    if cleaned.get("product_url"):
        try:
            _url_validator(cleaned["product_url"])
        except ValidationError:
            errors["product_url"] = _("Enter a web address starting with http:// or https://.")
    if errors:
        raise ValidationError(errors)
    return cleaned


def completeness_errors(entry, *, files=True):
    """What keeps the entry from being submitted, by field (None for the entry as a whole)."""
    errors = _field_errors(entry)
    problems = _entry_problems(entry, files=files)
    if problems:
        errors[None] = problems
    return errors


def _field_errors(entry):
    """The description, the prototype's address and instructions, and the mandatory consents."""
    errors = {}
    for field in DESCRIPTION_FIELDS:
        if not getattr(entry, field).strip():
            errors[field] = _("This is required before the entry is submitted.")
    if entry.needs_prototype:
        if not entry.product_url:
            errors["product_url"] = _(
                "A platform, website, app or PC client needs the address where judges can download or try it."
            )
        if not entry.usage_instructions:
            errors["usage_instructions"] = _("A platform, website, app or PC client needs instructions for trying it.")
    if not entry.consent_original:
        errors["consent_original"] = _(
            "You must confirm that the work is original and its intellectual property clear."
        )
    if not entry.consent_publicity:
        errors["consent_publicity"] = _("You must agree that the work may be used for the contest's publicity.")
    if not entry.commits_to_events:
        errors["commits_to_events"] = _(
            "The contest asks every entrant to commit to take part in its roadshows and matchmaking events."
        )
    return errors


def _entry_problems(entry, *, files):
    """What is missing from the entry as a whole: the team's members, the accepted files."""
    problems = []
    if entry.entrant.kind == Entrant.Kind.TEAM and not entry.entrant.members.exists():
        problems.append(_("A team must list its members before it submits an entry."))
    if files:
        accepted = set(
            entry.files.filter(is_current=True, status=EntryFile.Status.ACCEPTED).values_list("kind", flat=True)
        )
        if FileKind.MATERIALS not in accepted:
            problems.append(
                _("The materials (PDF, PPT or PPTX) have not been uploaded or have not passed their checks.")
            )
        if FileKind.VIDEO not in accepted:
            problems.append(_("The video has not been uploaded or has not passed its checks."))
    return problems


def _raise_incomplete(errors):
    general = errors.pop(None, [])
    if errors:
        # Field errors and general ones together, in the shape forms accept.
        raise ValidationError({**errors, "__all__": general} if general else errors)
    raise ValidationError(general)


def _check_limits(*, entrant, track, exclude=None):
    """The contest's limits on entries per entrant, in total and per track; withdrawn ones do not count."""
    limits = RegistrationSettings.for_contest(entrant.contest)
    counted = entrant.entries.exclude(status=Entry.Status.WITHDRAWN)
    if exclude is not None:
        counted = counted.exclude(pk=exclude.pk)
    if counted.count() >= limits.max_entries_total:
        raise ValidationError(
            ngettext(
                "An entrant may register %(limit)s entry in this contest, and you already have it.",
                "An entrant may register %(limit)s entries in this contest, and you already have them.",
                limits.max_entries_total,
            )
            % {"limit": limits.max_entries_total},
            code="entry_limit_total",
        )
    if counted.filter(track=track).count() >= limits.max_entries_per_track:
        raise ValidationError(
            ngettext(
                "An entrant may register %(limit)s entry in the track “%(track)s”, and you already have it.",
                "An entrant may register %(limit)s entries in the track “%(track)s”, and you already have them.",
                limits.max_entries_per_track,
            )
            % {"limit": limits.max_entries_per_track, "track": str(track)},
            code="entry_limit_track",
        )


def _check_display_name(*, entry_contest, display_name, exclude=None):
    taken = Entry.objects.filter(contest=entry_contest, display_name=display_name)
    if exclude is not None:
        taken = taken.exclude(pk=exclude.pk)
    if taken.exists():
        raise ValidationError(
            {
                "title": _("Another entry of the contest is already called “%(name)s”: choose another work name.")
                % {"name": display_name}
            }
        )


def _save_entry(entry, **kwargs):
    """Save under a savepoint; the display name lost to a concurrent request becomes a field error."""
    try:
        with transaction.atomic():
            entry.save(**kwargs)
    except IntegrityError:
        _check_display_name(entry_contest=entry.contest, display_name=entry.display_name, exclude=entry)
        raise


def _lock_entrant(entrant):
    """Serialise the entries of one entrant: the limits are counted, then written."""
    return Entrant.objects.select_for_update(of=("self",)).select_related("contest").get(pk=entrant.pk)


def _lock_entry(entry):
    return Entry.objects.select_for_update(of=("self",)).select_related("contest", "track").get(pk=entry.pk)


@transaction.atomic
def create_entry(*, entrant, by, track, title, kind, now=None, **details):
    """Create a draft entry in a track, within the contest's limits per entrant. Queues nothing."""
    now = now_or(now)
    check_owner(by, entrant)
    check_window(entrant.contest, now)
    entrant = _lock_entrant(entrant)
    values = _clean_fields(contest=entrant.contest, values={"track": track, "title": title, "kind": kind, **details})
    _check_limits(entrant=entrant, track=values["track"])
    display_name = display_name_for(entrant.name, values["title"])
    _check_display_name(entry_contest=entrant.contest, display_name=display_name)
    entry = Entry(
        contest=entrant.contest,
        entrant=entrant,
        display_name=display_name,
        created_at=now,
        updated_at=now,
        **values,
    )
    _save_entry(entry)
    return entry


@transaction.atomic
def update_entry(*, entry, by, now=None, **changes):
    """Change an entry's fields inside the registration window.

    A draft takes any partial change (drafts are saved at every step). An entry already
    submitted must stay complete, stays submitted, and the change is added to its history.
    Queues nothing.
    """
    now = now_or(now)
    check_owner(by, entry)
    check_window(entry.contest, now)
    _lock_entrant(entry.entrant)
    entry = _lock_entry(entry)
    if entry.status == Entry.Status.DISQUALIFIED:
        raise ValidationError(_("A disqualified entry can no longer be changed."), code="entry_disqualified")
    values = _clean_fields(contest=entry.contest, values=changes)
    previous = entry_snapshot(entry) if entry.first_submitted_at else None
    if "track" in values and values["track"].pk != entry.track_id and entry.status != Entry.Status.WITHDRAWN:
        _check_limits(entrant=entry.entrant, track=values["track"], exclude=entry)
    for field, value in values.items():
        setattr(entry, field, value)
    entry.display_name = display_name_for(entry.entrant.name, entry.title)
    _check_display_name(entry_contest=entry.contest, display_name=entry.display_name, exclude=entry)
    if entry.status == Entry.Status.SUBMITTED:
        errors = completeness_errors(entry, files=False)
        if errors:
            _raise_incomplete(errors)
    entry.updated_at = now
    _save_entry(entry)
    if previous is not None:
        record_revision(entry, action=EntryRevision.Action.EDIT, by=by, previous=previous)
    return entry


@transaction.atomic
def delete_entry(*, entry, by, now=None):
    """Delete a draft that was never submitted (to free a place within the limits); its files go with it."""
    now = now_or(now)
    check_owner(by, entry)
    check_window(entry.contest, now)
    entry = _lock_entry(entry)
    if entry.first_submitted_at is not None:
        raise ValidationError(
            _("An entry that has been submitted cannot be deleted; you can withdraw it."), code="entry_submitted"
        )
    # The stored bytes of its files are removed after commit by the files side (post_delete of EntryFile).
    entry.delete()


@transaction.atomic
def submit_entry(*, entry, by, now=None):
    """Submit (or re-submit) a complete entry whose materials and video have passed their checks.

    Records the submission in the entry's history. The first submission only queues the
    confirmation SMS to the entrant's phone, in this transaction (sent after commit);
    re-submitting never sends a second one.
    """
    now = now_or(now)
    check_owner(by, entry)
    check_window(entry.contest, now)
    entrant = _lock_entrant(entry.entrant)
    entry = _lock_entry(entry)
    entry.entrant = entrant
    if entry.status == Entry.Status.DISQUALIFIED:
        raise ValidationError(_("A disqualified entry cannot be submitted."), code="entry_disqualified")
    if entry.status == Entry.Status.WITHDRAWN:
        _check_limits(entrant=entrant, track=entry.track, exclude=entry)
    errors = completeness_errors(entry)
    if errors:
        _raise_incomplete(errors)

    first = entry.first_submitted_at is None
    entry.status = Entry.Status.SUBMITTED
    entry.first_submitted_at = entry.first_submitted_at or now
    entry.submitted_at = now
    entry.updated_at = now
    entry.save(update_fields=["status", "first_submitted_at", "submitted_at", "updated_at"])
    record_revision(entry, action=EntryRevision.Action.SUBMIT, by=by)
    if first:
        _queue_confirmation(entry)
    return entry


def _queue_confirmation(entry):
    queue_sms_to_account(
        user=entry.entrant.user,
        purpose=SmsMessage.Purpose.REGISTRATION_CONFIRMATION,
        template=CONFIRMATION_TEMPLATE,
        params=confirmation_params(entry),
        idempotency_key=f"registration-confirmation:{entry.code}",
    )


@transaction.atomic
def withdraw_entry(*, entry, by, now=None):
    """Withdraw a submitted entry inside the window (it can be submitted again until the end). Queues nothing."""
    now = now_or(now)
    check_owner(by, entry)
    check_window(entry.contest, now)
    entry = _lock_entry(entry)
    if entry.status != Entry.Status.SUBMITTED:
        raise ValidationError(_("Only a submitted entry can be withdrawn."), code="entry_not_submitted")
    entry.status = Entry.Status.WITHDRAWN
    entry.updated_at = now
    entry.save(update_fields=["status", "updated_at"])
    record_revision(entry, action=EntryRevision.Action.WITHDRAW, by=by)
    return entry


@transaction.atomic
def disqualify_entry(*, entry, by, ground, note="", now=None):
    """Disqualify a submitted entry on one of the rules' grounds; the entrant sees the ground and the note."""
    now = now_or(now)
    require_organizer(by)
    entry = _lock_entry(entry)
    if ground not in Entry.Ground.values:
        raise ValidationError({"ground": _("Choose one of the grounds the rules give.")})
    if entry.status != Entry.Status.SUBMITTED:
        raise ValidationError(
            _("Only a submitted entry can be disqualified; %(code)s is %(status)s.")
            % {"code": entry.code, "status": entry.get_status_display()},
            code="entry_not_submitted",
        )
    entry.status = Entry.Status.DISQUALIFIED
    entry.disqualification_ground = ground
    entry.disqualification_note = (note or "").strip()
    entry.updated_at = now
    entry.save(update_fields=["status", "disqualification_ground", "disqualification_note", "updated_at"])
    record_revision(entry, action=EntryRevision.Action.DISQUALIFY, by=by, note=entry.disqualification_note)
    return entry


@transaction.atomic
def restore_entry(*, entry, by, note="", now=None):
    """Undo a disqualification: the entry is submitted again and the reason for restoring is kept in its history."""
    now = now_or(now)
    require_organizer(by)
    entry = _lock_entry(entry)
    if entry.status != Entry.Status.DISQUALIFIED:
        raise ValidationError(
            _("Only a disqualified entry can be restored; %(code)s is %(status)s.")
            % {"code": entry.code, "status": entry.get_status_display()},
            code="entry_not_disqualified",
        )
    entry.status = Entry.Status.SUBMITTED
    entry.disqualification_ground = ""
    entry.disqualification_note = ""
    entry.updated_at = now
    entry.save(update_fields=["status", "disqualification_ground", "disqualification_note", "updated_at"])
    record_revision(entry, action=EntryRevision.Action.RESTORE, by=by, note=(note or "").strip())
    return entry
