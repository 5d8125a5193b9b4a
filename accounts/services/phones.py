"""A phone number proven by a code.

allauth asks the adapter to mark a number verified once its owner typed the code sent to it;
the rule about what that proof undoes lives here, apart from allauth.
"""

from __future__ import annotations

import logging

from ..phone import normalize_phone

logger = logging.getLogger(__name__)


def verify_phone(*, user, phone, signed_in_by_code):
    """Store `phone` as `user`'s number, verified; saves the user.

    When the number was already the user's but never verified, and `signed_in_by_code` says the
    person just proved it by signing in with a code, a usable password is made unusable too.
    Raises ValidationError for a number that is not a mainland mobile number.
    """
    phone = normalize_phone(phone)
    fields = ["phone", "phone_verified"]
    claims_unverified_phone = user.phone == phone and not user.phone_verified and signed_in_by_code
    if claims_unverified_phone and user.has_usable_password():
        # Whoever set this password never proved they hold the number (it was never
        # verified); the person who just did, by a code, may be someone else. Keeping
        # the password would let the first one back into the second one's account.
        user.set_unusable_password()
        fields.append("password")
        logger.info("account %s: phone verified by a sign-in code; the unproven password was removed", user.pk)
    user.phone = phone
    user.phone_verified = True
    user.save(update_fields=fields)
