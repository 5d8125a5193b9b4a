"""Who may do what in registration; services and views ask these, never `user.pk ==` by hand.

Organizers are the accounts app's role (`accounts.rules.is_organizer`), re-exported here.
"""

import rules

from accounts.rules import is_organizer

from .models import Entrant, Entry, EntryFile, TeamMember, Upload


def _entrant_of(obj):
    """The entrant an Entrant, TeamMember, Entry or EntryFile belongs to."""
    if isinstance(obj, Entrant):
        return obj
    if isinstance(obj, TeamMember | Entry):
        return obj.entrant
    if isinstance(obj, EntryFile | Upload):
        return obj.entry.entrant
    return None


@rules.predicate
def is_entrant_owner(user, obj):
    """The account that registered the entrant profile the object belongs to."""
    entrant = _entrant_of(obj)
    return entrant is not None and user.is_authenticated and entrant.user_id == user.pk


# Predicates (user, entry) -> bool from later stages that grant read access to an entry and its
# files besides the owner and organizers: judging adds "assigned judge of an open round",
# voting adds "public finalist". Registration never imports those apps; they register here
# from their AppConfig.ready(). `user` may be anonymous.
ENTRY_READERS = []
# Readers that open an entry to the public open only its published files: the current,
# accepted one of each kind. A refused upload or a replaced one is not part of what was
# published and keeps the rule of every private file.
PUBLISHED_FILES_ONLY = set()


def register_entry_reader(predicate, *, published_files_only=False):
    if predicate not in ENTRY_READERS:
        ENTRY_READERS.append(predicate)
    if published_files_only:
        PUBLISHED_FILES_ONLY.add(predicate)


def can_read_entry(user, entry):
    """Whether `user` may see `entry` and fetch its stored files."""
    if user.is_authenticated and (is_entrant_owner(user, entry) or is_organizer(user)):
        return True
    return any(reader(user, entry) for reader in ENTRY_READERS)


def is_published_file(entry_file):
    return entry_file.is_current and entry_file.status == EntryFile.Status.ACCEPTED


def can_read_file(user, entry_file):
    """Whether `user` may fetch `entry_file`: as for its entry, except that public readers get only published files."""
    entry = entry_file.entry
    if user.is_authenticated and (is_entrant_owner(user, entry) or is_organizer(user)):
        return True
    published = is_published_file(entry_file)
    return any(reader(user, entry) for reader in ENTRY_READERS if published or reader not in PUBLISHED_FILES_ONLY)


# Tested with rules.has_perm (the rule set itself), so they work whatever the auth backends are.
rules.add_perm("registration.edit_own_registration", is_entrant_owner)
rules.add_perm("registration.view_registration", is_entrant_owner | is_organizer)
rules.add_perm("registration.moderate_entry", is_organizer)

__all__ = ["can_read_entry", "can_read_file", "is_entrant_owner", "is_organizer", "register_entry_reader"]
