from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from accounts.admin import ReadOnlyAdmin
from accounts.phone import normalize_phone

from . import services
from .models import SmsMessage
from .texts import TEMPLATES


@admin.register(SmsMessage)
class SmsMessageAdmin(ReadOnlyAdmin):
    """The outbox, read-only: rows are written by services and settled by the send task."""

    list_display = ("created_at", "masked_phone", "purpose", "template_label", "status", "attempts", "sent_at")
    list_filter = ("status", "purpose", "backend")
    search_fields = ("out_id", "provider_message_id", "idempotency_key")
    date_hierarchy = "created_at"
    actions = ["resend"]
    # The full number and the raw parameters (live codes) stay out of the admin.
    fields = (
        "masked_phone",
        "purpose",
        "template_label",
        "shown_params",
        "rendered_text",
        "status",
        "attempts",
        "in_doubt",
        "backend",
        "out_id",
        "provider_message_id",
        "idempotency_key",
        "last_error",
        "resent_from",
        "created_at",
        "claimed_at",
        "next_attempt_at",
        "sent_at",
        "updated_at",
    )
    readonly_fields = fields

    def has_resend_permission(self, request):
        return request.user.has_perm("notifications.add_smsmessage")

    def get_search_results(self, request, queryset, search_term):
        # A phone number, written any common way, finds that number's messages.
        try:
            phone = normalize_phone(search_term)
        except ValidationError:
            return super().get_search_results(request, queryset, search_term)
        return queryset.filter(phone=phone), False

    @admin.display(description=_("phone"))
    def masked_phone(self, obj):
        return obj.masked_phone

    @admin.display(description=_("message"), ordering="template")
    def template_label(self, obj):
        template = TEMPLATES.get(obj.template)
        return template.label if template else obj.template

    @admin.display(description=_("parameters"))
    def shown_params(self, obj):
        template = TEMPLATES.get(obj.template)
        return template.masked_params(obj.params) if template else obj.params

    @admin.display(description=_("text"))
    def rendered_text(self, obj):
        template = TEMPLATES.get(obj.template)
        if template is None:
            return ""
        return template.render(template.masked_params(obj.params))

    @admin.action(description=_("Resend the selected failed messages as new messages"), permissions=["resend"])
    def resend(self, request, queryset):
        resent = skipped = 0
        for message in queryset.order_by("pk"):
            template = TEMPLATES.get(message.template)
            # A code sent late is a code that has expired: the user asks for a new one instead.
            if message.status != SmsMessage.Status.FAILED or template is None or template.secret_params:
                skipped += 1
                continue
            services.resend_sms(message=message)
            resent += 1
        if resent:
            self.message_user(
                request,
                ngettext(
                    "%(count)d message queued again as a new message.",
                    "%(count)d messages queued again as new messages.",
                    resent,
                )
                % {"count": resent},
                messages.SUCCESS,
            )
        if skipped:
            self.message_user(
                request,
                ngettext(
                    "%(count)d message skipped: only failed messages without a code can be resent.",
                    "%(count)d messages skipped: only failed messages without a code can be resent.",
                    skipped,
                )
                % {"count": skipped},
                messages.WARNING,
            )
