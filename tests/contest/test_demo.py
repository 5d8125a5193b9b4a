from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.utils import timezone

from contest import demo_content
from contest.models import Announcement, CommitteeMember, Contest, Stage, Track
from contest.schedule import Schedule
from contest.signals import demo_loaded


def table_counts():
    return {
        model.__name__: model.objects.count()
        for model in (Contest, Track, Stage, CommitteeMember, Announcement, get_user_model())
    }


def test_demo_loads_the_first_edition_with_registration_open(db, settings):
    settings.DEBUG = True

    call_command("load_demo")

    contest = Contest.objects.current()
    assert contest.name == demo_content.CONTEST["name"]
    assert contest.host_list == ["河北省政务服务管理办公室", "中国建设银行河北省分行", "河北省数字经济联合会"]
    assert len(contest.supporting_unit_list) == 6
    assert list(contest.tracks.values_list("name", flat=True)) == [
        "数字支撑政务服务",
        "数字赋能经济发展",
        "数字服务金融创新",
    ]
    assert [stage.kind for stage in Schedule.for_contest(contest).open_at()] == ["registration"]
    assert contest.committee_members.filter(committee="organizing").count() == 16
    assert "特等奖1名，奖金50万元" in contest.rules_text
    assert get_user_model().objects.get(username="organizer").groups.filter(name="organizers").exists()


def test_demo_keeps_the_plans_stage_lengths(db, settings):
    settings.DEBUG = True

    call_command("load_demo")

    registration = Stage.objects.get(kind="registration")
    assert registration.ends_at - registration.starts_at == timedelta(days=103)
    assert timezone.localtime(registration.starts_at).hour == 0


def test_demo_is_idempotent(db, settings):
    settings.DEBUG = True
    call_command("load_demo")
    before = table_counts()

    call_command("load_demo")

    assert table_counts() == before


def test_demo_can_open_another_stage(db, settings):
    settings.DEBUG = True
    call_command("load_demo")

    call_command("load_demo", stage="final")

    open_kinds = {stage.kind for stage in Schedule.for_contest(Contest.objects.current()).open_at()}
    assert open_kinds == {"final", "public_vote"}
    assert Contest.objects.current().review_committee_is_public()
    assert Stage.objects.count() == len(demo_content.STAGES)


def test_demo_refuses_without_debug(db, settings):
    settings.DEBUG = False

    with pytest.raises(CommandError, match="DJANGO_DEBUG"):
        call_command("load_demo")
    assert Contest.objects.count() == 0


def test_demo_tells_the_stage_apps_to_add_their_data(db, settings):
    settings.DEBUG = True
    received = []

    def receiver(sender, contest, stage, users, **kwargs):
        received.append((contest.slug, stage, sorted(users)))

    demo_loaded.connect(receiver)
    try:
        call_command("load_demo", stage="final")
    finally:
        demo_loaded.disconnect(receiver)

    assert received == [("hebei-2022", "final", ["entrant1", "entrant2", "judge1", "judge2", "organizer"])]
