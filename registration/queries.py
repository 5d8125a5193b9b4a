"""User-scoped querysets and prefetch helpers of registration.

The queryset classes are attached to the models as managers; they import no model at
module level so that the models can import them.
"""

from django.db import models


class EntryQuerySet(models.QuerySet):
    def for_user(self, user):
        """Entries the user registered: an entrant sees only their own (everything else answers 404)."""
        if not user.is_authenticated:
            return self.none()
        return self.filter(entrant__user=user)
