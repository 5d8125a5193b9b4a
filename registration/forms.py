"""Forms of the entrant pages: they parse input; the services decide what is valid."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from accounts.form_errors import apply_service_errors as shared_apply_service_errors
from accounts.phone import national_number
from contest.models import Track

from .models import Entrant, Entry, EntryRevision
from .models.entries import SELF_INTRODUCTION_MAX_LENGTH
from .services.notices import check_notice


def _limit(name, model=Entry):
    """The length the model (and its database check) allows a free-text field."""
    return model._meta.get_field(name).max_length


def apply_service_errors(form, exc):
    """A service's refusal on the form; a field the form lacks is named by the entry's label."""
    shared_apply_service_errors(form, exc, label=_field_label)


def _field_label(field):
    try:
        return Entry._meta.get_field(field).verbose_name
    except Exception:  # not an entry field: the name itself is the best label available
        return field


class NamedErrorsMixin:
    """A missing answer names its field ("Please fill in Name."), not Django's bare "This field is required."

    The message shows beside the field and in the list on top of the form, where the field
    is not in view.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            choosing = isinstance(field.widget, (forms.Select, forms.RadioSelect))
            text = _("Please choose %(field)s.") if choosing else _("Please fill in %(field)s.")
            field.error_messages["required"] = text % {"field": field.label}


class ProfileForm(NamedErrorsMixin, forms.Form):
    kind = forms.ChoiceField(label=_("I register as"), choices=Entrant.Kind.choices, widget=forms.RadioSelect)
    name = forms.CharField(
        label=_("Name"),
        max_length=100,
        help_text=_("Your name, the team's name or the organisation's full name. It is shown with your works."),
    )
    organisation_type = forms.ChoiceField(
        label=_("Type of organisation"), choices=[("", "—"), *Entrant.OrganisationType.choices], required=False
    )
    credit_code = forms.CharField(
        label=_("Unified social credit code"),
        max_length=24,
        required=False,
        help_text=_("18 characters, as printed on the business licence or registration certificate."),
    )
    organisation = forms.CharField(
        label=_("Organisation"),
        max_length=200,
        required=False,
        help_text=_("For an individual or a team: where you work or study (optional)."),
    )
    region = forms.ChoiceField(label=_("Region"), choices=[("", "—")])
    province = forms.ChoiceField(
        label=_("Province"),
        choices=[("", "—"), *Entrant.Province.choices],
        required=False,
        help_text=_("Only if you are outside Hebei."),
    )
    accept_rules = forms.BooleanField(label=_("I have read and accept the contest rules."), required=False)
    accept_privacy = forms.BooleanField(
        label=_("I agree that the organizing committee processes the personal data I give here to run the contest."),
        required=False,
    )

    def __init__(self, *args, contest, entrant=None, **kwargs):
        if entrant is not None and "initial" not in kwargs:
            kwargs["initial"] = {
                field: getattr(entrant, field)
                for field in ("kind", "name", "organisation_type", "credit_code", "organisation", "region", "province")
            }
        super().__init__(*args, **kwargs)
        # The regions are the contest's own (a national edition lists provinces).
        self.fields["region"].choices = [("", "—"), *((r.code, r.tr("name")) for r in contest.regions.all())]
        # Consents are asked once; a returning entrant does not see them again.
        if entrant is not None and entrant.accepted_rules_at:
            del self.fields["accept_rules"]
        if entrant is not None and entrant.accepted_privacy_at:
            del self.fields["accept_privacy"]


class MemberForm(NamedErrorsMixin, forms.Form):
    name = forms.CharField(label=pgettext_lazy("person", "Name"), max_length=50)
    phone = forms.CharField(
        label=_("Mobile number"),
        max_length=20,
        widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "off"}),
    )
    organisation = forms.CharField(label=_("Organisation"), max_length=200)
    role = forms.CharField(label=_("Role in the team"), max_length=100)
    id_number = forms.CharField(
        # Not "(optional)" in the label: the form template marks every optional field so.
        label=_("ID card number"),
        max_length=24,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
        help_text=_("Stored encrypted; only organizers can read it."),
    )
    is_leader = forms.BooleanField(label=_("Team leader"), required=False)

    def __init__(self, *args, member=None, **kwargs):
        if member is not None and "initial" not in kwargs:
            kwargs["initial"] = {
                "name": member.name,
                "phone": national_number(member.phone),
                "organisation": member.organisation,
                "role": member.role,
                "is_leader": member.is_leader,
            }
        super().__init__(*args, **kwargs)
        self.member = member
        if member is not None and member.has_id_number:
            self.fields["id_number"].help_text = _(
                "An ID card number is on file. Leave this empty to keep it, or enter a new one to replace it."
            )
            self.fields["remove_id_number"] = forms.BooleanField(
                label=_("Remove the ID card number on file"), required=False
            )

    def service_kwargs(self):
        data = self.cleaned_data
        values = {field: data[field] for field in ("name", "phone", "organisation", "role")}
        if self.member is None:
            values["id_number"] = data["id_number"]
            values["is_leader"] = data["is_leader"]
        else:
            if data.get("remove_id_number"):
                values["id_number"] = ""
            elif data["id_number"].strip():
                values["id_number"] = data["id_number"]
            else:
                values["id_number"] = None  # keep the one on file
            values["is_leader"] = data["is_leader"] or None
        return values


class EntryStepForm(NamedErrorsMixin, forms.Form):
    """One step of the entry form; `fields_of_step` lists the entry fields it edits."""

    def __init__(self, *args, entry=None, **kwargs):
        if entry is not None and "initial" not in kwargs:
            kwargs["initial"] = {name: getattr(entry, name) for name in self.base_fields if hasattr(entry, name)}
            if "track" in self.base_fields:
                kwargs["initial"]["track"] = entry.track_id
        super().__init__(*args, **kwargs)


