"""The JSON API contract (README, "Public vote API"): status codes, error codes, fields."""

import json
from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from tests.factories import ApiClientFactory
from tests.voting.helpers import sms_code, with_media
from voting.models import Vote

TOKEN = "channel-token-0001"


@pytest.fixture
def api(db):
    ApiClientFactory(token=TOKEN, name="冀时办")
    client = Client(enforce_csrf_checks=True, HTTP_AUTHORIZATION=f"Bearer {TOKEN}")

    def call(method, name, payload=None, **extra):
        url = reverse(f"voting:api:{name}")
        if method == "get":
            response = client.get(url, **extra)
        else:
            response = client.post(url, json.dumps(payload or {}), content_type="application/json", **extra)
        assert response["Content-Type"] == "application/json", response.content[:300]
        return response.status_code, response.json()

    return call


def voter_token(api, phone="13800138000", device_id="app-device-1"):
    assert api("post", "codes", {"phone": phone}) == (202, {"sent": True, "expires_in": 600})
    status, body = api("post", "verify", {"phone": phone, "code": sms_code(f"+86{phone}"), "device_id": device_id})
    assert status == 200, body
    return body["voter_token"]


def test_every_endpoint_needs_a_valid_token(context, db):
    ApiClientFactory(token="inactive-token", is_active=False)
    for headers in ({}, {"HTTP_AUTHORIZATION": "Bearer wrong"}, {"HTTP_AUTHORIZATION": "Bearer inactive-token"}):
        client = Client(**headers)
        for name in ("finalists", "counts"):
            response = client.get(reverse(f"voting:api:{name}"))
            assert (response.status_code, response.json()["error"]) == (401, "unauthorized")
        response = client.post(reverse("voting:api:votes"), "{}", content_type="application/json")
        assert response.status_code == 401


def test_finalists_list(api, context, finalists):
    with_media(finalists[0])

    status, body = api("get", "finalists")

    assert status == 200
    assert body["state"] == "open"
    assert body["votes_per_day"] == 3
    assert body["counts"] == "hidden"
    assert [item["code"] for item in body["finalists"]] == [f.code for f in finalists]
    first = body["finalists"][0]
    assert set(first) == {
        "code",
        "display_name",
        "track",
        "summary",
        "page_url",
        "poster_url",
        "video_url",
        "document_url",
        "qr_png_url",
        "qr_svg_url",
        "excluded",
    }
    assert first["display_name"] == finalists[0].display_name
    assert first["track"] == {"code": "gov", "name": "数字支撑政务服务", "name_en": "Digital government"}
    assert first["summary"] == "群众办事少跑腿。"
    assert first["page_url"] == f"http://testserver/vote/f/{finalists[0].code}/"
    assert first["poster_url"].startswith("http://testserver/files/")
    assert body["finalists"][1]["poster_url"] is None


def test_codes_verify_and_vote(api, context, finalists):
    token = voter_token(api)

    status, body = api(
        "post", "votes", {"finalist": finalists[0].code, "voter_token": token, "device_id": "app-device-1"}
    )

    assert (status, body) == (201, {"finalist": finalists[0].code, "votes_left": 2})
    vote = Vote.objects.get()
    assert (vote.channel, vote.api_client.name, vote.device_id, vote.status) == (
        "api",
        "冀时办",
        "app-device-1",
        "valid",
    )


def test_vote_refusals_have_stable_codes(api, context, finalists, contest, tracks):
    from tests.factories import FinalistFactory

    fourth = FinalistFactory(entrant__contest=contest, track=tracks[0])
    token = voter_token(api)

    def vote(code, **extra):
        return api("post", "votes", {"finalist": code, "voter_token": token, "device_id": "app-device-1", **extra})

    assert vote(finalists[0].code)[0] == 201
    assert vote(finalists[0].code)[0:1] == (409,)
    assert vote(finalists[0].code)[1]["error"] == "already_voted"
    assert vote("NOPE2345")[1]["error"] == "not_a_finalist"
    assert vote(finalists[1].code)[0] == 201
    assert vote(finalists[2].code)[0] == 201
    status, body = vote(fourth.code)
    assert (status, body["error"]) == (429, "daily_limit")
    assert body["message"]
    status, body = api("post", "votes", {"finalist": fourth.code, "voter_token": "forged", "device_id": "x"})
    assert (status, body["error"]) == (401, "not_verified")
    status, body = api("post", "votes", {"finalist": fourth.code, "voter_token": token, "device_id": "other-device"})
    assert (status, body["error"]) == (401, "not_verified")


