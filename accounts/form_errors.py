"""A service's refusal (a ValidationError) shown where the person looks: on the form they sent, or
as messages on the page they are sent back to. Every app's views use these two, so that a
refusal reads the same everywhere and no field name a form lacks is lost or crashes the page."""

from django.contrib import messages
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError


def apply_service_errors(form, exc, *, label=None):
    """Put `exc` on `form`: on a field the form has, else on top of the form, named by
    `label(field)` when given (a service may refuse a field this form does not show)."""
    if not hasattr(exc, "error_dict"):
        form.add_error(None, exc)
        return
    for field, errors in exc.error_dict.items():
        if field in form.fields:
            form.add_error(field, errors)
        elif field == NON_FIELD_ERRORS or label is None:
            form.add_error(None, errors)
        else:
            form.add_error(
                None, [ValidationError(f"{label(field)}: {text}") for text in ValidationError(errors).messages]
            )


def message_service_errors(request, exc):
    """Each message of `exc` as an error message of the next page."""
    for text in exc.messages:
        messages.error(request, text)
