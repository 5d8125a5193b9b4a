"""The phone field and the allauth forms adapted to mainland numbers and SMS code limits."""

from allauth.account import forms as allauth_forms
from allauth.account.adapter import get_adapter
from allauth.account.internal.flows.login import record_authentication
from allauth.account.internal.flows.reauthentication import is_reauthentication_required
from allauth.core import context
from allauth.mfa.totp import forms as totp_forms
from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from .middleware import mark_session_mfa
from .phone import normalize_phone
from .services import CodeRateLimited


class MainlandPhoneField(forms.CharField):
    """A mainland mobile number typed any common way ("13800138000", "+86 138 0013 8000"), cleaned to E.164."""

    def __init__(self, **kwargs):
        kwargs.pop("validators", None)  # allauth's E.164-only check would refuse "13800138000"
        kwargs["label"] = _("Mobile number")
        kwargs.setdefault("max_length", 32)
        kwargs.setdefault(
            "widget",
            forms.TextInput(
                attrs={
                    "type": "tel",
                    "inputmode": "tel",
                    "autocomplete": "tel-national",
                    "placeholder": _("11-digit mobile number"),
                }
            ),
        )
        super().__init__(**kwargs)

    def to_python(self, value):
        value = super().to_python(value)
        if value in self.empty_values:
            return ""
        return normalize_phone(value)


class CodeInputMixin:
    """A numeric keypad and one-time-code autofill for the 6-digit SMS code on phones."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["code"].widget.attrs.update(
            {"inputmode": "numeric", "autocomplete": "one-time-code", "maxlength": "6", "placeholder": "123456"}
        )


def _reserve_code(form, field, phone):
    """Count one SMS code for this request; a refusal becomes an error on `field`."""
    try:
        get_adapter().reserve_code(phone)
    except CodeRateLimited as exc:
        form.add_error(field, exc)


class LoginForm(allauth_forms.LoginForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        login = self.fields["login"]
        login.label = _("Mobile number or username")
        login.widget.attrs.update({"placeholder": _("Mobile number or username"), "autocomplete": "username"})

    def clean_login(self):
        # One spelling per number, so that allauth finds the account and counts failed
        # attempts on it however the number was typed.
        login = super().clean_login()
        try:
            return normalize_phone(login)
        except ValidationError:
            return login


class SignupForm(allauth_forms.SignupForm):
    field_order = ["phone", "password1", "email"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "password1" in self.fields:
            self.fields["password1"].label = _("Password (optional)")
            self.fields["password1"].widget.attrs["placeholder"] = _("Password (optional)")
        if "email" in self.fields:
            self.fields["email"].label = _("Email (optional)")

    def clean(self):
        cleaned_data = super().clean()
        if not self.errors and cleaned_data.get("phone"):
            _reserve_code(self, "phone", cleaned_data["phone"])
        return cleaned_data


class RequestLoginCodeForm(allauth_forms.RequestLoginCodeForm):
    def clean(self):
        cleaned_data = super().clean()
        if not self.errors and cleaned_data.get("phone"):
            _reserve_code(self, "phone", cleaned_data["phone"])
        return cleaned_data


class ChangePhoneForm(allauth_forms.ChangePhoneForm):
    def clean(self):
        cleaned_data = super().clean()
        request = context.request
        # A signed-in user may first be sent to re-authenticate, and this request replayed
        # afterwards: count the code on the request that sends it.
        if request.user.is_authenticated and is_reauthentication_required(request, app="allauth.account"):
            return cleaned_data
        if not self.errors and cleaned_data.get("phone"):
            _reserve_code(self, "phone", cleaned_data["phone"])
        return cleaned_data


class SmsCodeMixin(CodeInputMixin):
    """The code field of the SMS code pages, named for what it is.

    allauth labels it "Code", a word the portal uses for other codes (the entry code 作品编号,
    a certificate's code).
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["code"].label = _("Verification code")


class ConfirmLoginCodeForm(SmsCodeMixin, allauth_forms.ConfirmLoginCodeForm):
    pass


class VerifyPhoneForm(SmsCodeMixin, allauth_forms.VerifyPhoneForm):
    pass


class ConfirmReauthenticationCodeForm(SmsCodeMixin, allauth_forms.ConfirmReauthenticationCodeForm):
    pass


class ActivateTOTPForm(CodeInputMixin, totp_forms.ActivateTOTPForm):
    def clean(self):
        cleaned_data = super().clean()
        if not self.errors:
            # The code just typed proves the factor for this session: staff pages open
            # without asking for another one, and the recovery codes shown next need no
            # re-authentication either.
            mark_session_mfa(context.request, self.user)
            record_authentication(context.request, self.user, method="mfa", type="totp", reauthenticated=True)
        return cleaned_data


class DeleteAccountForm(forms.Form):
    confirm = forms.BooleanField(
        label=_("I understand that my account and my personal data will be deleted and cannot be restored."),
        required=True,
    )
