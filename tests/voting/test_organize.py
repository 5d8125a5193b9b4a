"""The organizers' voting pages: who may open them, what they show, decisions through them."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from tests.factories import EntrantUserFactory, FinalistFactory, JudgeUserFactory, OrganizerUserFactory
from tests.helpers import staff_login
from tests.voting.helpers import make_voter, spread_phone
from voting.models import Decision, FlagCluster, Penalty, Vote
from voting.queries import vote_context
from voting.services import cast_vote, sweep_votes

PAGES = [
    ("get", "voting:organize:dashboard", []),
    ("get", "voting:organize:board", []),
    ("get", "voting:organize:decisions", []),
    ("post", "voting:organize:publish", []),
]


@pytest.fixture
def flagged(context, finalists, vote_settings, contest):
    vote_settings.burst_ip_votes = 3
    vote_settings.save()
    context = vote_context(contest)
    for n in range(8):
        cast_vote(
            finalist_code=finalists[0].code,
            voter=make_voter(spread_phone(n)),
            ip="36.110.1.23",
            captcha_passed=True,
            context=context,
        )
    for n in range(20, 22):
        cast_vote(finalist_code=finalists[1].code, voter=make_voter(spread_phone(n)), ip=f"1.2.3.{n}", context=context)
    sweep_votes(context=context)
    return FlagCluster.objects.get()


@pytest.mark.parametrize(
    ("persona", "expected"),
    [("anonymous", 302), ("entrant", 404), ("judge", 404), ("organizer", 200)],
)
def test_only_organizers_open_the_voting_pages(client, context, persona, expected):
    user = {
        "anonymous": None,
        "entrant": EntrantUserFactory,
        "judge": JudgeUserFactory,
        "organizer": OrganizerUserFactory,
    }[persona]
    if user is not None:
        staff_login(client, user())
    for method, name, args in PAGES:
        response = getattr(client, method)(reverse(name, args=args))
        if persona == "organizer" and method == "post":
            assert response.status_code == 302  # a form without a reason goes back with a message
            continue
        assert response.status_code == expected, (name, response.status_code)
        if persona == "anonymous":
            assert response["Location"].startswith(reverse("account_login"))


def test_staff_without_an_authenticator_app_are_sent_to_set_one_up(client, context):
    client.force_login(OrganizerUserFactory())

    response = client.get(reverse("voting:organize:dashboard"))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("mfa_activate_totp"))


def test_dashboard_shows_leaderboard_clusters_and_chart(client, flagged, finalists, organizer):
    staff_login(client, organizer)

    response = client.get(reverse("voting:organize:dashboard"))

    page = response.content.decode()
    assert response.status_code == 200
    assert finalists[0].display_name in page
    assert "ip 36.110.1.23" in page
    assert reverse("voting:organize:cluster", args=[flagged.pk]) in page
    assert '<svg class="vote-chart"' in page
    assert 'class="vote-chart__flagged"' in page


@pytest.mark.parametrize("count", [1, 3])
def test_dashboard_queries_do_not_grow_with_finalists(client, contest, tracks, organizer, count):
    for _ in range(count):
        FinalistFactory(entrant__contest=contest, track=tracks[0])
    staff_login(client, organizer)
    client.get(reverse("voting:organize:dashboard"))

    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("voting:organize:dashboard"))

    assert response.status_code == 200
    # 18: the site menu reads the signed-in user's staff roles once per page.
    assert len(queries) == 18, [q["sql"] for q in queries]


def test_invalidate_a_cluster_in_one_action(client, flagged, finalists, organizer):
    staff_login(client, organizer)

    response = client.post(
        reverse("voting:organize:review", args=[flagged.pk]),
        {
            "action": "invalidate",
            "reason": "同一地址短时集中投票",
            "back": reverse("voting:organize:cluster", args=[flagged.pk]),
        },
    )

    assert response.status_code == 302
    assert response["Location"] == reverse("voting:organize:cluster", args=[flagged.pk])
    assert Vote.objects.filter(cluster=flagged).exclude(status="invalid").count() == 0
    decision = Decision.objects.get()
    assert (decision.reason, decision.decided_by, decision.votes_changed) == ("同一地址短时集中投票", organizer, 8)
    board = client.get(reverse("voting:organize:board")).json()
    row = next(r for r in board["rows"] if r["code"] == finalists[0].code)
    assert (row["votes"], row["flagged"], row["invalid"]) == (0, 0, 8)
    log = client.get(reverse("voting:organize:decisions")).content.decode()
    assert "同一地址短时集中投票" in log


def test_a_review_without_a_reason_changes_nothing(client, flagged, organizer):
    staff_login(client, organizer)

    client.post(reverse("voting:organize:review", args=[flagged.pk]), {"action": "restore", "reason": ""})

    assert Vote.objects.filter(cluster=flagged, status="flagged").count() == 8
    assert not Decision.objects.exists()


def test_cluster_page_lists_its_votes_without_numbers(client, flagged, organizer):
    staff_login(client, organizer)

    response = client.get(reverse("voting:organize:cluster", args=[flagged.pk]))

    page = response.content.decode()
    assert response.status_code == 200
    assert page.count("36.110.1.23") >= 8
    # Votes keep only a keyed hash of the number; the page shows no more than its first characters.
    full_hash = Vote.objects.filter(cluster=flagged).first().phone_hash
    assert full_hash[:8] in page
    assert full_hash not in page


def test_penalty_through_the_page(client, context, finalists, organizer):
    staff_login(client, organizer)

    client.post(reverse("voting:organize:penalty", args=[finalists[2].code]), {"reason": "提醒"})

    assert Penalty.objects.get().kind == "warning"


def test_confirm_through_the_page(client, context, finalists, organizer):
    stage = context.stage
    stage.ends_at = timezone.now() - timedelta(minutes=1)
    stage.save()
    staff_login(client, organizer)

    response = client.post(reverse("voting:organize:confirm"), {"reason": "确认人气奖"}, follow=True)

    assert response.status_code == 200
    assert Decision.objects.get().action == "confirm_award"
