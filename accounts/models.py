from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _

from .phone import mask_phone


class User(AbstractUser):
    """A person using the portal; reached first of all by a mainland mobile number."""

    # E.164 ("+8613800138000"); NULL rather than "" so that the unique constraint
    # ignores accounts that have no phone yet (organizers created in the admin).
    phone = models.CharField(_("mobile number"), max_length=20, unique=True, null=True, blank=True)
    phone_verified = models.BooleanField(_("mobile number verified"), default=False)
    email = models.EmailField(_("email address"), blank=True)
    display_name = models.CharField(_("display name"), max_length=100, blank=True)

    class Meta(AbstractUser.Meta):
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self):
        # Lists, histories and logs name a person as they know themselves, never by the
        # random username a phone sign-up gets.
        return account_name(self)


def account_name(user):
    """How a page names an account to its owner (allauth's ACCOUNT_USER_DISPLAY too).

    A phone sign-up gets a random username the person never saw; the name they gave, or
    else their own masked number, means something to them.
    """
    return user.display_name or user.get_full_name() or mask_phone(user.phone) or user.username
