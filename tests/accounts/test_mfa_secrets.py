"""TOTP keys and recovery seeds are stored encrypted with the field encryption key."""

import importlib

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.totp.internal.auth import TOTP
from django.apps import apps

from tests.factories import OrganizerUserFactory
from tests.helpers import activate_totp, totp_code

pytestmark = pytest.mark.django_db

migration = importlib.import_module("accounts.migrations.0002_encrypt_mfa_secrets")


def test_a_new_totp_key_is_not_stored_in_clear():
    organizer = OrganizerUserFactory()
    secret = activate_totp(organizer)

    stored = Authenticator.objects.get(user=organizer, type=Authenticator.Type.TOTP).data["secret"]

    assert secret not in stored
    assert stored.startswith("gAAAAA")
    assert TOTP(Authenticator.objects.get(user=organizer, type=Authenticator.Type.TOTP)).validate_code(
        totp_code(secret)
    )


def test_a_key_in_clear_from_before_is_encrypted_by_the_migration_and_still_works():
    organizer = OrganizerUserFactory()
    secret = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"
    totp = Authenticator.objects.create(user=organizer, type=Authenticator.Type.TOTP, data={"secret": secret})
    codes = Authenticator.objects.create(
        user=organizer, type=Authenticator.Type.RECOVERY_CODES, data={"seed": "ab" * 40, "used_mask": 0}
    )

    migration.encrypt_secrets(apps, None)
    migration.encrypt_secrets(apps, None)  # a second run changes nothing

    totp.refresh_from_db()
    codes.refresh_from_db()
    assert totp.data["secret"].startswith("gAAAAA")
    assert codes.data["seed"].startswith("gAAAAA")
    assert TOTP(totp).validate_code(totp_code(secret))
    assert len(RecoveryCodes(codes).get_unused_codes()) == 10

    migration.decrypt_secrets(apps, None)
    totp.refresh_from_db()
    assert totp.data["secret"] == secret
