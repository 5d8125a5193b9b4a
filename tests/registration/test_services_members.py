import threading
from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, connection, connections, transaction
from django.db.models.signals import pre_save
from django.utils import timezone

from registration.id_numbers import decrypt_id_number, id_number_lookup_key
from registration.models import RegistrationSettings, TeamMember
from registration.services import add_team_member, remove_team_member, update_team_member
from tests.factories import EntrantFactory, EntryFactory, TeamMemberFactory

ID_NUMBER = "11010519491231002X"


def member(**overrides):
    values = {"name": "张三", "phone": "138 0013 8000", "organisation": "河北大学", "role": "队长"}
    return {**values, **overrides}


def codes(exc, field):
    return [error.code for error in exc.error_dict[field]]


def test_add_team_member_first_is_leader_and_phone_normalised(entrant, owner):
    first = add_team_member(entrant=entrant, by=owner, **member())
    second = add_team_member(entrant=entrant, by=owner, **member(name="李四", phone="13900139001"))
    assert (first.position, first.is_leader, first.phone) == (1, True, "+8613800138000")
    assert (second.position, second.is_leader, second.phone) == (2, False, "+8613900139001")
    assert first.contest_id == entrant.contest_id


def test_add_team_member_id_number_stored_encrypted_and_keyed(entrant, owner):
    added = add_team_member(entrant=entrant, by=owner, **member(id_number="110105 19491231 002x"))
    added.refresh_from_db()
    assert ID_NUMBER not in added.id_number_encrypted
    assert decrypt_id_number(added.id_number_encrypted) == ID_NUMBER
    assert added.id_number_key == id_number_lookup_key(ID_NUMBER)
    assert len(added.id_number_key) == 64


def test_add_team_member_without_id_number_stores_null_key(entrant, owner):
    first = add_team_member(entrant=entrant, by=owner, **member())
    second = add_team_member(entrant=entrant, by=owner, **member(name="李四", phone="13900139001"))
    assert (first.id_number_key, second.id_number_key) == (None, None)
    assert (first.id_number_encrypted, second.id_number_encrypted) == ("", "")


def test_add_team_member_invalid_id_number_is_refused(entrant, owner):
    with pytest.raises(ValidationError) as caught:
        add_team_member(entrant=entrant, by=owner, **member(id_number="110105194912310021"))
    assert codes(caught.value, "id_number") == ["id_number_check"]
    assert not TeamMember.objects.exists()


def test_add_team_member_invalid_phone_is_refused(entrant, owner):
    with pytest.raises(ValidationError) as caught:
        add_team_member(entrant=entrant, by=owner, **member(phone="12345"))
    assert codes(caught.value, "phone") == ["invalid_phone"]


def test_add_team_member_eleventh_is_refused_and_ten_kept(entrant, owner):
    for n in range(10):
        add_team_member(entrant=entrant, by=owner, **member(name=f"成员{n}", phone=f"1380000{n:04d}"))
    with pytest.raises(ValidationError) as caught:
        add_team_member(entrant=entrant, by=owner, **member(name="第十一人", phone="13900000011"))
    assert caught.value.code == "team_full"
    assert "10" in caught.value.messages[0]
    assert list(entrant.members.order_by("position").values_list("position", flat=True)) == list(range(1, 11))


def test_add_team_member_limit_comes_from_settings(entrant, owner):
    limits = RegistrationSettings.for_contest(entrant.contest)
    limits.team_max_members = 3
    limits.save()
    for n in range(3):
        add_team_member(entrant=entrant, by=owner, **member(name=f"成员{n}", phone=f"1380000{n:04d}"))
    with pytest.raises(ValidationError) as caught:
        add_team_member(entrant=entrant, by=owner, **member(name="第四人", phone="13900000004"))
    assert caught.value.code == "team_full"
    assert entrant.members.count() == 3


def test_team_member_eleventh_position_refused_by_database(entrant):
    with pytest.raises(IntegrityError), transaction.atomic():
        TeamMember.objects.create(
            entrant=entrant,
            contest=entrant.contest,
            position=11,
            name="甲",
            phone="+8613800000011",
            organisation="o",
            role="r",
        )


