"""Template filters of the policy support pages."""

from django import template

from .. import eligibility

register = template.Library()


@register.filter
def yuan(amount):
    """¥200,000 for an amount; a dash for a limit the policy does not set."""
    return "—" if amount is None else eligibility.yuan(amount)
