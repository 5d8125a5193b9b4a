import re
from decimal import Decimal

from django import template
from django.utils.translation import ngettext

register = template.Library()

_BLANK_LINES = re.compile(r"\n\s*\n")


@register.filter
def tr(obj, field):
    """`{{ track|tr:"name" }}`: the English variant of a field when the page is in English and it is filled in."""
    return obj.tr(field)


@register.filter
def paragraphs(text):
    """Split organizer-typed text on blank lines, so templates can wrap each paragraph in <p>."""
    return [part.strip() for part in _BLANK_LINES.split(text or "") if part.strip()]


@register.filter
def remaining(at, now):
    """`{{ deadline.at|remaining:now }}`: whole days and an HH:MM:SS clock, the text countdown.js keeps ticking."""
    seconds = max(0, int((at - now).total_seconds()))
    days, rest = divmod(seconds, 86400)
    clock = f"{rest // 3600:02d}:{rest % 3600 // 60:02d}:{rest % 60:02d}"
    return ngettext("%(days)d day %(clock)s", "%(days)d days %(clock)s", days) % {"days": days, "clock": clock}


@register.filter
def yuan(amount):
    """An amount of CNY as the contest's plan writes it, in every language: ¥500,000 (¥0.50 for cents).

    The Chinese locale groups no digits, and a prize of ¥500000 is hard to read at a glance.
    """
    if amount is None or amount == "":
        return ""
    value = Decimal(amount)
    return f"¥{value:,.0f}" if value == value.to_integral_value() else f"¥{value:,.2f}"
