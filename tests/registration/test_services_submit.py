"""Submitting an entry: what it needs, and the one confirmation SMS it queues."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from registration.models import Entry
from registration.services import submit_entry, update_entry, withdraw_entry
from tests.factories import EntryFactory, EntryFileFactory
from tests.registration.helpers import accept_files, confirmation_rows

# --- submission ------------------------------------------------------------------


def test_submit_entry_first_time_queues_one_confirmation_sms(complete_entry, owner):
    submit_entry(entry=complete_entry, by=owner)
    assert confirmation_rows() == [
        (
            "+8613800138000",
            "registration_confirmation",
            {"entry": "智慧团队+一网通办助手", "number": complete_entry.code},
            f"registration-confirmation:{complete_entry.code}",
        )
    ]


def test_submit_entry_again_after_edit_sends_no_second_sms(complete_entry, owner):
    submit_entry(entry=complete_entry, by=owner)
    update_entry(entry=complete_entry, by=owner, summary="新的简介。")
    submit_entry(entry=complete_entry, by=owner)
    withdraw_entry(entry=complete_entry, by=owner)
    submit_entry(entry=complete_entry, by=owner)
    assert len(confirmation_rows()) == 1


def test_submit_entry_rolled_back_leaves_no_sms(complete_entry, owner):
    def submit_then_fail():
        with transaction.atomic():
            submit_entry(entry=complete_entry, by=owner)
            raise RuntimeError("the caller's transaction fails after the service")

    with pytest.raises(RuntimeError):
        submit_then_fail()
    complete_entry.refresh_from_db()
    assert complete_entry.status == "draft"
    assert confirmation_rows() == []


def test_submit_entry_without_files_is_refused(entrant, owner, track):
    from tests.factories import TeamMemberFactory

    TeamMemberFactory(entrant=entrant)
    entry = EntryFactory(entrant=entrant, track=track)
    with pytest.raises(ValidationError) as caught:
        submit_entry(entry=entry, by=owner)
    assert len(caught.value.messages) == 2
    entry.refresh_from_db()
    assert entry.status == "draft"


def test_submit_entry_with_refused_or_pending_file_is_refused(entrant, owner, track):
    from tests.factories import TeamMemberFactory

    TeamMemberFactory(entrant=entrant)
    entry = EntryFactory(entrant=entrant, track=track)
    EntryFileFactory(entry=entry, kind="materials", status="refused")
    EntryFileFactory(entry=entry, kind="video", status="checking")
    with pytest.raises(ValidationError):
        submit_entry(entry=entry, by=owner)
    entry.refresh_from_db()
    assert entry.status == "draft"


def test_submit_entry_accepted_but_not_current_file_does_not_count(entrant, owner, track):
    from tests.factories import TeamMemberFactory

    TeamMemberFactory(entrant=entrant)
    entry = EntryFactory(entrant=entrant, track=track)
    EntryFileFactory(entry=entry, kind="materials")
    EntryFileFactory(entry=entry, kind="video", is_current=False)
    with pytest.raises(ValidationError) as caught:
        submit_entry(entry=entry, by=owner)
    assert len(caught.value.messages) == 1


def test_submit_entry_team_without_members_is_refused(entrant, owner, track):
    entry = EntryFactory(entrant=entrant, track=track)
    accept_files(entry)
    with pytest.raises(ValidationError):
        submit_entry(entry=entry, by=owner)


def test_submit_entry_missing_description_is_refused_by_field(complete_entry, owner):
    Entry.objects.filter(pk=complete_entry.pk).update(summary="", consent_publicity=False)
    with pytest.raises(ValidationError) as caught:
        submit_entry(entry=complete_entry, by=owner)
    assert set(caught.value.message_dict) == {"summary", "consent_publicity"}


def test_submit_app_entry_without_url_is_refused_and_draft_kept(complete_entry, owner):
    update_entry(entry=complete_entry, by=owner, kind="app", usage_instructions="扫码安装。")
    with pytest.raises(ValidationError) as caught:
        submit_entry(entry=complete_entry, by=owner)
    assert set(caught.value.message_dict) == {"product_url"}
    complete_entry.refresh_from_db()
    assert (complete_entry.status, complete_entry.kind, complete_entry.usage_instructions) == (
        "draft",
        "app",
        "扫码安装。",
    )


@pytest.mark.parametrize("kind", ["platform", "website", "app", "pc_client"])
def test_entry_with_prototype_needs_url_in_database(complete_entry, kind):
    with pytest.raises(IntegrityError), transaction.atomic():
        Entry.objects.filter(pk=complete_entry.pk).update(
            kind=kind, status="submitted", first_submitted_at=timezone.now(), product_url=""
        )


def test_entry_draft_may_lack_url_in_database(complete_entry):
    Entry.objects.filter(pk=complete_entry.pk).update(kind="app", product_url="")
    assert Entry.objects.get(pk=complete_entry.pk).kind == "app"


def test_submit_entry_by_other_user_is_denied(complete_entry, other_user, organizer):
    for intruder in (other_user, organizer):
        with pytest.raises(PermissionDenied):
            submit_entry(entry=complete_entry, by=intruder)
    complete_entry.refresh_from_db()
    assert complete_entry.status == "draft"


def test_submit_entry_account_without_phone_submits_without_sms(complete_entry, owner):
    owner.phone = None
    owner.save(update_fields=["phone"])
    submit_entry(entry=complete_entry, by=owner)
    complete_entry.refresh_from_db()
    assert complete_entry.status == "submitted"
    assert confirmation_rows() == []
