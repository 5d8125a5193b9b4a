"""Scheduled tasks, the admin, the personal-data export, the bulletin figures."""

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from accounts.services import export_personal_data
from tests.factories import EntrantUserFactory
from tests.helpers import staff_login
from tests.voting.helpers import make_voter, spread_phone
from voting import reports
from voting.models import ApiClient, Vote
from voting.queries import vote_context
from voting.services import cast_vote
from voting.tasks import task_rebuild_counts, task_sweep_votes


def test_the_sweep_task_flags_a_burst(context, contest, finalists, vote_settings):
    vote_settings.burst_ip_votes = 3
    vote_settings.save()
    context = vote_context(contest)
    start = timezone.now() - timedelta(minutes=30)
    for n in range(4):
        cast_vote(
            finalist_code=finalists[0].code,
            voter=make_voter(spread_phone(n), start),
            ip="36.110.1.23",
            now=start + timedelta(seconds=n),
            context=context,
        )
    Vote.objects.update(status="valid", reason="")  # as if the meters had missed them

    flagged = task_sweep_votes.delay().get()

    assert flagged == {"ip_burst": 4}
    assert Vote.objects.filter(status="flagged").count() == 4


def test_the_tasks_do_nothing_before_the_vote(context, contest):
    stage = context.stage
    stage.starts_at = timezone.now() + timedelta(days=1)
    stage.save()

    assert task_sweep_votes.delay().get() is None
    assert task_rebuild_counts.delay().get() is None


def test_the_rebuild_task_returns_the_valid_total(context, finalists):
    cast_vote(finalist_code=finalists[0].code, voter=make_voter(spread_phone(1)), ip="1.2.3.4", context=context)

    assert task_rebuild_counts.delay(contest_id=context.contest_id).get() == 1


def test_vote_settings_in_the_admin(client, context, vote_settings, organizer):
    staff_login(client, organizer)
    organizer.is_superuser = True
    organizer.save()

    response = client.get(reverse("admin:voting_votesettings_change", args=[vote_settings.pk]))

    assert response.status_code == 200
    assert "votes_per_phone_per_day" in response.content.decode()


def test_an_api_token_is_shown_once_and_stored_hashed(client, organizer):
    organizer.is_superuser = True
    organizer.save()
    staff_login(client, organizer)

    response = client.post(
        reverse("admin:voting_apiclient_add"),
        {"name": "冀时办", "is_active": "on", "requests_per_minute": 600},
        follow=True,
    )

    client_row = ApiClient.objects.get()
    shown = [str(m) for m in response.context["messages"]]
    token = shown[0].split("<code>")[1].split("</code>")[0]
    assert ApiClient.hash_token(token) == client_row.token_hash
    assert token.startswith(client_row.token_prefix)
    assert token not in client.get(reverse("admin:voting_apiclient_change", args=[client_row.pk])).content.decode()


def test_a_person_downloads_the_votes_cast_with_their_number(context, finalists):
    user = EntrantUserFactory(phone="+8613800138000")
    cast_vote(finalist_code=finalists[0].code, voter=make_voter("13800138000"), ip="1.2.3.4", context=context)
    cast_vote(finalist_code=finalists[1].code, voter=make_voter("13900139000"), ip="1.2.3.5", context=context)

    section = export_personal_data(user=user)["sections"]["voting"]

    assert [row["finalist"] for row in section] == [finalists[0].display_name]
    assert section[0]["status"] == "valid"


def test_bulletin_figures(context, finalists):
    for n in range(3):
        cast_vote(
            finalist_code=finalists[n % 2].code, voter=make_voter(spread_phone(n)), ip=f"1.2.3.{n}", context=context
        )

    figures = reports.vote_figures(context.contest)

    assert figures["valid_votes"] == 3
    assert figures["voters"] == 3
    assert figures["flagged_votes"] == figures["invalid_votes"] == 0
    assert figures["leaders"][0] == {"display_name": finalists[0].display_name, "votes": 2, "rank": 1}
