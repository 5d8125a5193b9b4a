"""Who is who: role predicates shared by every app (the `rules` package)."""

import rules
from allauth.mfa.models import Authenticator
from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from .roles import JUDGES, ORGANIZERS


@rules.predicate
def is_organizer(user):
    return user.is_authenticated and (user.is_superuser or user.groups.filter(name=ORGANIZERS).exists())


@rules.predicate
def is_judge(user):
    return user.is_authenticated and user.groups.filter(name=JUDGES).exists()


@rules.predicate
def needs_mfa(user):
    """Staff of any kind must sign in with an authenticator app (TOTP)."""
    return user.is_authenticated and (
        user.is_superuser or user.is_staff or user.groups.filter(name__in=[ORGANIZERS, JUDGES]).exists()
    )


@rules.predicate
def has_totp(user):
    return user.is_authenticated and Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()


@rules.predicate
def can_delete_own_account(user):
    # Removing the last administrator from a self-service page would lock everyone out.
    return user.is_authenticated and not user.is_superuser


def require_organizer(by):
    """Refuse an organizer's verb to anyone else: services of every app check this first."""
    if by is None or not is_organizer(by):
        raise PermissionDenied(_("Only organizers can do this."))
