"""Forms of the awards pages: they parse input; the services decide."""

from django import forms
from django.utils.translation import gettext_lazy as _

# --- policy
from .models import ApplicantType, Recommendation


class ConsentForm(forms.Form):
    given = forms.TypedChoiceField(
        choices=[("1", _("Give consent")), ("0", _("Withdraw consent"))], coerce=lambda value: value == "1"
    )
    share_contact = forms.BooleanField(
        label=_("Partners may also receive the team leader's name and mobile number"), required=False
    )


class LoanApplicationForm(forms.Form):
    applicant_type = forms.ChoiceField(label=_("Applicant type"), choices=ApplicantType.choices)
    partners_count = forms.IntegerField(
        label=_("Number of people"),
        min_value=1,
        max_value=1000,
        initial=1,
        help_text=_("For a partnership, everyone who starts the business together (at least 2)."),
    )
    amount = forms.DecimalField(label=_("Amount sought (CNY)"), max_digits=12, decimal_places=2)


class RecommendForm(forms.Form):
    entry = forms.CharField(widget=forms.HiddenInput)
    partner = forms.ModelChoiceField(label=_("Partner"), queryset=None)
    notes = forms.CharField(label=_("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, partners, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["partner"].queryset = partners


class RecommendationUpdateForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=Recommendation.Status.choices)
    notes = forms.CharField(label=_("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class ReferForm(forms.Form):
    partner = forms.ModelChoiceField(label=_("Bank"), queryset=None)

    def __init__(self, *args, banks, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["partner"].queryset = banks
