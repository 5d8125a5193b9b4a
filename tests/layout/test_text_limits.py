"""Every free-text field has a limit that suits it, enforced by the model and the database,
and shown in its form as `maxlength` (which the live counter reads)."""

import re

import pytest
from django.apps import apps
from django.db import IntegrityError, models
from django.db.models.functions import Length
from django.db.models.lookups import LessThanOrEqual

from registration.forms import EntryDescriptionForm
from registration.models import Entry
from tests.factories import EntryFactory

PROJECT_APPS = {"accounts", "notifications", "contest", "registration", "judging", "voting", "awards"}
# Written by the code, never typed by a person: their size follows from what writes them.
SYSTEM_WRITTEN = {
    "registration.EntryFile.verdict_message",
    "registration.TeamMember.id_number_encrypted",
    "awards.Certificate.member_names",
    "awards.Certificate.last_error",
    "notifications.SmsMessage.last_error",
}


def text_fields():
    for model in apps.get_models():
        if model._meta.app_label not in PROJECT_APPS:
            continue
        for field in model._meta.local_concrete_fields:
            if isinstance(field, models.TextField):
                yield f"{model._meta.label}.{field.name}", model, field


def database_limit(model, field):
    for constraint in model._meta.constraints:
        condition = getattr(constraint, "condition", None)
        if (
            isinstance(condition, LessThanOrEqual)
            and isinstance(condition.lhs, Length)
            and condition.lhs.source_expressions[0].name == field.name
        ):
            return condition.rhs
    return None


def test_every_free_text_field_has_a_limit_the_database_enforces():
    found = {label: (field.max_length, database_limit(model, field)) for label, model, field in text_fields()}
    unlimited = sorted(
        label
        for label, (limit, checked) in found.items()
        if label not in SYSTEM_WRITTEN and (limit is None or checked != limit)
    )

    assert unlimited == []
    assert set(found) >= SYSTEM_WRITTEN


@pytest.mark.django_db
def test_a_description_of_200000_characters_is_refused_by_the_database():
    entry = EntryFactory()

    with pytest.raises(IntegrityError):
        Entry.objects.filter(pk=entry.pk).update(summary="长" * 200_000)


def test_the_description_form_refuses_more_and_says_so_in_maxlength():
    limit = Entry._meta.get_field("summary").max_length
    form = EntryDescriptionForm(data={"summary": "长" * (limit + 1)})

    assert not form.is_valid()
    assert "summary" in form.errors
    assert f'maxlength="{limit}"' in str(form["summary"])


@pytest.mark.django_db
def test_the_admin_forms_show_the_limit_and_load_the_counter(client):
    from contest.models import Contest
    from tests.factories import ContestFactory, UserFactory
    from tests.helpers import staff_login

    contest = ContestFactory()
    staff_login(client, UserFactory(is_staff=True, is_superuser=True))

    page = client.get(f"/admin/contest/contest/{contest.pk}/change/").content.decode()

    limit = Contest._meta.get_field("introduction").max_length
    assert re.search(
        rf'<textarea[^>]*name="introduction"[^>]*maxlength="{limit}"|<textarea[^>]*maxlength="{limit}"[^>]*name="introduction"',
        page,
    )
    assert "/static/js/counter" in page
