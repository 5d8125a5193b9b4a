"""The self-introduction and the commitment to roadshows and matchmaking events the plan asks of entrants."""

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse

from registration import services
from registration.models import Entry
from tests.helpers import entrant_login

pytestmark = pytest.mark.django_db


def test_submit_without_self_introduction_or_commitment_is_refused_by_field(complete_entry, owner):
    Entry.objects.filter(pk=complete_entry.pk).update(self_introduction="", commits_to_events=False)
    complete_entry.refresh_from_db()

    errors = services.completeness_errors(complete_entry)

    assert set(errors) >= {"self_introduction", "commits_to_events"}
    with pytest.raises(ValidationError):
        services.submit_entry(entry=complete_entry, by=owner)


def test_self_introduction_over_2000_characters_is_refused(complete_entry, owner):
    with pytest.raises(ValidationError) as refused:
        services.update_entry(entry=complete_entry, by=owner, self_introduction="介" * 2001)

    assert list(refused.value.error_dict) == ["self_introduction"]
    services.update_entry(entry=complete_entry, by=owner, self_introduction="介" * 2000)


def test_self_introduction_length_is_a_database_constraint(complete_entry):
    with pytest.raises(IntegrityError), transaction.atomic():
        Entry.objects.filter(pk=complete_entry.pk).update(self_introduction="介" * 2001)


def test_entrant_writes_both_through_the_entry_steps(client, complete_entry, owner):
    Entry.objects.filter(pk=complete_entry.pk).update(self_introduction="", commits_to_events=False)
    entrant_login(client, owner)
    client.cookies["django_language"] = "en"
    description = reverse("registration:entry_step", args=[complete_entry.code, "description"])
    consents = reverse("registration:entry_step", args=[complete_entry.code, "consents"])

    page = client.get(description).content.decode()
    assert 'name="self_introduction"' in page
    assert "Self-introduction" in page
    fields = {f: getattr(complete_entry, f) for f in ("summary", "scenario", "problem", "data_used", "results")}
    client.post(description, {**fields, "self_introduction": "  十年政务数据经验。 "})
    page = client.get(consents).content.decode()
    assert "We will take part in the contest&#x27;s roadshows and matchmaking events." in page
    client.post(consents, {"consent_original": "on", "consent_publicity": "on", "commits_to_events": "on"})

    complete_entry.refresh_from_db()
    assert (complete_entry.self_introduction, complete_entry.commits_to_events) == ("十年政务数据经验。", True)
    detail = client.get(reverse("registration:entry", args=[complete_entry.code])).content.decode()
    assert "十年政务数据经验。" in detail


def test_submit_page_links_each_missing_field_to_the_step_that_edits_it(client, complete_entry, owner):
    Entry.objects.filter(pk=complete_entry.pk).update(self_introduction="", commits_to_events=False)
    entrant_login(client, owner)

    response = client.get(reverse("registration:entry_submit", args=[complete_entry.code]))

    links = {field: url for field, _label, _message, url in response.context["problems"]}
    description, consents = (
        reverse("registration:entry_step", args=[complete_entry.code, step]) for step in ("description", "consents")
    )
    assert links == {"self_introduction": description, "commits_to_events": consents}
    assert f'<a href="{consents}">' in response.content.decode()