def test_add_team_member_phone_in_other_team_names_our_member_only(entrant, other_entrant, owner):
    TeamMemberFactory(entrant=other_entrant, name="王五", phone="+8613800138000", organisation="秘密公司")
    with pytest.raises(ValidationError) as caught:
        add_team_member(entrant=entrant, by=owner, **member(name="张三"))
    assert codes(caught.value, "phone") == ["phone_in_other_team"]
    message = caught.value.message_dict["phone"][0]
    assert "张三" in message
    for secret in ("王五", "秘密公司", other_entrant.name):
        assert secret not in message
    assert not entrant.members.exists()


def test_add_team_member_id_number_in_other_team_is_refused(entrant, other_entrant, owner, other_user):
    add_team_member(
        entrant=other_entrant, by=other_user, **member(name="王五", phone="13700000000", id_number=ID_NUMBER)
    )
    with pytest.raises(ValidationError) as caught:
        add_team_member(entrant=entrant, by=owner, **member(id_number=ID_NUMBER.lower()))
    assert codes(caught.value, "id_number") == ["id_number_in_other_team"]
    assert "张三" in caught.value.message_dict["id_number"][0]
    assert "王五" not in caught.value.message_dict["id_number"][0]


def test_add_team_member_same_phone_twice_in_own_team_is_refused(entrant, owner):
    add_team_member(entrant=entrant, by=owner, **member())
    with pytest.raises(ValidationError) as caught:
        add_team_member(entrant=entrant, by=owner, **member(name="李四"))
    assert codes(caught.value, "phone") == ["phone_in_same_team"]


def test_same_person_in_other_contest_is_accepted(entrant, owner):
    TeamMemberFactory(phone="+8613800138000", entrant__contest__is_current=False)  # a team of another edition
    add_team_member(entrant=entrant, by=owner, **member())
    assert entrant.members.count() == 1


def test_team_member_phone_unique_per_contest_in_database(entrant, other_entrant):
    TeamMemberFactory(entrant=entrant, phone="+8613800138000")
    with pytest.raises(IntegrityError), transaction.atomic():
        TeamMember.objects.create(
            entrant=other_entrant, contest=other_entrant.contest, position=1, name="甲",
            phone="+8613800138000", organisation="o", role="r",
        )  # fmt: skip


def test_team_member_id_number_key_unique_per_contest_in_database(entrant, other_entrant):
    TeamMemberFactory(entrant=entrant, id_number_key="a" * 64)
    TeamMemberFactory(entrant=entrant, id_number_key=None)
    TeamMemberFactory(entrant=other_entrant, id_number_key=None)  # NULL keys never collide
    with pytest.raises(IntegrityError), transaction.atomic():
        TeamMemberFactory(entrant=other_entrant, id_number_key="a" * 64)


@pytest.mark.django_db(transaction=True)
def test_add_team_member_losing_a_race_gets_the_same_message(entrant, other_entrant, owner):
    """Another request commits the same phone between our check and our insert: the constraint answers."""
    if connection.vendor != "postgresql":
        pytest.skip("needs two concurrent transactions (PostgreSQL)")

    def rival():
        try:
            TeamMember.objects.create(
                entrant=other_entrant, contest=other_entrant.contest, position=1,
                name="王五", phone="+8613800138000", organisation="o", role="r",
            )  # fmt: skip
        finally:
            connections.close_all()

    def insert_rival_first(sender, instance, **kwargs):
        if instance.entrant_id == entrant.pk:
            thread = threading.Thread(target=rival)
            thread.start()
            thread.join()

    pre_save.connect(insert_rival_first, sender=TeamMember)
    try:
        with pytest.raises(ValidationError) as caught:
            add_team_member(entrant=entrant, by=owner, **member())
    finally:
        pre_save.disconnect(insert_rival_first, sender=TeamMember)
    assert codes(caught.value, "phone") == ["phone_in_other_team"]
    assert "张三" in caught.value.message_dict["phone"][0]
    assert "王五" not in caught.value.message_dict["phone"][0]
    assert not entrant.members.exists()


