"""Voter tokens and the voting day: signed, of one day and one device, in Beijing time."""

from datetime import UTC, datetime, timedelta

from django.utils import timezone

from tests.voting.helpers import make_voter
from voting.voters import _verified_voter, end_of_day, issue_voter_token, read_voter_token, vote_day

PHONE = "13800138000"


def test_a_token_stands_for_its_voter_on_its_day_and_device():
    voter = make_voter(PHONE, device_id="phone-a")
    token = issue_voter_token(voter)

    assert read_voter_token(token, device_id="phone-a") == voter
    hits = _verified_voter.cache_info().hits
    assert read_voter_token(token, device_id="phone-a") == voter
    assert _verified_voter.cache_info().hits == hits + 1  # the signature was checked once
    assert read_voter_token(token, device_id="phone-b") is None
    assert read_voter_token(token, device_id="phone-a", now=timezone.now() + timedelta(days=1)) is None


def test_a_forged_token_is_refused():
    token = issue_voter_token(make_voter(PHONE))
    payload, _, signature = token.rpartition(":")

    assert read_voter_token(f"{payload}:{signature[::-1]}") is None
    assert read_voter_token(f"{payload[:-2]}:{signature}") is None
    assert read_voter_token("") is None


def test_a_rotated_secret_key_stops_old_tokens_unless_kept_as_a_fallback(settings):
    token = issue_voter_token(make_voter(PHONE))
    old_key = settings.SECRET_KEY
    assert read_voter_token(token) is not None  # now cached under the old key

    settings.SECRET_KEY = "a-new-secret-key-" + "x" * 40
    assert read_voter_token(token) is None

    settings.SECRET_KEY_FALLBACKS = [old_key]
    assert read_voter_token(token) is not None


def test_the_voting_day_is_beijing_time_whatever_zone_is_active():
    # 16:30 UTC is 00:30 the next day in Beijing.
    at = datetime(2022, 8, 5, 16, 30, tzinfo=UTC)
    with timezone.override("UTC"):
        assert vote_day(at).isoformat() == "2022-08-06"
    assert vote_day(at - timedelta(minutes=31)).isoformat() == "2022-08-05"


def test_a_voter_token_ends_at_midnight_beijing_time_whatever_zone_is_active():
    day = datetime(2022, 8, 5, tzinfo=UTC).date()
    with timezone.override("UTC"):
        assert end_of_day(day) == datetime(2022, 8, 5, 16, 0, tzinfo=UTC)
