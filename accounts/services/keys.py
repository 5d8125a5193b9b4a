"""Key rotation.

Two kinds of stored value depend on a key: Fernet tokens (FIELD_ENCRYPTION_KEY: ID card
numbers, the staff's TOTP keys) and keyed hashes (DJANGO_SECRET_KEY: the lookup key that stops
one person joining two teams). After the keys change (README, "Rotate keys"), `manage.py
rotate_keys` runs every rotation an app registered from its `AppConfig.ready()`.
"""

from __future__ import annotations

from collections.abc import Callable

from django.db import transaction

from ..field_crypto import rotate_text
from ..mfa import MFA_SALT, SECRET_FIELDS

_ROTATIONS: dict[str, Callable[[], int]] = {}


def register_key_rotation(name, rotate):
    """`rotate()` stores the app's keyed values again under the current keys, in one transaction,
    and returns how many rows it rewrote; it must be safe to run again at any time. Registering
    a name again replaces the earlier one."""
    _ROTATIONS[name] = rotate


def rotate_keys():
    """Run every registered rotation, in name order; returns {name: rows rewritten}."""
    return {name: _ROTATIONS[name]() for name in sorted(_ROTATIONS)}


@transaction.atomic
def rotate_mfa_secrets():
    """Encrypt every stored TOTP key and recovery seed again with the first Fernet key; returns
    the number of authenticators rewritten."""
    from allauth.mfa.models import Authenticator

    rewritten = 0
    for authenticator in Authenticator.objects.select_for_update().iterator():
        data = dict(authenticator.data)
        for field in SECRET_FIELDS:
            if data.get(field):
                data[field] = rotate_text(data[field], salt=MFA_SALT)
        if data.get("migrated_codes"):
            data["migrated_codes"] = [rotate_text(code, salt=MFA_SALT) for code in data["migrated_codes"]]
        if data != authenticator.data:
            authenticator.data = data
            authenticator.save(update_fields=["data"])
            rewritten += 1
    return rewritten
