"""Roles are Django groups; organizers get the model permissions of every contest app."""

from django.contrib.auth.models import Group, Permission

ORGANIZERS = "organizers"
JUDGES = "judges"
ORGANIZER_APPS = ["contest", "registration", "judging", "voting", "awards", "notifications"]
# Granted to named people, never to the whole group: seeing full phone and ID numbers.
PER_PERSON_PERMISSIONS = ["view_personal_data"]


def ensure_role_groups(**kwargs):
    organizers, _ = Group.objects.get_or_create(name=ORGANIZERS)
    Group.objects.get_or_create(name=JUDGES)
    organizers.permissions.add(
        *Permission.objects.filter(content_type__app_label__in=ORGANIZER_APPS).exclude(
            codename__in=PER_PERSON_PERMISSIONS
        )
    )
