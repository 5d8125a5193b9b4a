import rules
from django.contrib.auth.models import AnonymousUser

from tests.factories import EntryFileFactory, TeamMemberFactory


def test_owner_predicate_follows_every_kind_of_object(complete_entry, owner, other_user, organizer):
    member = complete_entry.entrant.members.get()
    entry_file = complete_entry.files.first()
    for obj in (complete_entry.entrant, member, complete_entry, entry_file):
        assert rules.has_perm("registration.edit_own_registration", owner, obj)
        assert not rules.has_perm("registration.edit_own_registration", other_user, obj)
        assert not rules.has_perm("registration.edit_own_registration", organizer, obj)
        assert not rules.has_perm("registration.edit_own_registration", AnonymousUser(), obj)


def test_view_registration_owner_or_organizer(complete_entry, owner, other_user, organizer):
    assert rules.has_perm("registration.view_registration", owner, complete_entry)
    assert rules.has_perm("registration.view_registration", organizer, complete_entry)
    assert not rules.has_perm("registration.view_registration", other_user, complete_entry)


def test_moderate_entry_only_organizers(owner, organizer):
    assert rules.has_perm("registration.moderate_entry", organizer)
    assert not rules.has_perm("registration.moderate_entry", owner)
    assert not rules.has_perm("registration.moderate_entry", AnonymousUser())


def test_owner_predicate_false_for_unrelated_object(owner, db):
    assert not rules.has_perm("registration.edit_own_registration", owner, None)
    assert not rules.has_perm("registration.edit_own_registration", owner, owner)


def test_owner_of_other_team_member_is_not_owner(other_entrant, owner):
    member = TeamMemberFactory(entrant=other_entrant)
    entry_file = EntryFileFactory(entry__entrant=other_entrant)
    assert not rules.has_perm("registration.edit_own_registration", owner, member)
    assert not rules.has_perm("registration.edit_own_registration", owner, entry_file)
