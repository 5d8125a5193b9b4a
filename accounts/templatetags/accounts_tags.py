"""Template helpers of the account pages."""

from django import template

from ..models import account_name

register = template.Library()


register.filter("account_name", account_name)
