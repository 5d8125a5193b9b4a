import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

from notifications.models import SmsMessage
from registration.models import Entrant, Entry, EntryFile, EntryRevision, TeamMember
from registration.validators import validate_credit_code


def table_counts():
    return {
        model.__name__: model.objects.count()
        for model in (get_user_model(), Entrant, TeamMember, Entry, EntryFile, EntryRevision, SmsMessage)
    }


@pytest.fixture
def debug(settings):
    settings.DEBUG = True


def test_demo_registration_draft_of_entrant1_while_registration_is_open(db, debug):
    call_command("load_demo")

    entry = Entry.objects.get(entrant__user__username="entrant1")
    assert entry.status == Entry.Status.DRAFT
    assert entry.display_name == "数据先锋队+政务服务智能导办助手"
    assert list(entry.files.filter(is_current=True).values_list("kind", "status")) == [("materials", "accepted")]
    assert list(entry.entrant.members.values_list("name", "is_leader")) == [
        ("张明远", True),
        ("李思琪", False),
        ("赵宇航", False),
    ]
    others = Entry.objects.exclude(pk=entry.pk)
    assert others.count() == 11
    assert set(others.values_list("status", flat=True)) == {Entry.Status.SUBMITTED}


def test_demo_registration_has_four_entries_per_track(db, debug):
    call_command("load_demo")

    for code in ("gov", "economy", "finance"):
        assert Entry.objects.filter(track__code=code).count() == 4


def test_demo_registration_organisation_has_a_valid_credit_code(db, debug):
    call_command("load_demo")

    entrant = Entrant.objects.get(user__username="entrant2")
    assert entrant.kind == Entrant.Kind.ORGANISATION
    assert entrant.organisation_type == "enterprise"
    validate_credit_code(entrant.credit_code)


def test_demo_registration_entrants_without_a_login_cannot_sign_in(db, debug):
    call_command("load_demo")

    demo_users = get_user_model().objects.filter(username__startswith="demo-team-")
    assert demo_users.count() == 10
    assert not any(user.has_usable_password() for user in demo_users)


def test_demo_registration_is_idempotent_across_stages(db, debug):
    call_command("load_demo")
    call_command("load_demo", stage="final")
    before = table_counts()
    stored = set(EntryFile.objects.values_list("file", flat=True))

    call_command("load_demo", stage="final")
    call_command("load_demo")

    assert table_counts() == before
    assert set(EntryFile.objects.values_list("file", flat=True)) == stored


def test_demo_registration_later_stage_submits_every_entry_with_accepted_files(db, debug):
    call_command("load_demo", stage="preliminary")

    entries = Entry.objects.all()
    assert entries.count() == 12
    assert set(entries.values_list("status", flat=True)) == {Entry.Status.SUBMITTED}
    for entry in entries:
        current = entry.files.filter(is_current=True)
        assert sorted(current.values_list("kind", "status")) == [("materials", "accepted"), ("video", "accepted")]
    video = EntryFile.objects.filter(kind="video").first()
    assert (video.detected_type, video.duration_seconds, bool(video.poster)) == ("mp4", 6.0, True)
    assert EntryFile.objects.filter(kind="materials").first().page_count == 3
    assert SmsMessage.objects.filter(purpose="registration_confirmation").count() == 12


def test_demo_registration_submissions_lie_inside_the_registration_stage(db, debug):
    call_command("load_demo", stage="final")

    entry = Entry.objects.order_by("submitted_at").first()
    registration = entry.contest.stages.get(kind="registration")
    assert registration.starts_at <= entry.first_submitted_at < registration.ends_at
    assert Entry.objects.filter(submitted_at__gte=registration.ends_at).count() == 0


def test_demo_registration_adds_nothing_before_registration_opens(db, debug):
    call_command("load_demo", stage="launch")

    assert Entrant.objects.count() == 0
