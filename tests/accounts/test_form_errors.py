"""A service's refusal lands where the person looks, whichever field it names."""

from django import forms
from django.core.exceptions import ValidationError

from accounts.form_errors import apply_service_errors


class ReasonForm(forms.Form):
    reason = forms.CharField()


def test_errors_go_on_the_named_field_or_on_top_with_a_label():
    form = ReasonForm({"reason": "x"})
    refusal = ValidationError({"reason": "太短。", "entry": "已获奖。", "__all__": "已截止。"})

    apply_service_errors(form, refusal, label={"entry": "作品"}.get)

    assert form.errors["reason"] == ["太短。"]
    assert form.non_field_errors() == ["作品: 已获奖。", "已截止。"]


def test_a_field_the_form_lacks_goes_on_top_even_without_a_label():
    form = ReasonForm({"reason": "x"})

    apply_service_errors(form, ValidationError({"entry": "已获奖。"}))

    assert form.non_field_errors() == ["已获奖。"]
