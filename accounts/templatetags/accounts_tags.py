"""Template helpers of the account pages."""

from django import template
from django.conf import settings
from django.urls import reverse

from ..middleware import MFA_NEXT_SESSION_KEY
from ..models import account_name
from ..phone import mask_phone
from ..rules import is_judge, is_organizer

register = template.Library()


register.filter("account_name", account_name)


@register.simple_tag(takes_context=True)
def onward_url(context):
    """Where a staff member goes after the TOTP set-up: the page that asked for it, else their area."""
    request = context["request"]
    saved = request.session.get(MFA_NEXT_SESSION_KEY)
    if saved and saved.startswith("/") and not saved.startswith("//"):
        return saved
    user = request.user
    if is_organizer(user):
        return "/organize/"
    if is_judge(user):
        return "/judge/"
    return reverse("accounts:overview")


register.filter("masked_phone", mask_phone)


@register.simple_tag
def sms_code_minutes():
    """How long an SMS code stays valid, in whole minutes, as the code SMS itself says."""
    return settings.ACCOUNTS_CODE_VALIDITY // 60
