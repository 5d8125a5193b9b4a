"""What registration holds about a person, for "download my data" and "delete my account", and
its ID numbers stored again under new keys.

Registered with `accounts.services.register_personal_data` from `RegistrationConfig.ready()`.
The export gives the person everything they registered: their profiles, the members of their
teams (ID numbers masked: the download is a file that travels) and their entries with their
files. The erasure does what the account deletion page promises: entries already submitted
stay in the contest under an anonymous name; everything else goes.
"""

from django.db import transaction
from django.db.models import Prefetch

from accounts.services import pseudonym

from ..id_numbers import decrypt_id_number, id_number_lookup_key, mask_id_number, rotate_id_number
from ..models import Entrant, Entry, EntryFile, EntryRevision, TeamMember, Upload
from .common import display_name_for

# An organisation's entry kept after erasure still needs a credit code (a database
# constraint); this one names no organisation.
ERASED_CREDIT_CODE = "0" * 18

_PROFILE_FIELDS = (
    "kind",
    "name",
    "organisation_type",
    "organisation",
    "credit_code",
    "region",
    "province",
    "accepted_rules_at",
    "accepted_privacy_at",
    "created_at",
    "updated_at",
)
_ENTRY_FIELDS = (
    "code",
    "display_name",
    "title",
    "kind",
    "status",
    "summary",
    "scenario",
    "problem",
    "data_used",
    "results",
    "self_introduction",
    "product_url",
    "usage_instructions",
    "keywords",
    "consent_original",
    "consent_publicity",
    "consent_recommendation",
    "commits_to_events",
    "round_reached",
    "first_submitted_at",
    "submitted_at",
    "created_at",
)


def export_personal_data(user):
    """The user's entrant profiles, each with its team and entries (one list item per contest)."""
    entrants = (
        Entrant.objects.filter(user=user)
        .select_related("contest")
        .prefetch_related(
            Prefetch("members", queryset=TeamMember.objects.order_by("position")),
            Prefetch(
                "entries",
                queryset=Entry.objects.select_related("track")
                .prefetch_related(Prefetch("files", queryset=EntryFile.objects.order_by("kind", "created_at")))
                .order_by("created_at", "pk"),
            ),
        )
        .order_by("contest__pk")
    )
    return [
        {
            "contest": str(entrant.contest),
            "profile": {field: getattr(entrant, field) for field in _PROFILE_FIELDS},
            "members": [_member(member) for member in entrant.members.all()],
            "entries": [_entry(entry) for entry in entrant.entries.all()],
        }
        for entrant in entrants
    ]


def _member(member):
    return {
        "name": member.name,
        "phone": member.phone,
        "organisation": member.organisation,
        "role": member.role,
        "is_leader": member.is_leader,
        "id_number": mask_id_number(decrypt_id_number(member.id_number_encrypted)),
    }


def _entry(entry):
    data = {field: getattr(entry, field) for field in _ENTRY_FIELDS}
    data["track"] = entry.track.name
    data["files"] = [
        {
            "kind": file.kind,
            "name": file.original_name,
            "size": file.size,
            "status": file.status,
            "current": file.is_current,
            "uploaded_at": file.created_at,
        }
        for file in entry.files.all()
    ]
    return data


def erase_personal_data(user):
    """Forget the user's registrations, keeping submitted entries under an anonymous name.

    Deletes entries never submitted (their stored files go after commit), unfinished uploads and
    every team member; an entrant left with no entry goes too. An entrant whose entries were
    submitted keeps them, renamed to a pseudonym, without organisation, credit code or
    self-introduction, and their history rewritten to match. Runs inside `delete_account()`.
    """
    Upload.objects.filter(user=user).delete()
    for entrant in Entrant.objects.filter(user=user):
        Entry.objects.filter(entrant=entrant, first_submitted_at__isnull=True).delete()
        TeamMember.objects.filter(entrant=entrant).delete()
        kept = list(Entry.objects.filter(entrant=entrant))
        if not kept:
            entrant.delete()
            continue
        _anonymise(entrant, kept)


def _anonymise(entrant, entries):
    entrant.name = pseudonym()
    entrant.organisation = ""
    entrant.credit_code = ERASED_CREDIT_CODE if entrant.kind == Entrant.Kind.ORGANISATION else ""
    entrant.save(update_fields=["name", "organisation", "credit_code"])
    for entry in entries:
        entry.display_name = display_name_for(entrant.name, entry.title)
        entry.self_introduction = ""
        entry.save(update_fields=["display_name", "self_introduction"])
        for revision in EntryRevision.objects.filter(entry=entry):
            revision.snapshot = _scrubbed(revision.snapshot, entrant.name)
            revision.save(update_fields=["snapshot"])


def _scrubbed(snapshot, name):
    """A history snapshot under the pseudonym, whatever name the entrant had at that time (renames
    included), and without the self-introduction."""
    cleaned = {**snapshot, "entrant": name, "self_introduction": ""}
    cleaned["display_name"] = display_name_for(name, snapshot.get("title", ""))
    return cleaned


@transaction.atomic
def rotate_id_numbers():
    """Encrypt every member's ID number again with the first Fernet key and recompute its lookup
    key under the current secret key (registered with `accounts.services.register_key_rotation`).

    Until this runs after DJANGO_SECRET_KEY changed, the same person's new lookup key differs
    from the stored one, so a second team could list them. Returns the rows rewritten.
    """
    members = list(TeamMember.objects.select_for_update().exclude(id_number_encrypted="").order_by("pk"))
    for member in members:
        member.id_number_key = id_number_lookup_key(decrypt_id_number(member.id_number_encrypted))
        member.id_number_encrypted = rotate_id_number(member.id_number_encrypted)
    TeamMember.objects.bulk_update(members, ["id_number_encrypted", "id_number_key"], batch_size=500)
    return len(members)
