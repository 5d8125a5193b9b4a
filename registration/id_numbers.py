"""Protection of the ID card numbers of team members.

The number is stored encrypted (Fernet: AES-128-CBC with an HMAC) so that a leaked dump or
backup does not leak it, and as a keyed hash (HMAC-SHA256) so that the database can refuse
the same person in two teams without ever comparing clear numbers.

Keys: FIELD_ENCRYPTION_KEY holds one or more Fernet keys separated by commas; the first
encrypts, all of them decrypt, so a key can be rotated by putting the new one first. Until
it is set, a key derived from SECRET_KEY is used. The hash key is always derived from
SECRET_KEY: after SECRET_KEY changes, `manage.py rotate_keys` recomputes `id_number_key`.
"""

from django.utils.crypto import salted_hmac

from accounts.field_crypto import decrypt_text, encrypt_text, rotate_text

# The salts name the module's former path: they are part of every stored token and hash,
# so they stay as they are.
_ENCRYPTION_SALT = "registration.personal_data.id_number.encryption"
_LOOKUP_SALT = "registration.personal_data.id_number.lookup"


def encrypt_id_number(number):
    """The token stored for a normalised ID number ("" for none)."""
    return encrypt_text(number, salt=_ENCRYPTION_SALT)


def decrypt_id_number(token):
    """The clear ID number of a stored token ("" for none); raises InvalidToken with a wrong key."""
    return decrypt_text(token, salt=_ENCRYPTION_SALT)


def rotate_id_number(token):
    """The token encrypted again with the first key."""
    return rotate_text(token, salt=_ENCRYPTION_SALT)


def id_number_lookup_key(number):
    """The keyed hash of a normalised ID number that the uniqueness constraint compares (None for none)."""
    if not number:
        return None
    return salted_hmac(_LOOKUP_SALT, number, algorithm="sha256").hexdigest()


def mask_id_number(number):
    """First six (region) and last four characters: 110105********002X."""
    if not number:
        return ""
    return f"{number[:6]}{'*' * (len(number) - 10)}{number[-4:]}"
