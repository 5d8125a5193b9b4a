"""`staff_roles`: which staff areas the site menu offers the signed-in user."""

from functools import cached_property

from .roles import JUDGES, ORGANIZERS


class StaffRoles:
    """Asked only by the templates that read it, and then in one query for both roles."""

    def __init__(self, user):
        self._user = user

    @cached_property
    def _groups(self):
        if not self._user.is_authenticated:
            return frozenset()
        return frozenset(self._user.groups.filter(name__in=[ORGANIZERS, JUDGES]).values_list("name", flat=True))

    @property
    def organizer(self):
        # As `accounts.rules.is_organizer`: superusers are organizers without the group.
        return self._user.is_authenticated and (self._user.is_superuser or ORGANIZERS in self._groups)

    @property
    def judge(self):
        return JUDGES in self._groups

    @property
    def admin(self):
        return self._user.is_authenticated and self._user.is_staff

    @property
    def any(self):
        return self.organizer or self.judge


def staff_roles(request):
    return {"staff_roles": StaffRoles(request.user)}
