from datetime import timedelta

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from registration.models import Entrant, Entry, EntryRevision
from registration.services import save_entrant_profile, submit_entry
from tests.factories import EntrantFactory, EntryFactory, TeamMemberFactory

VALID_CREDIT_CODE = "91350100M000100Y43"


def profile(**overrides):
    values = {
        "kind": "team",
        "name": "智慧团队",
        "region": "baoding",
        "accept_rules": True,
        "accept_privacy": True,
    }
    return {**values, **overrides}


def test_save_entrant_profile_creates_one_profile_per_account(contest, owner):
    first = save_entrant_profile(contest=contest, user=owner, **profile())
    again = save_entrant_profile(contest=contest, user=owner, **profile(name="新名字"))
    assert first.pk == again.pk
    assert Entrant.objects.filter(contest=contest, user=owner).count() == 1
    again.refresh_from_db()
    assert (again.name, again.region, again.kind) == ("新名字", "baoding", "team")
    assert again.accepted_rules_at is not None
    assert again.accepted_privacy_at is not None


def test_save_entrant_profile_organisation_needs_type_and_valid_credit_code(contest, owner):
    with pytest.raises(ValidationError) as caught:
        save_entrant_profile(
            contest=contest, user=owner, **profile(kind="organisation", credit_code="91350100M000100Y44")
        )
    assert set(caught.value.message_dict) == {"organisation_type", "credit_code"}
    assert (
        caught.value.message_dict["credit_code"]
        == ["This unified social credit code is not valid: please check it against the business licence."]
        or "统一社会信用代码" in caught.value.message_dict["credit_code"][0]
    )
    assert not Entrant.objects.exists()


def test_save_entrant_profile_organisation_stores_normalised_credit_code(contest, owner):
    entrant = save_entrant_profile(
        contest=contest,
        user=owner,
        **profile(kind="organisation", organisation_type="enterprise", credit_code="91350100m000100y43"),
    )
    entrant.refresh_from_db()
    assert (entrant.credit_code, entrant.organisation_type) == (VALID_CREDIT_CODE, "enterprise")


def test_save_entrant_profile_individual_drops_organisation_fields(contest, owner):
    entrant = save_entrant_profile(
        contest=contest,
        user=owner,
        **profile(kind="individual", organisation_type="enterprise", credit_code=VALID_CREDIT_CODE),
    )
    entrant.refresh_from_db()
    assert (entrant.organisation_type, entrant.credit_code) == ("", "")


def test_save_entrant_profile_outside_hebei_needs_province(contest, owner):
    with pytest.raises(ValidationError) as caught:
        save_entrant_profile(contest=contest, user=owner, **profile(region="outside"))
    assert list(caught.value.message_dict) == ["province"]
    entrant = save_entrant_profile(contest=contest, user=owner, **profile(region="outside", province="beijing"))
    entrant.refresh_from_db()
    assert (entrant.region, entrant.province) == ("outside", "beijing")


def test_save_entrant_profile_province_dropped_inside_hebei(contest, owner):
    entrant = save_entrant_profile(contest=contest, user=owner, **profile(region="xiongan", province="beijing"))
    entrant.refresh_from_db()
    assert (entrant.region, entrant.province) == ("xiongan", "")


def test_save_entrant_profile_first_time_requires_consents(contest, owner):
    with pytest.raises(ValidationError) as caught:
        save_entrant_profile(contest=contest, user=owner, **profile(accept_rules=False, accept_privacy=False))
    assert set(caught.value.message_dict) == {"accept_rules", "accept_privacy"}
    save_entrant_profile(contest=contest, user=owner, **profile())
    # Once given, the consents are not asked again.
    save_entrant_profile(contest=contest, user=owner, **profile(accept_rules=False, accept_privacy=False))


def test_save_entrant_profile_anonymous_is_refused(contest):
    with pytest.raises(PermissionDenied):
        save_entrant_profile(contest=contest, user=AnonymousUser(), **profile())


def test_save_entrant_profile_to_individual_with_members_is_refused(entrant):
    TeamMemberFactory(entrant=entrant)
    with pytest.raises(ValidationError) as caught:
        save_entrant_profile(contest=entrant.contest, user=entrant.user, **profile(kind="individual"))
    assert list(caught.value.message_dict) == ["kind"]
    entrant.refresh_from_db()
    assert entrant.kind == "team"


def test_save_entrant_profile_rename_renames_entries_and_records_history(complete_entry, owner):
    submit_entry(entry=complete_entry, by=owner)
    save_entrant_profile(contest=complete_entry.contest, user=owner, **profile(name="新团队"))
    complete_entry.refresh_from_db()
    assert complete_entry.display_name == "新团队+一网通办助手"
    actions = list(complete_entry.revisions.values_list("number", "action"))
    assert actions == [(1, EntryRevision.Action.SUBMIT), (2, EntryRevision.Action.RENAME)]
    assert complete_entry.revisions.get(number=2).snapshot["display_name"] == "新团队+一网通办助手"


def test_save_entrant_profile_rename_colliding_display_name_is_refused(entrant, track, contest):
    EntryFactory(entrant=entrant, track=track, title="平台")
    other = EntrantFactory(contest=contest, name="甲")
    EntryFactory(entrant=other, track=track, title="平台")
    with pytest.raises(ValidationError) as caught:
        save_entrant_profile(contest=contest, user=entrant.user, **profile(name="甲"))
    assert list(caught.value.message_dict) == ["name"]
    entrant.refresh_from_db()
    assert entrant.name == "智慧团队"
    assert Entry.objects.filter(entrant=entrant).get().display_name == "智慧团队+平台"


def test_save_entrant_profile_after_registration_closed_is_refused(contest, owner):
    later = timezone.now() + timedelta(days=31)
    with pytest.raises(ValidationError) as caught:
        save_entrant_profile(contest=contest, user=owner, now=later, **profile())
    assert caught.value.code == "registration_closed"
    assert not Entrant.objects.exists()
