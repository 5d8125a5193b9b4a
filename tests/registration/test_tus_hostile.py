"""The upload protocol under hostile headers: every answer is a tus refusal, never a server error.

Creation takes the length, the metadata (base64 pairs) and a checksum from headers; a chunk
takes its offset, content type and checksum. Arbitrary values for each, and bytes that do
not match what they claim, must be refused with a 4xx and a reason.
"""

import base64

import pytest
from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.factories import EntrantFactory, EntryFactory, UserFactory

TUS = {"HTTP_TUS_RESUMABLE": "1.0.0"}
HEADER_TEXT = st.text(alphabet=st.characters(min_codepoint=32, max_codepoint=126), max_size=40)
NUMBERS = st.one_of(
    st.integers(min_value=-(10**20), max_value=10**20).map(str), st.sampled_from(["", "1e3", "0x10", " 5", "NaN"])
)


def b64(text):
    return base64.b64encode(text.encode()).decode()


@pytest.fixture
def owner(db, contest):
    entry = EntryFactory(entrant=EntrantFactory(contest=contest, user=UserFactory()))
    client = Client()
    client.force_login(entry.entrant.user)
    return client, entry


def metadata_values(entry):
    pair = st.tuples(
        st.sampled_from(["filename", "filetype", "entry", "kind", "x", ""]),
        st.one_of(st.sampled_from([entry.code, "materials", "video", "a\x00b", "长" * 300]), st.text(max_size=20)),
    )
    encoded = st.lists(pair, max_size=5).map(lambda pairs: ",".join(f"{k} {b64(v)}" for k, v in pairs))
    return st.one_of(encoded, HEADER_TEXT, st.just("filename !!!notbase64"))


@settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck))
@given(data=st.data())
def test_no_creation_header_makes_the_upload_endpoint_fail(owner, data):
    client, entry = owner
    headers = {
        "HTTP_UPLOAD_LENGTH": data.draw(NUMBERS),
        "HTTP_UPLOAD_METADATA": data.draw(metadata_values(entry)),
        "HTTP_UPLOAD_CHECKSUM": data.draw(HEADER_TEXT),
        "HTTP_UPLOAD_DEFER_LENGTH": data.draw(st.sampled_from(["", "1", "x"])),
    }
    headers = {key: value for key, value in headers.items() if data.draw(st.booleans())}

    response = client.post("/uploads/", **TUS, **headers)

    assert response.status_code < 500, headers


@settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck))
@given(data=st.data())
def test_no_chunk_makes_the_upload_endpoint_fail(owner, data):
    client, entry = owner
    meta = f"filename {b64('a.pdf')},filetype {b64('application/pdf')},entry {b64(entry.code)},kind {b64('materials')}"
    created = client.post("/uploads/", HTTP_UPLOAD_LENGTH="100", HTTP_UPLOAD_METADATA=meta, **TUS)
    assert created.status_code == 201, created.content
    location = created["Location"]
    method = data.draw(st.sampled_from(["PATCH", "HEAD", "DELETE", "POST", "GET", "OPTIONS"]))
    headers = {
        "HTTP_UPLOAD_OFFSET": data.draw(NUMBERS),
        "HTTP_UPLOAD_CHECKSUM": data.draw(st.one_of(HEADER_TEXT, st.just("sha1 !!!"), st.just("md5 AAAA"))),
        "CONTENT_TYPE": data.draw(st.sampled_from(["application/offset+octet-stream", "text/plain", ""])),
    }
    body = data.draw(st.binary(max_size=300))

    response = client.generic(method, location, body, **TUS, **headers)

    assert response.status_code < 500, (method, headers, len(body))
