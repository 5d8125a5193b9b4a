from datetime import timedelta

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.forms import MainlandPhoneField


def _captcha_field():
    from captcha.fields import CaptchaField

    return CaptchaField(
        label=_("Characters in the picture"),
        help_text=_("Many votes come from your network, so we ask to make sure a person is voting."),
    )


class CaptchaMixin:
    """Adds a captcha field when the address is past the threshold that asks for one."""

    def __init__(self, *args, captcha=False, **kwargs):
        super().__init__(*args, **kwargs)
        if captcha:
            self.fields["captcha"] = _captcha_field()

    @property
    def has_captcha(self):
        return "captcha" in self.fields


class PhoneForm(CaptchaMixin, forms.Form):
    phone = MainlandPhoneField()


class CodeForm(forms.Form):
    code = forms.CharField(
        label=_("Code from the SMS"),
        max_length=10,
        widget=forms.TextInput(
            attrs={"inputmode": "numeric", "autocomplete": "one-time-code", "pattern": "[0-9]*", "maxlength": "6"}
        ),
    )


class VoteForm(CaptchaMixin, forms.Form):
    pass


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"),
        max_length=1000,
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
        help_text=_("Kept with the decision in the log."),
    )


class ReviewForm(ReasonForm):
    action = forms.ChoiceField(choices=[("invalidate", _("Invalidate")), ("restore", _("Restore"))])


class ChartRangeForm(forms.Form):
    hours = forms.TypedChoiceField(
        choices=[(24, "24"), (48, "48"), (168, "168")], coerce=int, required=False, empty_value=48
    )

    def since(self, now=None):
        hours = (self.cleaned_data.get("hours") if self.is_valid() else None) or 48
        return (now or timezone.now()) - timedelta(hours=hours)
