"""Fixtures of the registration tests; `contest` (registration open) comes from tests/conftest.py."""

import pytest
from django.contrib.auth.models import Group

from accounts.roles import ORGANIZERS
from tests.factories import EntrantFactory, EntryFactory, TrackFactory, UserFactory
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
