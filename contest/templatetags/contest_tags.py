import re

from django import template

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
