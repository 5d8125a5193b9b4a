import pytest
from cryptography.fernet import Fernet, InvalidToken

from registration.id_numbers import decrypt_id_number, encrypt_id_number, id_number_lookup_key, mask_id_number

NUMBER = "11010519491231002X"


def test_encryption_round_trip_without_configured_key(settings):
    settings.FIELD_ENCRYPTION_KEY = None
    token = encrypt_id_number(NUMBER)
    assert NUMBER not in token
    assert decrypt_id_number(token) == NUMBER
    assert encrypt_id_number(NUMBER) != token  # a fresh IV each time: equal numbers do not look equal


def test_encryption_uses_configured_key_and_supports_rotation(settings):
    old, new = Fernet.generate_key().decode(), Fernet.generate_key().decode()
    settings.FIELD_ENCRYPTION_KEY = old
    token = encrypt_id_number(NUMBER)
    assert Fernet(old.encode()).decrypt(token.encode()).decode() == NUMBER
    settings.FIELD_ENCRYPTION_KEY = f"{new},{old}"
    assert decrypt_id_number(token) == NUMBER
    assert Fernet(new.encode()).decrypt(encrypt_id_number(NUMBER).encode()).decode() == NUMBER
    settings.FIELD_ENCRYPTION_KEY = new
    with pytest.raises(InvalidToken):
        decrypt_id_number(token)


def test_lookup_key_is_stable_keyed_and_null_for_none(settings):
    assert id_number_lookup_key(NUMBER) == id_number_lookup_key(NUMBER)
    assert id_number_lookup_key("") is None
    first = id_number_lookup_key(NUMBER)
    settings.SECRET_KEY = "another-secret-key-for-this-test-only-0123456789"
    assert id_number_lookup_key(NUMBER) != first


def test_empty_values_stay_empty():
    assert (encrypt_id_number(""), decrypt_id_number(""), mask_id_number("")) == ("", "", "")
    assert mask_id_number(NUMBER) == "110105********002X"
