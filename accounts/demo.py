"""Accounts the demo data creates for people who are not demo logins."""

from django.contrib.auth import get_user_model


def passwordless_user(username, **defaults):
    """The account `username` (created with `defaults` the first time) that nobody can sign in to
    with a password: demo entrants and judges who are not among the printed demo logins."""
    user, created = get_user_model().objects.get_or_create(username=username, defaults=defaults)
    if created:
        user.set_unusable_password()
        user.save(update_fields=["password"])
    return user
