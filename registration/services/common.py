"""What the registration verbs share: the window, permissions, display names and history."""

import rules
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Max
from django.utils.translation import gettext as _

from notifications.texts import get_template

from ..models import EntryRevision
from ..queries import registration_window

# "参赛者名称+作品名称": the rules give the public name of a work as these two parts.
DISPLAY_NAME_JOINER = "+"
CONFIRMATION_TEMPLATE = "registration_confirmation"


def display_name_for(entrant_name, title):
    return f"{entrant_name.strip()}{DISPLAY_NAME_JOINER}{title.strip()}"


def check_window(contest, now):
    """Refuse any change by an entrant outside the registration stage, whatever the client sent."""
    window = registration_window(contest, now)
    if not window.is_open:
        raise ValidationError(window.message, code=f"registration_{window.state}")


def check_owner(by, obj):
    if by is None or not rules.has_perm("registration.edit_own_registration", by, obj):
        raise PermissionDenied(_("Only the account that registered this profile can change it."))


def entry_snapshot(entry):
    """The state of an entry as the history keeps it: every field an entrant or organizer can change."""
    files = {
        f.kind: {"name": f.original_name, "sha256": f.sha256, "status": f.status}
        for f in entry.files.filter(is_current=True)
    }
    return {
        "code": entry.code,
        "status": entry.status,
        "display_name": entry.display_name,
        "entrant": entry.entrant.name,
        "track": entry.track.code,
        "track_name": entry.track.name,
        "title": entry.title,
        "summary": entry.summary,
        "scenario": entry.scenario,
        "problem": entry.problem,
        "data_used": entry.data_used,
        "results": entry.results,
        "self_introduction": entry.self_introduction,
        "kind": entry.kind,
        "product_url": entry.product_url,
        "usage_instructions": entry.usage_instructions,
        "keywords": entry.keywords,
        "consent_original": entry.consent_original,
        "consent_publicity": entry.consent_publicity,
        "consent_recommendation": entry.consent_recommendation,
        "commits_to_events": entry.commits_to_events,
        "disqualification_ground": entry.disqualification_ground,
        "disqualification_note": entry.disqualification_note,
        "files": files,
    }


def record_revision(entry, *, action, by, note="", previous=None):
    """Append the entry's state to its history; an edit that changed nothing is not recorded.

    Callers hold the entry's row lock, so the numbers of one entry cannot collide.
    """
    snapshot = entry_snapshot(entry)
    if previous is not None and snapshot == previous and action == EntryRevision.Action.EDIT:
        return None
    last = entry.revisions.aggregate(last=Max("number"))["last"] or 0
    return EntryRevision.objects.create(
        entry=entry, number=last + 1, action=action, snapshot=snapshot, changed_by=by, note=note
    )


def confirmation_text(entry):
    """The confirmation exactly as the SMS says it, for the page and the dashboard."""
    template = get_template(CONFIRMATION_TEMPLATE)
    return template.text.format(**confirmation_params(entry))


def confirmation_params(entry):
    return {"entry": entry.display_name, "number": entry.code}
