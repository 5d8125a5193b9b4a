"""The vote API under hostile input: every malformed body is a 400 with a JSON error, never a 500.

The fixed cases are the ones found from outside; the property test throws arbitrary JSON
values (and arbitrary bytes) at every endpoint that reads a body and asks only that the
answer is JSON and not a server error.
"""

import json

import pytest
from django.test import Client
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.factories import ApiClientFactory
from tests.voting.helpers import sms_code

TOKEN = "hostile-token-0001"
BODY_ENDPOINTS = ("codes", "verify", "votes", "captcha")


@pytest.fixture
def post(db, context):
    ApiClientFactory(token=TOKEN, name="fuzz", requests_per_minute=1_000_000)
    client = Client(HTTP_AUTHORIZATION=f"Bearer {TOKEN}")

    def call(name, body, content_type="application/json"):
        response = client.post(reverse(f"voting:api:{name}"), body, content_type=content_type)
        assert response["Content-Type"] == "application/json", response.content[:300]
        return response.status_code, response.json()

    return call


@pytest.mark.parametrize("device_id", [12, 1.5, ["a"], {"a": 1}, True, False])
@pytest.mark.parametrize("name", ["verify", "votes"])
def test_device_id_of_another_type_is_a_400(post, name, device_id):
    status, body = post(name, json.dumps({"phone": "13800138000", "code": "123456", "device_id": device_id}))

    assert status == 400
    assert body["error"] == "invalid_device_id"


@pytest.mark.parametrize("name", ["codes", "verify", "votes"])
def test_deeply_nested_json_is_a_400(post, name):
    status, body = post(name, "[" * 100_000 + "]" * 100_000)

    assert (status, body["error"]) == (400, "invalid_json")


@pytest.mark.parametrize("name", ["codes", "verify", "votes"])
@pytest.mark.parametrize("raw", ["[]", "1", '"x"', "null", "true", "\x00", "{", "\ud800"])
def test_a_body_that_is_not_an_object_is_a_400(post, name, raw):
    status, body = post(name, raw.encode("utf-8", "surrogatepass"))

    assert (status, body["error"]) == (400, "invalid_json")


@pytest.mark.parametrize(
    ("name", "field"),
    [
        ("codes", "phone"),
        ("verify", "phone"),
        ("verify", "code"),
        ("votes", "voter_token"),
        ("votes", "finalist"),
        ("votes", "captcha_key"),
        ("codes", "captcha_key"),
        ("codes", "captcha_value"),
    ],
)
@pytest.mark.parametrize("value", [["13800138000"], {"a": 1}, 13800138000, True, "a\x00b"])
def test_a_field_of_another_type_or_with_nul_is_a_4xx(post, name, field, value):
    status, body = post(name, json.dumps({field: value, "device_id": "d-1"}))

    assert 400 <= status < 500, body
    assert body["error"]


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=True) | st.text(max_size=20),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=12), children, max_size=4),
    max_leaves=12,
)
field_names = st.sampled_from(
    ["phone", "code", "device_id", "voter_token", "finalist", "captcha_key", "captcha_value", "x"]
)
bodies = st.one_of(
    json_values.map(json.dumps),
    st.dictionaries(field_names, json_values, max_size=6).map(json.dumps),
    st.binary(max_size=64),
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(name=st.sampled_from(BODY_ENDPOINTS), body=bodies)
def test_no_body_makes_the_api_fail(post, name, body):
    status, answer = post(name, body)

    assert status < 500, answer
    if status >= 400:
        assert answer["error"]


@pytest.mark.parametrize("field", ["finalist", "captcha_key"])
def test_a_verified_voter_sending_a_nul_gets_a_400(post, finalists, field):
    assert post("codes", json.dumps({"phone": "13800138000"}))[0] == 202
    status, body = post("verify", json.dumps({"phone": "13800138000", "code": sms_code("+8613800138000")}))
    assert status == 200, body
    vote = {"voter_token": body["voter_token"], "finalist": finalists[0].code, field: "a\x00b"}

    status, body = post("votes", json.dumps(vote))

    assert (status, body["error"]) == (400, "invalid_field")


@pytest.mark.parametrize(
    ("method", "name"), [("get", "votes"), ("get", "codes"), ("post", "finalists"), ("put", "verify")]
)
def test_a_wrong_method_is_a_json_405(db, context, method, name):
    ApiClientFactory(token=TOKEN, name="fuzz")
    client = Client(HTTP_AUTHORIZATION=f"Bearer {TOKEN}")

    response = getattr(client, method)(reverse(f"voting:api:{name}"))

    assert (response.status_code, response["Content-Type"]) == (405, "application/json")
    assert response.json()["error"] == "method_not_allowed"
    assert response["Allow"]
