from django import forms
from django.utils.translation import gettext_lazy as _

from contest.models import Stage


class LeadForm(forms.Form):
    lead = forms.CharField(
        label=_("Lead paragraph"),
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("What the committee says of this stage, above the figures."),
    )
    lead_en = forms.CharField(
        label=_("Lead paragraph (English)"), widget=forms.Textarea(attrs={"rows": 4}), required=False
    )


class BuildForm(forms.Form):
    stage = forms.ModelChoiceField(label=_("Stage"), queryset=Stage.objects.none())

    def __init__(self, *args, contest, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["stage"].queryset = Stage.objects.filter(contest=contest).select_related("contest")
