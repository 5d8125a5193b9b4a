from datetime import timedelta

from django.utils import timezone, translation

from contest.admin import unpublished_review_committee_warning
from contest.models import Contest, Stage
from contest.regions import HEBEI_REGIONS
from contest.services import set_up_regions
from tests.factories import ContestFactory, OrganizerUserFactory, StageFactory
from tests.helpers import staff_login


def contest_with_preliminary(starts_in):
    contest = ContestFactory()
    now = timezone.now()
    StageFactory(
        contest=contest,
        kind=Stage.Kind.PRELIMINARY,
        starts_at=now + starts_in,
        ends_at=now + starts_in + timedelta(days=14),
    )
    return contest


def test_warns_when_preliminary_started_and_committee_unpublished(db):
    contest = contest_with_preliminary(-timedelta(hours=1))

    with translation.override("en"):
        warning = str(unpublished_review_committee_warning(contest))

    assert warning.startswith(f"The preliminary selection of “{contest.short_name}” has started")


def test_warns_a_week_ahead_of_the_preliminary(db):
    contest = contest_with_preliminary(timedelta(days=3))

    with translation.override("en"):
        warning = str(unpublished_review_committee_warning(contest))

    assert "starts on" in warning
    assert "not published yet" in warning


def test_no_warning_long_before_the_preliminary(db):
    contest = contest_with_preliminary(timedelta(days=30))

    assert unpublished_review_committee_warning(contest) is None


def test_no_warning_once_published(db):
    contest = contest_with_preliminary(-timedelta(days=1))
    contest.review_committee_published_at = timezone.now() - timedelta(days=10)
    contest.save(update_fields=["review_committee_published_at"])

    assert unpublished_review_committee_warning(contest) is None


def test_no_warning_without_a_preliminary(db):
    assert unpublished_review_committee_warning(ContestFactory()) is None


def _new_edition(client, **inline_forms):
    data = {"name": "第二届大赛", "short_name": "第二届", "slug": "second", "is_current": ""} | dict.fromkeys(
        ("hosts", "introduction", "rules_text", "ip_terms"), "……"
    )
    for prefix in ("tracks", "regions", "stages"):
        data |= {f"{prefix}-TOTAL_FORMS": 0, f"{prefix}-INITIAL_FORMS": 0}
    data |= inline_forms
    response = client.post("/admin/contest/contest/add/", data, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 302, response.context["adminform"].form.errors
    return Contest.objects.get(slug="second"), response


def test_a_new_edition_gets_the_regions_of_the_last_one(client, db):
    first = ContestFactory()
    set_up_regions(contest=first)
    staff_login(client, OrganizerUserFactory(is_superuser=True))

    second, response = _new_edition(client)

    assert list(second.regions.values_list("code", "name", "order")) == list(
        first.regions.values_list("code", "name", "order")
    )
    assert len(HEBEI_REGIONS) == second.regions.count()
    assert "were copied to this edition" in client.get(response["Location"], HTTP_ACCEPT_LANGUAGE="en").content.decode()


def test_a_new_edition_keeps_the_regions_it_was_given(client, db):
    set_up_regions(contest=ContestFactory())
    staff_login(client, OrganizerUserFactory(is_superuser=True))

    second, _response = _new_edition(
        client,
        **{"regions-TOTAL_FORMS": 1, "regions-0-code": "beijing", "regions-0-name": "北京市", "regions-0-order": 1},
    )

    assert list(second.regions.values_list("code", flat=True)) == ["beijing"]


def test_the_publish_action_reports_how_many_lists_it_published(client, db):
    private = ContestFactory()
    public = ContestFactory(is_current=False, review_committee_published_at=timezone.now() - timedelta(days=10))
    staff_login(client, OrganizerUserFactory(is_superuser=True))

    response = client.post(
        "/admin/contest/contest/",
        {"action": "publish_review_committee", "_selected_action": [private.pk, public.pk]},
        HTTP_ACCEPT_LANGUAGE="en",
        follow=True,
    )

    private.refresh_from_db()
    assert private.review_committee_published_at is not None
    assert "Review committee published for 1 contest(s)." in response.content.decode()
