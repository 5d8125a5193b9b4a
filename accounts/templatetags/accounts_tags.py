"""Template helpers of the account pages."""

from django import template
from django.conf import settings

from ..models import account_name
from ..phone import mask_phone

register = template.Library()


register.filter("account_name", account_name)
register.filter("masked_phone", mask_phone)


@register.simple_tag
def sms_code_minutes():
    """How long an SMS code stays valid, in whole minutes, as the code SMS itself says."""
    return settings.ACCOUNTS_CODE_VALIDITY // 60
