"""Free text with a limit that suits it: in the form, in the model and in the database.

`limited_text(verbose_name, limit, ...)` is a TextField whose form field carries `maxlength`
(the live counter of `static/js/counter.js` reads it) and whose model validation refuses
more; `length_checks(prefix, ...)` are the check constraints that make the database refuse it
too, whoever writes (a service, the admin, a bulk update). Every app's models use both; a
layout test finds any free-text field left without them.
"""

from django.core.validators import MaxLengthValidator
from django.db import models
from django.db.models.functions import Length
from django.db.models.lookups import LessThanOrEqual


def limited_text(verbose_name, limit, **options):
    return models.TextField(verbose_name, max_length=limit, validators=[MaxLengthValidator(limit)], **options)


def length_checks(prefix, **limits):
    """One check constraint `<prefix>_<field>_length` per field: its length at most its limit."""
    return [
        models.CheckConstraint(condition=LessThanOrEqual(Length(name), limit), name=f"{prefix}_{name}_length")
        for name, limit in limits.items()
    ]
