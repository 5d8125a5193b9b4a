"""Verbs of the accounts app: limits on SMS codes, the personal-data export, account deletion,
key rotation.

Other apps plug into the export and the deletion through `register_personal_data()`, and into
key rotation through `register_key_rotation()`.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from importlib import import_module
from math import ceil
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.sessions.backends.db import SessionStore as DbSessionStore
from django.core.exceptions import ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.utils import timezone
from django.utils.crypto import get_random_string
from django.utils.timesince import timeuntil
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from . import limiter
from .field_crypto import rotate_text
from .mfa import MFA_SALT, SECRET_FIELDS
from .phone import normalize_phone

logger = logging.getLogger(__name__)

# --- SMS codes ----------------------------------------------------------------


class CodeRateLimited(ValidationError):
    """Sending one more code now would break a limit; `retry_at` says from when it would not."""

    def __init__(self, *, retry_at, now):
        self.retry_at = retry_at
        seconds = max(1, ceil((retry_at - now).total_seconds()))
        super().__init__(
            _("Too many codes have been requested. Please try again in %(wait)s."),
            code="code_rate_limited",
            params={"wait": format_wait(seconds, now=now)},
        )


def format_wait(seconds, *, now=None):
    """A waiting time for people: "45 seconds", "3 minutes", "1 hour, 5 minutes" (rounded up)."""
    if seconds < 60:
        return ngettext("%(num)d second", "%(num)d seconds", seconds) % {"num": seconds}
    now = now or timezone.now()
    # timeuntil() rounds down to whole minutes; round up so nobody comes back too early.
    return timeuntil(now + timedelta(minutes=ceil(seconds / 60)), now)


def _code_buckets(phone, ip):
    limits = settings.ACCOUNTS_CODE_LIMITS
    buckets = [
        limiter.RollingBucket(
            "code-phone", normalize_phone(phone), tuple(limiter.Rule(n, w) for n, w in limits["phone"])
        ),
        limiter.DailyBucket("code-all", limits["global_per_day"]),
    ]
    if ip:
        buckets.append(
            limiter.RollingBucket("code-ip", limiter.network_of(ip), tuple(limiter.Rule(n, w) for n, w in limits["ip"]))
        )
    return buckets


def check_code_rate(*, phone, ip, now=None):
    """Raise `CodeRateLimited` if one more SMS code to `phone`, asked from `ip`, would break a limit.

    Records nothing (see `consume_code_rate`). The limits (settings.ACCOUNTS_CODE_LIMITS)
    mirror what the SMS providers enforce per number — 1 a minute, 5 an hour, 10 a day on
    rolling windows — plus a per-IP limit and a daily cap for the whole portal. They count
    every code to a number, whatever it is for (sign-in, vote), because the provider does.
    """
    now = now or timezone.now()
    decision = limiter.take(_code_buckets(phone, ip), now=now, record=False)
    if not decision.allowed:
        raise CodeRateLimited(retry_at=decision.retry_at, now=now)


def consume_code_rate(*, phone, ip, now=None):
    """Count one SMS code to `phone` asked from `ip`, or raise `CodeRateLimited` and count nothing.

    Call it before queueing the message; check and count are one atomic step, so two
    concurrent requests cannot both take the last slot. A code refused here must not be sent.
    """
    now = now or timezone.now()
    decision = limiter.take(_code_buckets(phone, ip), now=now)
    if not decision.allowed:
        raise CodeRateLimited(retry_at=decision.retry_at, now=now)


# --- Personal data ------------------------------------------------------------


@dataclass(frozen=True)
class PersonalDataSection:
    name: str
    export: Callable[[Any], Any] | None
    erase: Callable[[Any], None] | None


_SECTIONS: dict[str, PersonalDataSection] = {}


def register_personal_data(name, *, export=None, erase=None):
    """Add what an app holds about a person to "download my data" and to "delete my account".

    Call it from the app's `AppConfig.ready()`::

        from accounts.services import register_personal_data
        from .services.personal_data import erase_personal_data, export_personal_data

        register_personal_data("registration", export=export_personal_data, erase=erase_personal_data)

    (registration/apps.py does exactly this; notifications and voting register theirs too.)

    - `export(user)` returns JSON-serialisable data (dates and Decimals are fine); it
      appears in the download under `sections[name]`. Return only the user's own rows.
    - `erase(user)` removes or anonymises the app's personal data about `user`. It runs
      inside `delete_account()`'s transaction, before the user row is anonymised (so
      `user.phone` and `user.email` are still there to search by); an exception aborts
      the whole deletion. Rows that must outlive the account (submitted entries, scores)
      keep pointing at the user row, which stays as a pseudonymous, inactive account.

    Registering a name again replaces the earlier registration.
    """
    _SECTIONS[name] = PersonalDataSection(name=name, export=export, erase=erase)


def unregister_personal_data(name):
    _SECTIONS.pop(name, None)


def personal_data_sections():
    return list(_SECTIONS.values())


def export_personal_data(*, user):
    """Everything the portal holds about `user`, as a JSON-serialisable dict. Changes nothing."""
    from allauth.account.models import EmailAddress
    from allauth.mfa.models import Authenticator

    data = {
        "generated_at": timezone.now(),
        "account": {
            "username": user.username,
            "display_name": user.display_name,
            "first_name": user.first_name,
            "last_name": user.last_name,
            "phone": user.phone,
            "phone_verified": user.phone_verified,
            "email": user.email,
            "date_joined": user.date_joined,
            "last_login": user.last_login,
            "is_active": user.is_active,
            "is_staff": user.is_staff,
            "has_password": user.has_usable_password(),
        },
        "email_addresses": [
            {"email": address.email, "verified": address.verified, "primary": address.primary}
            for address in EmailAddress.objects.filter(user=user).order_by("email")
        ],
        "groups": sorted(user.groups.values_list("name", flat=True)),
        # Which factors exist and when they were used; never their secrets.
        "mfa": [
            {"type": auth.type, "created_at": auth.created_at, "last_used_at": auth.last_used_at}
            for auth in Authenticator.objects.filter(user=user).order_by("type")
        ],
        "sections": {
            section.name: section.export(user) for section in personal_data_sections() if section.export is not None
        },
    }
    # Round-trip now, so that an exporter returning something JSON cannot hold fails here, not mid-download.
    return json.loads(json.dumps(data, cls=DjangoJSONEncoder))


def pseudonym():
    return f"deleted-{get_random_string(12, 'abcdefghijkmnpqrstuvwxyz23456789')}"


def delete_account(*, user):
    """Remove or anonymise everything about `user`; the row stays as an inactive pseudonym.

    Runs every registered eraser, then deletes the user's email addresses, MFA factors and
    sessions, clears phone, email and names, replaces the username with a pseudonym, makes
    the password unusable and deactivates the account. Rows of other apps that point at the
    user (submitted entries) keep pointing at the pseudonymous row. One transaction.
    Raises ValidationError for a superuser: another administrator removes those in the admin.
    """
    from allauth.account.models import EmailAddress
    from allauth.mfa.models import Authenticator
    from django.contrib.admin.models import LogEntry
    from django.contrib.contenttypes.models import ContentType

    if user.is_superuser:
        raise ValidationError(
            _("A superuser account cannot delete itself; ask another administrator."), code="superuser"
        )
    with transaction.atomic():
        for section in personal_data_sections():
            if section.erase is not None:
                section.erase(user)
        phone = user.phone
        EmailAddress.objects.filter(user=user).delete()
        Authenticator.objects.filter(user=user).delete()
        new_name = pseudonym()
        # The admin's history shows the user's name as it was at each change.
        LogEntry.objects.filter(
            content_type=ContentType.objects.get_for_model(get_user_model()), object_id=str(user.pk)
        ).update(object_repr=new_name)
        user.username = new_name
        user.phone = None
        user.phone_verified = False
        user.email = ""
        user.first_name = ""
        user.last_name = ""
        user.display_name = ""
        user.is_active = False
        user.is_staff = False
        user.set_unusable_password()
        fields = ["username", "phone", "phone_verified", "email", "first_name", "last_name", "display_name"]
        user.save(update_fields=[*fields, "is_active", "is_staff", "password"])
        user.groups.clear()
        user.user_permissions.clear()
        _end_sessions(user, phone)
    logger.info("account %s deleted and anonymised", user.pk)


def _end_sessions(user, phone):
    """Delete the user's sessions, and any half-finished sign-in that still carries the phone.

    Only the database session store can be searched; other stores lose them on expiry.
    """
    engine = import_module(settings.SESSION_ENGINE)
    store = engine.SessionStore
    if not issubclass(store, DbSessionStore):
        return
    user_id = str(user.pk)
    doomed = []
    for session in store.get_model_class().objects.filter(expire_date__gt=timezone.now()).iterator():
        decoded = session.get_decoded()
        if decoded.get("_auth_user_id") == user_id or (
            phone and phone in json.dumps(decoded, cls=DjangoJSONEncoder, default=str)
        ):
            doomed.append(session.session_key)
    store.get_model_class().objects.filter(session_key__in=doomed).delete()


# --- Key rotation --------------------------------------------------------------
#
# Two kinds of stored value depend on a key: Fernet tokens (FIELD_ENCRYPTION_KEY: ID card
# numbers, the staff's TOTP keys) and keyed hashes (DJANGO_SECRET_KEY: the lookup key that stops
# one person joining two teams). After the keys change (README, "Rotate keys"), `manage.py
# rotate_keys` runs every rotation an app registered from its `AppConfig.ready()`.

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
