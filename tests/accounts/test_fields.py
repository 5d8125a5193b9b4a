"""Who did something stays a column of the record, not a condition of its existence."""

from tests.factories import EntryFileFactory, OrganizerUserFactory


def test_deleting_an_account_empties_the_actor_column_and_keeps_the_record(db):
    organizer = OrganizerUserFactory()
    upload = EntryFileFactory(uploaded_by=organizer)

    organizer.delete()

    upload.refresh_from_db()
    assert upload.uploaded_by is None
