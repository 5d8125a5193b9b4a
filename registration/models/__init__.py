"""Registration tables, one module per group of models; import them from here."""

from .entrants import Entrant, OrganisationType, Province, RegistrationSettings, TeamMember
from .entries import DisqualificationGround, Entry, EntryKind, EntryRevision, EntryStatus, RoundReached
from .files import EntryFile, FileKind, Upload

__all__ = [
    "DisqualificationGround",
    "Entrant",
    "Entry",
    "EntryFile",
    "EntryKind",
    "EntryRevision",
    "EntryStatus",
    "FileKind",
    "OrganisationType",
    "Province",
    "RegistrationSettings",
    "RoundReached",
    "TeamMember",
    "Upload",
]
