"""The personal-data export ("download my data") and account deletion.

Other apps plug into both through `register_personal_data()`.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable
from dataclasses import dataclass
from importlib import import_module
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.sessions.backends.db import SessionStore as DbSessionStore
from django.core.exceptions import ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.utils import timezone
from django.utils.crypto import get_random_string
from django.utils.translation import gettext_lazy as _

logger = logging.getLogger(__name__)


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
