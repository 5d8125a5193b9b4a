import pytest
from django.core.management import call_command

from awards.models import Award, AwardType
from awards.queries import released_final_rounds
from contest.models import Contest


@pytest.fixture
def load(settings):
    settings.DEBUG = True
    return lambda stage: call_command("load_demo", stage=stage)


def test_demo_before_the_ceremony_has_the_award_table_only(db, load):
    load("final")
    assert AwardType.objects.count() == 8
    assert not Award.objects.exists()


def test_demo_at_the_ceremony_allocates_only_from_a_released_final(db, load):
    # The judging demo scores the final but neither decides nor releases it: no award yet.
    load("ceremony")
    load("ceremony")
    contest = Contest.objects.current()
    assert AwardType.objects.filter(contest=contest).count() == 8
    assert released_final_rounds(contest) == []
    assert not Award.objects.exists()