class TrackChoiceField(forms.ModelChoiceField):
    """Tracks by their name in the active language (the English one when it is filled in)."""

    def label_from_instance(self, obj):
        return obj.tr("name")


class EntryBasicsForm(EntryStepForm):
    track = TrackChoiceField(
        label=_("Track"), queryset=Track.objects.none(), empty_label=None, widget=forms.RadioSelect
    )
    title = forms.CharField(
        label=_("Work name"),
        max_length=100,
        help_text=_("The public name of the entry is your entrant name followed by the work name."),
    )
    kind = forms.ChoiceField(label=_("Kind of work"), choices=Entry.Kind.choices)

    def __init__(self, *args, contest, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["track"].queryset = Track.objects.filter(contest=contest)


class EntryDescriptionForm(EntryStepForm):
    summary = forms.CharField(
        label=_("Summary"), widget=forms.Textarea(attrs={"rows": 5}), required=False, max_length=_limit("summary")
    )
    scenario = forms.CharField(
        label=_("Application scenario"),
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        max_length=_limit("scenario"),
    )
    problem = forms.CharField(
        label=_("Problem or pain point solved"),
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        max_length=_limit("problem"),
    )
    data_used = forms.CharField(
        label=_("Data used"),
        max_length=_limit("data_used"),
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        help_text=_("Which data sources, and how the work uses them."),
    )
    results = forms.CharField(
        label=_("Results achieved or expected"),
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        max_length=_limit("results"),
    )
    self_introduction = forms.CharField(
        label=_("Self-introduction"),
        max_length=SELF_INTRODUCTION_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 5}),
        required=False,
        # Judging is blind: the judges read this without the entrant's name.
        help_text=_(
            "Who is behind the work: experience, skills and earlier results, at most 2000 characters. "
            "Judges read it without your name, so do not name people or organisations."
        ),
    )


class EntryPrototypeForm(EntryStepForm):
    product_url = forms.CharField(
        label=_("Address to download or try the work"),
        max_length=500,
        required=False,
        widget=forms.URLInput(attrs={"placeholder": "https://"}),
        help_text=_("Required for a platform, website, app or PC client."),
    )
    usage_instructions = forms.CharField(
        label=_("Usage instructions"),
        max_length=_limit("usage_instructions"),
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        help_text=_(
            "How a judge can try it: a test account, the steps. Required for a platform, website, app or PC client."
        ),
    )
    keywords = forms.CharField(label=_("Keywords"), max_length=200, required=False, help_text=_("Separated by commas."))


class EntryConsentsForm(EntryStepForm):
    consent_original = forms.BooleanField(
        label=_("The work is our own original work and its intellectual property is clear."), required=False
    )
    consent_publicity = forms.BooleanField(
        label=_("The organizing committee may use the work and our entrant information for the contest's publicity."),
        required=False,
    )
    consent_recommendation = forms.BooleanField(
        label=_("After the contest, the work may be recommended to government departments for support (optional)."),
        required=False,
    )
    commits_to_events = forms.BooleanField(
        label=_("We will take part in the contest's roadshows and matchmaking events."), required=False
    )


ENTRY_STEPS = {
    "basics": (_("Basics"), EntryBasicsForm),
    "description": (_("Description"), EntryDescriptionForm),
    "prototype": (_("Prototype and keywords"), EntryPrototypeForm),
    "consents": (_("Consents"), EntryConsentsForm),
}


# --- The organizers' decisions in the admin, each with its reason ---------------------------------


class DisqualifyForm(forms.Form):
    ground = forms.ChoiceField(label=_("Ground"), choices=Entry.Ground.choices)
    note = forms.CharField(
        label=_("Note shown to the entrant"),
        widget=forms.Textarea(attrs={"rows": 3, "cols": 60}),
        required=False,
        max_length=min(_limit("disqualification_note"), _limit("note", EntryRevision)),
    )


class RestoreForm(forms.Form):
    note = forms.CharField(
        label=_("Why the entry is restored (kept in its history)"),
        widget=forms.Textarea(attrs={"rows": 3, "cols": 60}),
        max_length=_limit("note", EntryRevision),
    )


class NoticeForm(forms.Form):
    """An SMS notice to an audience of entrants: an approved wording and its blanks."""

    audience = forms.ChoiceField(label=_("Send to"))
    template = forms.ChoiceField(label=_("Kind of notice"))
    item = forms.CharField(label=_("Item (deadline notices)"), required=False, max_length=35)
    event = forms.CharField(label=_("Event (event notices)"), required=False, max_length=35)
    date = forms.CharField(label=_("Date and time"), required=False, max_length=35)
    place = forms.CharField(label=_("Place (event notices)"), required=False, max_length=35)
    subject = forms.CharField(label=_("Subject (news notices)"), required=False, max_length=35)
    token = forms.UUIDField(widget=forms.HiddenInput)

    def __init__(self, *args, audiences, templates, **kwargs):
        super().__init__(*args, **kwargs)
        self.audiences = {audience.key: audience for audience in audiences}
        self.fields["audience"].choices = [(audience.key, audience.label) for audience in audiences]
        self.fields["template"].choices = [(code, template.label) for code, template in templates.items()]
        self.templates = templates

    def clean(self):
        cleaned_data = super().clean()
        if self.errors:
            return cleaned_data
        try:
            sms_template, values = check_notice(template=cleaned_data["template"], params=cleaned_data)
        except ValidationError as exc:
            raise ValidationError(exc.messages) from exc
        cleaned_data["sms_template"] = sms_template
        cleaned_data["params"] = values
        return cleaned_data
