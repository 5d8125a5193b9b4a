"""The vote's settings are read without being written: the defaults until someone saves some."""

from django.urls import reverse

from voting.models import VoteSettings


def test_reading_the_settings_writes_no_row(client, contest):
    assert VoteSettings.for_contest(contest).votes_per_phone_per_day >= 1

    response = client.get(reverse("voting:gallery"))

    assert response.status_code == 200
    assert not VoteSettings.objects.exists()
