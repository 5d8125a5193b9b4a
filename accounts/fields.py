"""Model fields that every app's tables share.

`actor_field` is the column that records who did something (decided, uploaded, published). The
record outlives the person's account: deleting the account empties the column rather than the
row, and no reverse accessor is added to the user for each of these columns.
"""

from django.conf import settings
from django.db import models


def actor_field(verbose_name=None, **options):
    return models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=verbose_name,
        **{"blank": True, **options},
    )
