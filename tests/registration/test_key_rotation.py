"""ID numbers after the keys change: `manage.py rotate_keys` stores them under the new keys, and
one person still cannot join two teams."""

import pytest
from cryptography.fernet import Fernet, InvalidToken
from django.core.exceptions import ValidationError
from django.core.management import call_command

from registration.id_numbers import decrypt_id_number
from registration.services import add_team_member

ID_NUMBER = "11010519491231002X"
OLD_SECRET, NEW_SECRET = "old-secret-" + "k" * 50, "new-secret-" + "k" * 50
OLD_KEY, NEW_KEY = Fernet.generate_key().decode(), Fernet.generate_key().decode()


def member(**overrides):
    return {"name": "张三", "phone": "138 0013 8000", "organisation": "河北大学", "role": "队长", **overrides}


@pytest.fixture
def stored_under_old_keys(settings, other_entrant, other_user):
    settings.SECRET_KEY, settings.FIELD_ENCRYPTION_KEY = OLD_SECRET, [OLD_KEY]
    return add_team_member(
        entrant=other_entrant, by=other_user, **member(name="王五", phone="13700000000", id_number=ID_NUMBER)
    )


def rotate(settings):
    """What README's rotation says: the new keys first, the old ones kept until rotate_keys ran."""
    settings.SECRET_KEY, settings.SECRET_KEY_FALLBACKS = NEW_SECRET, [OLD_SECRET]
    settings.FIELD_ENCRYPTION_KEY = [NEW_KEY, OLD_KEY]


def test_after_rotation_the_old_keys_can_go_and_the_number_still_reads(settings, stored_under_old_keys, capsys):
    rotate(settings)
    call_command("rotate_keys")
    settings.SECRET_KEY_FALLBACKS, settings.FIELD_ENCRYPTION_KEY = [], [NEW_KEY]

    stored_under_old_keys.refresh_from_db()
    assert decrypt_id_number(stored_under_old_keys.id_number_encrypted) == ID_NUMBER
    assert "registration.id_numbers: 1 rows" in capsys.readouterr().out


def test_after_rotation_the_same_person_is_still_refused_in_a_second_team(
    settings, stored_under_old_keys, entrant, owner
):
    rotate(settings)
    call_command("rotate_keys")

    with pytest.raises(ValidationError) as caught:
        add_team_member(entrant=entrant, by=owner, **member(id_number=ID_NUMBER))
    assert [error.code for error in caught.value.error_dict["id_number"]] == ["id_number_in_other_team"]


def test_without_rotation_the_new_key_alone_cannot_read_the_number(settings, stored_under_old_keys):
    settings.FIELD_ENCRYPTION_KEY = [NEW_KEY]

    with pytest.raises(InvalidToken):
        decrypt_id_number(stored_under_old_keys.id_number_encrypted)
