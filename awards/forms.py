from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from .models import AwardScope, AwardType


def apply_service_errors(form, exc):
    """Put a service's ValidationError on the form."""
    form.add_error(None, exc)


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 3}), max_length=2000)


class EntryChoiceMixin:
    """An entry given by its code, among the finalists passed in."""

    def clean_entry(self):
        code = self.cleaned_data["entry"].strip()
        entry = self.finalists.filter(code=code).first()
        if entry is None:
            raise ValidationError(_("No finalist still in the contest has this code."))
        return entry


class ChangeAwardForm(EntryChoiceMixin, ReasonForm):
    entry = forms.CharField(label=_("Entry code"), max_length=12)
    field_order = ["entry", "reason"]

    def __init__(self, *args, finalists, **kwargs):
        super().__init__(*args, **kwargs)
        self.finalists = finalists


class SingleAwardForm(EntryChoiceMixin, forms.Form):
    award_type = forms.ModelChoiceField(label=_("Award"), queryset=AwardType.objects.none())
    entry = forms.CharField(label=_("Entry code"), max_length=12)
    reason = forms.CharField(label=_("Reason"), max_length=2000, required=False)

    def __init__(self, *args, contest, finalists, **kwargs):
        super().__init__(*args, **kwargs)
        self.finalists = finalists
        self.fields["award_type"].queryset = AwardType.objects.filter(contest=contest, scope=AwardScope.SINGLE)
