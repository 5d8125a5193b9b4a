"""What awards adds to lower apps' pages through their registries: the winners link of the home
page (once the ceremony stage opens and awards are published) and the entrant's awards panel on
the dashboard, with certificate downloads and the consent and loan pages."""

from datetime import timedelta

import pytest
from django.core.files.base import ContentFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from contest.models import Stage
from tests.awards.factories import CertificateFactory, ConfirmedAwardFactory
from tests.factories import EntrantFactory, EntryFactory, StageFactory, contest_at
from tests.helpers import entrant_login

pytestmark = pytest.mark.django_db


def ceremony(contest, *, opened):
    now = timezone.now()
    starts = now - timedelta(days=1) if opened else now + timedelta(days=3)
    return StageFactory(contest=contest, kind=Stage.Kind.CEREMONY, starts_at=starts, ends_at=starts + timedelta(days=2))


def award_for(contest, *, published=True, entrant=None):
    entrant = entrant or EntrantFactory(contest=contest)
    entry = EntryFactory(entrant=entrant, status="submitted", first_submitted_at=timezone.now())
    return ConfirmedAwardFactory(entry=entry, published_at=timezone.now() if published else None)


def home(client):
    return client.get("/", HTTP_ACCEPT_LANGUAGE="en").content.decode()


def test_the_winners_link_waits_for_the_ceremony_stage(client):
    contest = contest_at(Stage.Kind.FINAL)
    ceremony(contest, opened=False)
    award_for(contest)
    assert 'href="/awards/"' not in home(client)


def test_the_winners_link_waits_for_publishing(client):
    contest = contest_at(Stage.Kind.FINAL)
    ceremony(contest, opened=True)
    award_for(contest, published=False)
    assert 'href="/awards/"' not in home(client)


def test_the_winners_link_shows_once_the_ceremony_opened_and_awards_are_published(client):
    contest = contest_at(Stage.Kind.FINAL)
    ceremony(contest, opened=True)
    award_for(contest)
    page = home(client)
    assert 'href="/awards/"' in page
    assert "Winners" in page


def test_the_dashboard_shows_the_entrant_s_published_awards_with_their_certificates(client):
    contest = contest_at(Stage.Kind.CEREMONY)
    entrant = EntrantFactory(contest=contest)
    award = award_for(contest, entrant=entrant)
    ready = CertificateFactory(award=award, status="ready")
    ready.file.save("c.pdf", ContentFile(b"%PDF-1.4"), save=True)
    entrant_login(client, entrant.user)

    page = client.get("/register/", HTTP_ACCEPT_LANGUAGE="en").content.decode()

    assert "My awards" in page
    assert award.award_type.name in page
    assert f'href="/me/awards/certificates/{ready.code}.pdf"' in page
    assert 'href="/me/awards/consent/"' in page
    assert 'href="/me/awards/loan/"' in page
    assert client.get(f"/me/awards/certificates/{ready.code}.pdf").status_code == 200


def test_the_dashboard_shows_no_award_before_publishing_nor_another_s(client):
    contest = contest_at(Stage.Kind.CEREMONY)
    entrant = EntrantFactory(contest=contest)
    award_for(contest, entrant=entrant, published=False)
    other = award_for(contest)
    entrant_login(client, entrant.user)

    page = client.get("/register/", HTTP_ACCEPT_LANGUAGE="en").content.decode()

    assert "My awards" not in page
    assert other.entry.display_name not in page


def _dashboard_queries(client):
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/register/")
    assert response.status_code == 200
    return len(queries)


def test_the_awards_panel_costs_the_same_queries_with_one_or_three_awards(client):
    contest = contest_at(Stage.Kind.CEREMONY)
    entrant = EntrantFactory(contest=contest)
    # The entries are there from the start: the dashboard's own list of entries is not measured here.
    entries = [EntryFactory(entrant=entrant, status="submitted", first_submitted_at=timezone.now()) for _ in range(3)]
    CertificateFactory(award=ConfirmedAwardFactory(entry=entries[0], published_at=timezone.now()))
    entrant_login(client, entrant.user)
    client.get("/register/")  # the first visit creates the contest's registration settings
    one = _dashboard_queries(client)
    for entry in entries[1:]:
        CertificateFactory(award=ConfirmedAwardFactory(entry=entry, published_at=timezone.now()))
    assert _dashboard_queries(client) == one
