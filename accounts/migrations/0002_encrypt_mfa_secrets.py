"""Encrypt the TOTP keys and recovery seeds that allauth stored in clear before MFA_ADAPTER was set."""

from django.db import migrations

from accounts.field_crypto import decrypt_text, encrypt_text, is_encrypted
from accounts.mfa import MFA_SALT

# The fields of Authenticator.data that allauth passes through the adapter.
SECRET_FIELDS = ("secret", "seed")


def _convert(apps, convert, needs):
    Authenticator = apps.get_model("mfa", "Authenticator")
    for authenticator in Authenticator.objects.iterator():
        data = dict(authenticator.data)
        changed = False
        for field in SECRET_FIELDS:
            if field in data and needs(data[field]):
                data[field] = convert(data[field], salt=MFA_SALT)
                changed = True
        codes = data.get("migrated_codes")
        if codes and any(needs(code) for code in codes):
            data["migrated_codes"] = [convert(code, salt=MFA_SALT) if needs(code) else code for code in codes]
            changed = True
        if changed:
            authenticator.data = data
            authenticator.save(update_fields=["data"])


def encrypt_secrets(apps, schema_editor):
    _convert(apps, encrypt_text, lambda value: not is_encrypted(value))


def decrypt_secrets(apps, schema_editor):
    _convert(apps, decrypt_text, is_encrypted)


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0001_initial"),
        ("mfa", "0003_authenticator_type_uniq"),
    ]

    operations = [migrations.RunPython(encrypt_secrets, decrypt_secrets)]
