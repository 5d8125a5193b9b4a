"""Secrets stored encrypted in the database (Fernet: AES-128-CBC with an HMAC).

Keys: FIELD_ENCRYPTION_KEY holds one or more Fernet keys separated by commas; the first
encrypts, all of them decrypt, so a key is rotated by putting the new one first. Until it is
set (development), a key derived from SECRET_KEY and the caller's salt is used. Each kind of
secret names its own salt, which is part of every stored token of that kind. Once a new key
is first, `manage.py rotate_keys` encrypts every stored token again with it, after which the
old keys can go.
"""

import base64

from cryptography.fernet import Fernet, MultiFernet
from django.conf import settings
from django.utils.crypto import salted_hmac

# Every Fernet token starts with its version byte 0x80, base64-encoded as "gAAAAA".
_FERNET_PREFIX = "gAAAAA"


def _keys(salt):
    configured = settings.FIELD_ENCRYPTION_KEY
    if configured:
        if isinstance(configured, str):
            configured = configured.split(",")
        return [key.strip() for key in configured if key.strip()]
    derived = salted_hmac(salt, "", algorithm="sha256").digest()
    return [base64.urlsafe_b64encode(derived).decode()]


def cipher(salt):
    return MultiFernet([Fernet(key) for key in _keys(salt)])


def encrypt_text(text, *, salt):
    """The token stored for `text` ("" for none)."""
    if not text:
        return ""
    return cipher(salt).encrypt(text.encode()).decode()


def decrypt_text(token, *, salt):
    """The clear text of a stored token ("" for none); raises InvalidToken with a wrong key."""
    if not token:
        return ""
    return cipher(salt).decrypt(token.encode()).decode()


def rotate_text(token, *, salt):
    """`token` encrypted again with the first key; any of the keys may have encrypted it."""
    if not token:
        return token
    return cipher(salt).rotate(token.encode()).decode()


def is_encrypted(value):
    return isinstance(value, str) and value.startswith(_FERNET_PREFIX)
