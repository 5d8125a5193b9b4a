from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _

from .models import User
from .phone import mask_phone


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    list_display = ("username", "display_name", "masked_phone", "is_staff", "is_active")
    search_fields = ("username", "display_name", "phone", "email")
    fieldsets = (
        *BaseUserAdmin.fieldsets,
        (_("Contact"), {"fields": ("display_name", "phone", "phone_verified")}),
    )

    @admin.display(description=_("mobile number"))
    def masked_phone(self, obj):
        return mask_phone(obj.phone)
