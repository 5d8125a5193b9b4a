"""Plain helpers of the registration tests (fixtures are in conftest.py)."""

from tests.factories import EntryFileFactory


def accept_files(entry):
    """Both files of the entry present and accepted, as the checks would leave them."""
    EntryFileFactory(entry=entry, kind="materials")
    EntryFileFactory(entry=entry, kind="video")
