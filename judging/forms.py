"""Forms of the judging pages: they parse; the services decide (ranges, comments, permissions)."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from .models import Assignment
from .services.scoring import comment_field, score_errors, score_field


class ScoreForm(forms.Form):
    """One number per criterion within its range, a comment per criterion, an overall comment."""

    comment = forms.CharField(
        label=_("Overall comment"), required=False, widget=forms.Textarea(attrs={"rows": 3}), max_length=5000
    )

    def __init__(self, *args, criteria, scores, assignment, **kwargs):
        initial = {"comment": assignment.comment}
        for criterion in criteria:
            saved = scores.get(criterion.pk)
            initial[score_field(criterion)] = saved.value if saved else None
            initial[comment_field(criterion)] = saved.comment if saved else ""
        super().__init__(*args, initial=initial, **kwargs)
        self.criteria = criteria
        for criterion in criteria:
            self.fields[score_field(criterion)] = forms.DecimalField(
                label=criterion.tr("name"),
                required=False,
                max_digits=6,
                decimal_places=2,
                min_value=criterion.min_score,
                max_value=criterion.max_score,
                widget=forms.NumberInput(
                    attrs={
                        "step": "0.5",
                        "inputmode": "decimal",
                        "data-weight": str(criterion.weight),
                        "data-min": str(criterion.min_score),
                        "data-max": str(criterion.max_score),
                    }
                ),
            )
            self.fields[comment_field(criterion)] = forms.CharField(
                label=_("Comment on %(criterion)s") % {"criterion": criterion.tr("name")},
                required=False,
                max_length=2000,
                widget=forms.Textarea(attrs={"rows": 2}),
            )

    @property
    def submit(self):
        return "submit" in self.data

    def clean(self):
        # A score out of range stops the form before the service looks at the sheet: check the
        # rest here too, so that every problem (an empty score as well) shows in one pass.
        cleaned_data = super().clean()
        values = {c.pk: cleaned_data.get(score_field(c)) for c in self.criteria}
        comments = {c.pk: cleaned_data.get(comment_field(c), "") for c in self.criteria}
        for field, message in score_errors(self.criteria, values, comments, submit=self.submit).items():
            if field not in self.errors:
                self.add_error(field, message)
        return cleaned_data

    def rows(self):
        """(criterion, score field, comment field) for the template."""
        return [(c, self[score_field(c)], self[comment_field(c)]) for c in self.criteria]

    def service_kwargs(self):
        data = self.cleaned_data
        return {
            "values": {c.pk: data.get(score_field(c)) for c in self.criteria},
            "comments": {c.pk: data.get(comment_field(c), "") for c in self.criteria},
            "comment": data.get("comment", ""),
            "submit": self.submit,
        }


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 3}), max_length=2000)


class AddAssignmentForm(forms.Form):
    entry = forms.CharField(label=_("Entry code"), max_length=12)
    judge = forms.ModelChoiceField(label=_("Judge"), queryset=None)
    reason = forms.CharField(label=_("Reason"), max_length=2000)

    def __init__(self, *args, round, entries, **kwargs):
        super().__init__(*args, **kwargs)
        self.entries = entries
        self.fields["judge"].queryset = round.panel.order_by("name", "pk")

    def clean_entry(self):
        code = self.cleaned_data["entry"].strip().upper()
        entry = self.entries.get(code)
        if entry is None:
            raise ValidationError(_("No entry of this round has that code."))
        return entry


class RemoveAssignmentForm(forms.Form):
    assignment = forms.CharField(widget=forms.HiddenInput, max_length=12)
    reason = forms.CharField(label=_("Reason"), max_length=2000)

    def __init__(self, *args, round, **kwargs):
        super().__init__(*args, **kwargs)
        self.round = round

    def clean_assignment(self):
        assignment = Assignment.objects.filter(round=self.round, code=self.cleaned_data["assignment"]).first()
        if assignment is None:
            raise ValidationError(_("This assignment no longer exists."))
        return assignment


class AdvanceForm(forms.Form):
    """A checkbox per entry, ticked as the rule proposes, and a reason for every change."""

    def __init__(self, *args, rows, **kwargs):
        super().__init__(*args, **kwargs)
        self.rows = rows
        for row in rows:
            code = row.entry.code
            self.fields[f"advance_{code}"] = forms.BooleanField(
                label=_("Advances"), required=False, initial=bool(row.rule_advances)
            )
            self.fields[f"reason_{code}"] = forms.CharField(
                label=_("Reason for the change"), required=False, max_length=2000
            )

    def table(self):
        return [(row, self[f"advance_{row.entry.code}"], self[f"reason_{row.entry.code}"]) for row in self.rows]

    def decisions(self):
        return {row.entry.code: self.cleaned_data[f"advance_{row.entry.code}"] for row in self.rows}

    def reasons(self):
        return {row.entry.code: self.cleaned_data[f"reason_{row.entry.code}"] for row in self.rows}


class ApplyAssignmentForm(forms.Form):
    digest = forms.CharField(widget=forms.HiddenInput, max_length=64)
