"""Later stages grant read access to entries through registered predicates, not imports."""

import pytest
from django.contrib.auth.models import AnonymousUser, Group

from accounts.roles import ORGANIZERS
from registration.rules import ENTRY_READERS, can_read_entry, register_entry_reader
from tests.factories import EntryFactory, UserFactory


@pytest.fixture
def readers():
    saved = list(ENTRY_READERS)
    ENTRY_READERS.clear()
    yield ENTRY_READERS
    ENTRY_READERS[:] = saved


def test_owner_and_organizer_read_without_any_reader(db, readers):
    entry = EntryFactory()
    organizer = UserFactory()
    organizer.groups.add(Group.objects.get_or_create(name=ORGANIZERS)[0])

    assert can_read_entry(entry.entrant.user, entry)
    assert can_read_entry(organizer, entry)
    assert not can_read_entry(UserFactory(), entry)
    assert not can_read_entry(AnonymousUser(), entry)


def test_registered_reader_grants_access_to_the_entries_it_names(db, readers):
    public = EntryFactory()
    private = EntryFactory(entrant__contest=public.contest)
    register_entry_reader(lambda user, entry: entry.pk == public.pk)

    assert can_read_entry(AnonymousUser(), public)
    assert not can_read_entry(AnonymousUser(), private)


def test_registering_the_same_reader_twice_keeps_one(db, readers):
    def reader(user, entry):
        return False

    register_entry_reader(reader)
    register_entry_reader(reader)

    assert readers == [reader]