def test_voting_closed(api, context, finalists, contest):
    stage = context.stage
    stage.ends_at = timezone.now() - timedelta(seconds=1)
    stage.starts_at = stage.ends_at - timedelta(days=10)
    stage.save()

    status, body = api("post", "codes", {"phone": "13800138000"})

    assert (status, body["error"]) == (403, "voting_closed")


def test_bad_phone_and_bad_json(api, context):
    status, body = api("post", "codes", {"phone": "12345"})
    assert (status, body["error"]) == (400, "invalid_phone")

    response = Client(HTTP_AUTHORIZATION=f"Bearer {TOKEN}").post(
        reverse("voting:api:codes"), "not json", content_type="application/json"
    )
    assert (response.status_code, response.json()["error"]) == (400, "invalid_json")


def test_code_limits_of_accounts_apply(api, context):
    assert api("post", "codes", {"phone": "13800138000"})[0] == 202

    status, body = api("post", "codes", {"phone": "13800138000"})

    assert (status, body["error"]) == (429, "code_rate_limited")
    assert 0 < body["retry_after"] <= 60


def test_a_wrong_code(api, context):
    api("post", "codes", {"phone": "13800138000"})
    good = sms_code("+8613800138000")

    status, body = api("post", "verify", {"phone": "13800138000", "code": "0" if good != "0" else "1"})

    assert (status, body["error"]) == (400, "code_invalid")


def test_captcha_then_vote(api, context, finalists, vote_settings):
    from captcha.models import CaptchaStore

    vote_settings.ip_captcha_after = 1
    vote_settings.save()
    token = voter_token(api)
    payload = {"voter_token": token, "device_id": "app-device-1"}
    api("post", "votes", {"finalist": finalists[0].code, **payload})

    status, body = api("post", "votes", {"finalist": finalists[1].code, **payload})
    assert (status, body["error"]) == (428, "captcha_required")
    assert body["captcha"]["image_url"].startswith("http://testserver/captcha/image/")
    store = CaptchaStore.objects.get(hashkey=body["captcha"]["key"])

    status, body = api(
        "post",
        "votes",
        {
            "finalist": finalists[1].code,
            "captcha_key": store.hashkey,
            "captcha_value": store.response.upper(),
            **payload,
        },
    )
    assert status == 201, body
    assert Vote.objects.count() == 2


def test_counts_follow_the_visibility(api, context, finalists, vote_settings):
    status, body = api("get", "counts")
    assert (status, body["error"]) == (403, "counts_hidden")

    vote_settings.counts_visibility = "ranking"
    vote_settings.save()
    status, body = api("get", "counts")
    assert status == 200
    assert body["counts"] == "ranking"
    assert all(set(row) == {"code", "rank"} for row in body["finalists"])

    vote_settings.counts_visibility = "live"
    vote_settings.save()
    token = voter_token(api)
    api("post", "votes", {"finalist": finalists[1].code, "voter_token": token, "device_id": "app-device-1"})
    status, body = api("get", "counts")
    assert (status, body["counts"], body["frozen"]) == (200, "counts", False)
    assert body["finalists"][0] == {"code": finalists[1].code, "rank": 1, "votes": 1}
    assert {row["votes"] for row in body["finalists"][1:]} == {0}


def test_counts_published_by_the_organizers_are_public(api, context, finalists, organizer):
    from voting.services import publish_counts

    publish_counts(contest=context.contest, reason="公布", by=organizer)

    status, body = api("get", "counts")

    assert (status, body["counts"]) == (200, "counts")


def test_client_rate_limit(db, context):
    ApiClientFactory(token="slow-token", requests_per_minute=2)
    client = Client(HTTP_AUTHORIZATION="Bearer slow-token")

    codes = [client.get(reverse("voting:api:finalists")).status_code for _ in range(3)]

    assert codes == [200, 200, 429]


def test_a_fresh_captcha(api, context):
    status, body = api("post", "captcha")

    assert status == 201
    assert set(body) == {"key", "image_url"}


def test_counts_freeze_at_the_end_of_the_stage(api, context, finalists, vote_settings):
    vote_settings.counts_visibility = "live"
    vote_settings.save()
    token = voter_token(api)
    api("post", "votes", {"finalist": finalists[0].code, "voter_token": token, "device_id": "app-device-1"})
    stage = context.stage
    stage.ends_at = timezone.now()
    stage.save()

    status, body = api(
        "post", "votes", {"finalist": finalists[1].code, "voter_token": token, "device_id": "app-device-1"}
    )
    counts_status, counts = api("get", "counts")

    assert (status, body["error"]) == (403, "voting_closed")
    assert (counts_status, counts["frozen"]) == (200, True)
    assert counts["finalists"][0] == {"code": finalists[0].code, "rank": 1, "votes": 1}
    assert Vote.objects.count() == 1
