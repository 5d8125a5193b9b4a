"""Forms of the awards pages: they parse input; the services decide."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from .models import ApplicantType, AwardScope, AwardType, Recommendation


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
    notes = forms.CharField(
        label=_("Notes"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=Recommendation._meta.get_field("notes").max_length,
    )

    def __init__(self, *args, partners, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["partner"].queryset = partners


class RecommendationUpdateForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=Recommendation.Status.choices)
    notes = forms.CharField(
        label=_("Notes"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=Recommendation._meta.get_field("notes").max_length,
    )


class ReferForm(forms.Form):
    partner = forms.ModelChoiceField(label=_("Bank"), queryset=None)

    def __init__(self, *args, banks, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["partner"].queryset = banks
