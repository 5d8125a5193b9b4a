"""The entrant's dashboard: what comes next, and links only where they lead somewhere."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from contest.models import Stage
from judging.models import RoundEntry
from tests.factories import EntryFactory, JudgingRoundFactory, StageFactory
from tests.helpers import entrant_login
from tests.registration.helpers import accept_files

pytestmark = pytest.mark.django_db


def stage_names(response):
    return [stage.name for stage, _state in response.context["timeline"]]


def test_what_comes_next_leaves_out_the_stages_already_past(client, contest, owner, entrant):
    now = timezone.now()
    StageFactory(
        contest=contest, kind=Stage.Kind.LAUNCH, starts_at=now - timedelta(days=20), ends_at=now - timedelta(days=2)
    )
    StageFactory(
        contest=contest,
        kind=Stage.Kind.PRELIMINARY,
        starts_at=now + timedelta(days=40),
        ends_at=now + timedelta(days=50),
    )
    response = entrant_login(client, owner).get(reverse("registration:dashboard"))

    assert [state for _stage, state in response.context["timeline"]] == ["open", "upcoming"]
    assert [stage.kind for stage, _state in response.context["timeline"]] == ["registration", "preliminary"]


def test_no_results_link_before_any_round_is_released(client, owner, submitted):
    html = entrant_login(client, owner).get(reverse("registration:dashboard")).content.decode()

    assert reverse("judging:entry_results", args=[submitted.code]) not in html


def test_results_link_once_a_round_of_the_entry_is_released(client, contest, owner, submitted):
    round_ = JudgingRoundFactory(stage__contest=contest, advanced_at=timezone.now(), results_released_at=timezone.now())
    RoundEntry.objects.create(round=round_, entry=submitted)
    client.cookies["django_language"] = "en"
    html = entrant_login(client, owner).get(reverse("registration:dashboard")).content.decode()

    results = reverse("judging:entry_results", args=[submitted.code])
    assert f'<a href="{results}">Judging results</a>' in html


@pytest.mark.parametrize("count", [1, 3])
def test_dashboard_queries_do_not_grow_with_entries(
    client, contest, owner, entrant, track, count, django_assert_num_queries
):
    round_ = JudgingRoundFactory(stage__contest=contest, advanced_at=timezone.now(), results_released_at=timezone.now())
    for _ in range(count):
        entry = EntryFactory(entrant=entrant, track=track)
        accept_files(entry)
        RoundEntry.objects.create(round=round_, entry=entry)
    entrant_login(client, owner)
    client.get(reverse("registration:dashboard"))  # sessions and settings rows created once

    with django_assert_num_queries(12):
        response = client.get(reverse("registration:dashboard"))
    assert len(response.context["entries"]) == count