def test_add_team_member_for_individual_is_refused(contest, owner):
    individual = EntrantFactory(contest=contest, user=owner, kind="individual")
    with pytest.raises(ValidationError) as caught:
        add_team_member(entrant=individual, by=owner, **member())
    assert caught.value.code == "individual_has_no_members"


def test_add_team_member_by_other_user_is_denied(entrant, other_user, organizer):
    for intruder in (other_user, organizer):
        with pytest.raises(PermissionDenied):
            add_team_member(entrant=entrant, by=intruder, **member())
    assert not entrant.members.exists()


def test_add_team_member_after_deadline_is_refused(entrant, owner):
    with pytest.raises(ValidationError) as caught:
        add_team_member(entrant=entrant, by=owner, now=timezone.now() + timedelta(days=31), **member())
    assert caught.value.code == "registration_closed"


def test_update_team_member_keeps_replaces_and_removes_id_number(entrant, owner):
    added = add_team_member(entrant=entrant, by=owner, **member(id_number=ID_NUMBER))
    kept = update_team_member(member=added, by=owner, **member(role="产品经理"))
    assert (kept.role, decrypt_id_number(kept.id_number_encrypted)) == ("产品经理", ID_NUMBER)
    removed = update_team_member(member=added, by=owner, id_number="", **member())
    removed.refresh_from_db()
    assert (removed.id_number_encrypted, removed.id_number_key) == ("", None)


def test_update_team_member_own_phone_unchanged_is_not_a_collision(entrant, owner):
    added = add_team_member(entrant=entrant, by=owner, **member())
    updated = update_team_member(member=added, by=owner, **member(name="张三丰"))
    assert updated.name == "张三丰"


def test_update_team_member_to_phone_of_other_team_is_refused(entrant, other_entrant, owner):
    TeamMemberFactory(entrant=other_entrant, phone="+8613900139001")
    added = add_team_member(entrant=entrant, by=owner, **member())
    with pytest.raises(ValidationError) as caught:
        update_team_member(member=added, by=owner, **member(phone="13900139001"))
    assert codes(caught.value, "phone") == ["phone_in_other_team"]
    added.refresh_from_db()
    assert added.phone == "+8613800138000"


def test_update_team_member_makes_new_leader(entrant, owner):
    first = add_team_member(entrant=entrant, by=owner, **member())
    second = add_team_member(entrant=entrant, by=owner, **member(name="李四", phone="13900139001"))
    update_team_member(member=second, by=owner, is_leader=True, **member(name="李四", phone="13900139001"))
    assert list(entrant.members.filter(is_leader=True).values_list("pk", flat=True)) == [second.pk]
    first.refresh_from_db()
    assert first.is_leader is False


def test_remove_team_member_leader_passes_leadership_and_frees_position(entrant, owner):
    first = add_team_member(entrant=entrant, by=owner, **member())
    second = add_team_member(entrant=entrant, by=owner, **member(name="李四", phone="13900139001"))
    remove_team_member(member=first, by=owner)
    second.refresh_from_db()
    assert second.is_leader is True
    again = add_team_member(entrant=entrant, by=owner, **member(name="王五", phone="13700137000"))
    assert again.position == 1


def test_remove_team_member_last_of_team_with_submitted_entry_is_refused(entrant, owner, track):
    added = add_team_member(entrant=entrant, by=owner, **member())
    EntryFactory(entrant=entrant, track=track, status="submitted", first_submitted_at=timezone.now())
    with pytest.raises(ValidationError) as caught:
        remove_team_member(member=added, by=owner)
    assert caught.value.code == "team_needs_member"
    assert entrant.members.count() == 1


def test_remove_team_member_by_other_user_is_denied(entrant, owner, other_user):
    added = add_team_member(entrant=entrant, by=owner, **member())
    with pytest.raises(PermissionDenied):
        remove_team_member(member=added, by=other_user)
    assert entrant.members.count() == 1
