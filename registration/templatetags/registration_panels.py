"""`{% dashboard_panels %}`: the panels later stages registered for the entrant's dashboard."""

from django import template
from django.utils.safestring import mark_safe

from ..panels import dashboard_panels as registered_panels

register = template.Library()


@register.simple_tag(takes_context=True)
def dashboard_panels(context):
    request = context["request"]
    # Each panel is rendered from its app's own template, so its HTML is already escaped.
    html = registered_panels(request, contest=context.get("contest"), entrant=context.get("entrant"))
    return mark_safe("\n".join(html))  # noqa: S308
