"""The dashboard, ranking and progress pages run the same number of queries for 1 or 3 entries."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories import JudgingRoundFactory, TrackFactory
from tests.helpers import staff_login
from tests.judging.helpers import add_criteria, assign, make_entry, make_judge, score

pytestmark = pytest.mark.django_db


def build(contest, round_, track, count, *, scored):
    judges = [make_judge(contest, panel=[round_]) for _ in range(3)]
    for _ in range(count):
        entry = make_entry(contest, track, members=[("甲", f"+861390000{count}{_:03d}", "某单位")])
        for judge in judges:
            sheet = assign(round_, entry, judge)
            if scored:
                score(sheet, [6, 7, 8])
    return judges


def queries(client, url):
    client.get(url)  # warm caches the first request fills (session, contest, content types)
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured)


@pytest.fixture
def counts(client, contest, stages, organizer):
    def measure(count, path, *, as_judge, scored=True):
        # A round of a track of its own, so that the two measurements do not see each other.
        own_track = TrackFactory(contest=contest)
        round_ = JudgingRoundFactory(stage=stages["preliminary"], track=own_track)
        add_criteria(round_)
        judges = build(contest, round_, own_track, count, scored=scored)
        client.logout()
        staff_login(client, judges[0].user if as_judge else organizer)
        url = "/judge/" if path == "dashboard" else f"/organize/judging/{round_.code}/{path}/"
        return queries(client, url)

    return measure


@pytest.mark.parametrize(("path", "as_judge"), [("dashboard", True), ("ranking", False), ("progress", False)])
def test_same_query_count_for_one_and_three_entries(counts, path, as_judge):
    one = counts(1, path, as_judge=as_judge)
    three = counts(3, path, as_judge=as_judge)

    assert one == three, f"{path}: {one} queries for one entry, {three} for three"
