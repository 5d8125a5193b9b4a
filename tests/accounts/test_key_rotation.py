"""Staff second factors after FIELD_ENCRYPTION_KEY changes: `manage.py rotate_keys` stores the
TOTP keys under the new key, and a staff member signs in with the same app afterwards."""

from cryptography.fernet import Fernet
from django.core.management import call_command

from tests.factories import OrganizerUserFactory
from tests.helpers import activate_totp, login_with_totp

OLD_KEY, NEW_KEY = Fernet.generate_key().decode(), Fernet.generate_key().decode()


def test_a_rotated_totp_key_signs_in_with_the_new_key_alone(client, db, settings, capsys):
    settings.FIELD_ENCRYPTION_KEY = [OLD_KEY]
    organizer = OrganizerUserFactory()
    secret = activate_totp(organizer)

    settings.FIELD_ENCRYPTION_KEY = [NEW_KEY, OLD_KEY]
    call_command("rotate_keys")
    settings.FIELD_ENCRYPTION_KEY = [NEW_KEY]

    response = login_with_totp(client, organizer, "correct-horse", secret)
    assert response["Location"] == "/organize/"
    assert "accounts.mfa: 1 rows" in capsys.readouterr().out
