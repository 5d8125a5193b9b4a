"""Registration tables, one module per group of models; import them from here."""

from .entrants import Entrant, OrganisationType, Province, RegistrationSettings, TeamMember
from .entries import DisqualificationGround, Entry, EntryKind, EntryRevision, EntryStatus, RoundReached
from .files import EntryFile, FileKind, Upload
from .notices import Notice

__all__ = [
    "DisqualificationGround",
    "Entrant",
    "Entry",
    "EntryFile",
    "EntryKind",
    "EntryRevision",
    "EntryStatus",
    "FileKind",
    "Notice",
    "OrganisationType",
    "Province",
    "RegistrationSettings",
    "RoundReached",
    "TeamMember",
    "Upload",
]
