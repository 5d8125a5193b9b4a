from django.contrib.auth.models import Group

from accounts.roles import ORGANIZERS, ensure_role_groups


def test_organizers_get_contest_permissions_but_not_personal_data(db):
    ensure_role_groups()

    codenames = set(Group.objects.get(name=ORGANIZERS).permissions.values_list("codename", flat=True))

    assert {"change_contest", "view_entry", "view_smsmessage"} <= codenames
    assert "view_personal_data" not in codenames
