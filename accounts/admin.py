from allauth.account.decorators import secure_admin_login
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.contrib.auth.forms import UserChangeForm
from django.utils.translation import gettext_lazy as _

from .models import User
from .phone import mask_phone, normalize_phone

# The admin signs in through allauth, so that its rate limits and the TOTP step apply
# there too (the recipe of allauth's documentation).
admin.site.login = secure_admin_login(admin.site.login)
# Django's default header reads "Django administration": name the site as organizers know it.
admin.site.site_header = _("Contest administration")
admin.site.site_title = _("Contest administration")


class ReadOnlyAdmin(admin.ModelAdmin):
    """For records nobody edits by hand (logs, votes, audit trails): shown, never added, changed or deleted."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class UserAdminForm(UserChangeForm):
    def clean_phone(self):
        # Stored as E.164 or NULL, the only forms allauth's look-ups find.
        value = self.cleaned_data.get("phone")
        return normalize_phone(value) if value else None


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    form = UserAdminForm
    list_display = ("username", "display_name", "masked_phone", "is_staff", "is_active")
    search_fields = ("username", "display_name", "phone", "email")
    fieldsets = (
        *BaseUserAdmin.fieldsets,
        (_("Contact"), {"fields": ("display_name", "phone", "phone_verified")}),
    )

    @admin.display(description=_("mobile number"))
    def masked_phone(self, obj):
        return mask_phone(obj.phone)
