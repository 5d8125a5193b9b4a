"""Template helpers of the account pages."""

from django import template

from ..phone import mask_phone

register = template.Library()


@register.filter
def account_name(user):
    """How a page names an account to its owner.

    allauth names it by its username, which for a phone sign-up is a random handle the
    person never saw; the name they gave, or else their own (masked) number, means something.
    """
    return user.display_name or user.get_full_name() or mask_phone(user.phone) or user.username
