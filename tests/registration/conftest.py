"""Fixtures of the registration tests; `contest` (registration open) comes from tests/conftest.py."""

from pathlib import Path

import pytest
from django.contrib.auth.models import Group, Permission
from django.test import Client
from django.utils import timezone

from accounts.roles import ORGANIZERS
from registration.services import submit_entry
from tests.factories import EntrantFactory, EntryFactory, EntryFileFactory, TrackFactory, UserFactory
from tests.helpers import staff_login
from tests.registration.helpers import accept_files


@pytest.fixture
def track(contest):
    return TrackFactory(contest=contest, name="数字支撑政务服务", code="gov")


@pytest.fixture
def other_track(contest):
    return TrackFactory(contest=contest, name="数字赋能经济发展", code="economy")


@pytest.fixture
def owner(db):
    return UserFactory(phone="+8613800138000", display_name="张三")


@pytest.fixture
def other_user(db):
    return UserFactory(phone="+8613900139000", display_name="李四")


@pytest.fixture
def organizer(db):
    user = UserFactory(is_staff=True, phone=None, username="organizer")
    user.groups.add(Group.objects.get_or_create(name=ORGANIZERS)[0])
    return user


@pytest.fixture
def entrant(contest, owner):
    return EntrantFactory(contest=contest, user=owner, name="智慧团队")


@pytest.fixture
def other_entrant(contest, other_user):
    return EntrantFactory(contest=contest, user=other_user, name="另一团队")


@pytest.fixture
def complete_entry(entrant, track):
    """A complete draft with a leader and both files accepted: ready to submit."""
    from tests.factories import TeamMemberFactory

    TeamMemberFactory(entrant=entrant, name="张三", phone="+8613800138000")
    entry = EntryFactory(entrant=entrant, track=track, title="一网通办助手")
    accept_files(entry)
    return entry


@pytest.fixture
def submitted(complete_entry, owner):
    submit_entry(entry=complete_entry, by=owner)
    return complete_entry


@pytest.fixture
def organizer_group(db):
    """The organizers' group with every registration permission except seeing personal data."""
    group, _ = Group.objects.get_or_create(name=ORGANIZERS)
    group.permissions.set(
        Permission.objects.filter(content_type__app_label="registration").exclude(codename="view_personal_data")
    )
    return group


@pytest.fixture
def org_client(client, organizer, organizer_group):
    return staff_login(client, organizer)


@pytest.fixture
def assorted(contest, track, other_track):
    """Entries in several states, tracks, kinds and regions, with files in several states."""
    made = {}
    e = EntrantFactory(
        contest=contest,
        region="handan",
        kind="organisation",
        organisation_type="university",
        credit_code="91350100M000100Y43",
    )
    made["complete"] = EntryFactory(
        entrant=e,
        track=track,
        kind="app",
        product_url="https://a.example",
        usage_instructions="u",
        status="submitted",
        first_submitted_at=timezone.now(),
    )
    accept_files(made["complete"])
    e = EntrantFactory(contest=contest, region="outside", province="beijing")
    made["refused"] = EntryFactory(entrant=e, track=other_track, status="draft")
    EntryFileFactory(entry=made["refused"], kind="materials", status="refused", is_current=False)
    EntryFileFactory(entry=made["refused"], kind="video")
    e = EntrantFactory(contest=contest, region="handan", kind="individual")
    made["checking"] = EntryFactory(entrant=e, track=track, status="withdrawn", first_submitted_at=timezone.now())
    EntryFileFactory(entry=made["checking"], kind="materials")
    EntryFileFactory(entry=made["checking"], kind="video", status="checking", is_current=False)
    return made  # fmt: skip


@pytest.fixture
def entry(contest):
    """An entry of an entrant of its own, with no files yet."""
    return EntryFactory(entrant=EntrantFactory(contest=contest, user=UserFactory()))


@pytest.fixture
def owner_client(entry):
    client = Client()
    client.force_login(entry.entrant.user)
    return client


@pytest.fixture
def media_root(settings):
    return Path(settings.MEDIA_ROOT)
