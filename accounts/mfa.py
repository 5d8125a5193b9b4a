"""allauth's MFA secrets (the TOTP key, the recovery codes' seed) encrypted at rest.

allauth stores them in `Authenticator.data` and passes every one through its adapter's
`encrypt`/`decrypt`, which by default keep them in clear: a leaked dump or backup would
hand out every staff member's second factor. Migration 0002 encrypts the ones stored before.
"""

from allauth.mfa.adapter import DefaultMFAAdapter

from .field_crypto import decrypt_text, encrypt_text

MFA_SALT = "accounts.mfa.secret"
# The fields of Authenticator.data that allauth passes through the adapter.
SECRET_FIELDS = ("secret", "seed")


class MfaAdapter(DefaultMFAAdapter):
    def encrypt(self, text):
        return encrypt_text(text, salt=MFA_SALT)

    def decrypt(self, encrypted_text):
        return decrypt_text(encrypted_text, salt=MFA_SALT)
