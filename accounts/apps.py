from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = _("Accounts")

    def ready(self):
        from .roles import ensure_role_groups
        from .services import register_key_rotation, rotate_mfa_secrets

        # After every app migrates (not only this one): permissions of apps listed later must exist.
        post_migrate.connect(ensure_role_groups, dispatch_uid="accounts.ensure_role_groups")
        register_key_rotation("accounts.mfa", rotate_mfa_secrets)
