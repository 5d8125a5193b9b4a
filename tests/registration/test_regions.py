"""Regions are data of each contest, like its tracks: a national edition lists provinces."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation

from contest.models import Stage
from registration.services import save_entrant_profile
from tests.factories import contest_at
from tests.helpers import entrant_login

pytestmark = pytest.mark.django_db

PROVINCES = [("hebei", "河北省", "Hebei"), ("shandong", "山东省", "Shandong")]


@pytest.fixture
def national(db):
    return contest_at(Stage.Kind.REGISTRATION, regions=PROVINCES)


def profile(region):
    return {"kind": "individual", "name": "王五", "region": region, "accept_rules": True, "accept_privacy": True}


def test_profile_takes_a_region_of_the_contest(national, owner):
    entrant = save_entrant_profile(contest=national, user=owner, **profile("shandong"))

    assert entrant.region == "shandong"
    assert entrant.region_label == "山东省"
    with translation.override("en"):
        assert entrant.region_label == "Shandong"


def test_profile_refuses_a_region_the_contest_does_not_list(national, owner):
    with pytest.raises(ValidationError) as refused:
        save_entrant_profile(contest=national, user=owner, **profile("shijiazhuang"))

    assert list(refused.value.message_dict) == ["region"]


def test_profile_form_lists_the_contests_regions_in_the_active_language(client, national, owner):
    client.cookies["django_language"] = "en"
    html = entrant_login(client, owner).get(reverse("registration:profile")).content.decode()

    assert '<option value="hebei">Hebei</option>' in html
    assert '<option value="shandong">Shandong</option>' in html
    assert 'value="shijiazhuang"' not in html


def test_renaming_a_region_shows_at_once(national, owner):
    entrant = save_entrant_profile(contest=national, user=owner, **profile("hebei"))
    assert entrant.region_label == "河北省"

    national.regions.filter(code="hebei").update(name="冀")  # a queryset update sends no signal
    national.regions.get(code="hebei").save()

    assert entrant.region_label == "冀"
