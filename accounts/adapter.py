"""How allauth stores phone numbers and sends codes here.

allauth keeps no phone numbers of its own: it asks this adapter to store them on
`accounts.User` (E.164, unique) and to send codes, which go through the SMS outbox
(registered in `accounts.code_sms` by the notifications app) after passing the code limits of
`accounts.services.consume_code_rate`.

Code limits are checked in the forms that lead to a code (sign-up, request a sign-in code,
change phone), so that a refusal shows on the form with the time to come back; the form
*reserves* the slot for its request and the adapter spends the reservation when allauth
asks it to send. A path without such a form (a code to re-authenticate, for a signed-in
user) consumes the limit here and, when refused, sends nothing and says why in a message.
"""

from __future__ import annotations

import time

from allauth.account import app_settings as account_settings
from allauth.account.adapter import DefaultAccountAdapter
from allauth.account.authentication import get_authentication_records
from allauth.core import context
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils.crypto import get_random_string
from django.utils.translation import gettext_lazy as _

from .code_sms import send_code_sms
from .forms import MainlandPhoneField
from .phone import normalize_phone
from .rules import is_judge, is_organizer
from .services import CodeRateLimited, consume_code_rate, verify_phone

_RESERVED_ATTR = "_accounts_code_reserved"
_USERNAME_ALPHABET = "abcdefghijkmnpqrstuvwxyz23456789"


class AccountAdapter(DefaultAccountAdapter):
    error_messages = {
        **DefaultAccountAdapter.error_messages,
        # allauth's "Incorrect code." reads as "error code" in Chinese, and says nothing of what to do.
        "incorrect_code": _("The verification code is incorrect: enter it again or request a new one."),
    }

    # --- Phone storage --------------------------------------------------------

    def phone_form_field(self, **kwargs):
        return MainlandPhoneField(**kwargs)

    def clean_phone(self, phone):
        return normalize_phone(phone)

    def get_phone(self, user):
        if not user.phone:
            return None
        return user.phone, user.phone_verified

    def set_phone(self, user, phone, verified):
        user.phone = normalize_phone(phone)
        user.phone_verified = verified
        user.save(update_fields=["phone", "phone_verified"])

    def set_phone_verified(self, user, phone):
        verify_phone(user=user, phone=phone, signed_in_by_code=_last_signed_in_by_code(context.request, user))

    def get_user_by_phone(self, phone):
        try:
            phone = normalize_phone(phone)
        except ValidationError:
            return None
        return get_user_model().objects.filter(phone=phone).first()

    # --- Sending codes ---------------------------------------------------------

    def reserve_code(self, phone):
        """Count one code to `phone` for this request, or raise `CodeRateLimited` (used by forms)."""
        request = context.request
        consume_code_rate(phone=phone, ip=self.get_client_ip(request))
        reserved = request.__dict__.setdefault(_RESERVED_ATTR, set())
        reserved.add(normalize_phone(phone))

    def _spend_code(self, phone):
        """True if a code may go to `phone` now; the form's reservation is spent first."""
        request = context.request
        phone = normalize_phone(phone)
        reserved = request.__dict__.get(_RESERVED_ATTR, set())
        if phone in reserved:
            reserved.discard(phone)
            return True
        try:
            consume_code_rate(phone=phone, ip=self.get_client_ip(request))
        except CodeRateLimited as exc:
            self.add_message(request, messages.ERROR, message=exc.messages[0])
            return False
        return True

    def send_verification_code_sms(self, user, phone, code, **kwargs):
        if not self._spend_code(phone):
            return
        send_code_sms(phone=phone, code=code, minutes=settings.ACCOUNTS_CODE_VALIDITY // 60)

    # Mainland providers deliver only pre-approved templates, and the portal has one for
    # accounts (the code). A number without an account, or signing up twice, gets no SMS;
    # the limit is still spent so that the answer on screen is the same in every case.

    def send_unknown_account_sms(self, phone, **kwargs):
        self._spend_code(phone)

    def send_account_already_exists_sms(self, phone):
        self._spend_code(phone)

    # --- Where a sign-in lands ------------------------------------------------------

    def get_login_redirect_url(self, request):
        # Staff land on their own home; a `next` the sign-in carried still wins (allauth asks
        # this only without one). Entrants keep the site's landing.
        user = request.user
        if is_organizer(user):
            return reverse("contest:organize:home")
        if is_judge(user):
            return reverse("judging:judge:dashboard")
        return super().get_login_redirect_url(request)

    # --- Re-authentication ------------------------------------------------------
    def is_reauthentication_required(self, *, app, **kwargs):
        # Staff are sent to set up TOTP right after signing in; allauth counts only an
        # explicit re-authentication as recent, and would ask for the password again. A
        # sign-in within the same window proves the same, for the MFA pages only (a new
        # phone number still asks for a fresh proof).
        required = super().is_reauthentication_required(app=app, **kwargs)
        if required and app == "allauth.mfa" and _signed_in_recently(context.request):
            return False
        return required

    # --- Usernames and failed sign-ins ---------------------------------------------

    def populate_username(self, request, user):
        # A random handle rather than one made from the email: usernames show in lists.
        if user.username:
            return
        User = get_user_model()
        while True:
            candidate = f"u{get_random_string(10, _USERNAME_ALPHABET)}"
            if not User.objects.filter(username=candidate).exists():
                user.username = candidate
                return

    def _get_login_attempts_cache_key(self, request, **credentials):
        # allauth counts failed sign-ins per login string; one account can be reached by its
        # number written several ways and by its username, so count per account instead.
        # An unknown login is counted by its own text, which refuses it just the same.
        phone = credentials.get("phone")
        username = credentials.get("username")
        user = self.get_user_by_phone(phone) if phone else None
        if user is None and username:
            user = get_user_model().objects.filter(username=username).first()
        if user is not None:
            return f"user:{user.pk}"
        return f"login:{(phone or username or credentials.get('email') or '').lower()}"


def _signed_in_recently(request):
    if request is None or not request.user.is_authenticated:
        return False
    records = get_authentication_records(request, request.user)
    return any(time.time() - record["at"] < account_settings.REAUTHENTICATION_TIMEOUT for record in records)


def _last_signed_in_by_code(request, user):
    records = get_authentication_records(request, user)
    return bool(records) and records[-1].get("method") == "code"
