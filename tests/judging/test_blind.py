"""Blind rounds: no judge page, title, link, file name or header names the entrant, its
organisation, its team or its region — in either language, in any state of the sheet."""

import pytest

from contest.regions import HEBEI_REGIONS
from judging.models import Assignment
from tests.helpers import staff_login
from tests.judging.helpers import (
    SECRET_ENTRANT,
    SECRET_FILE,
    SECRET_MEMBER,
    SECRET_MEMBER_ORG,
    SECRET_ORGANISATION,
    SECRET_REGION,
    SECRET_VIDEO,
    score,
)

pytestmark = pytest.mark.django_db

LANGUAGES = ["zh-hans", "en"]


def secrets(entry):
    words = {SECRET_ENTRANT, SECRET_ORGANISATION, SECRET_MEMBER, SECRET_MEMBER_ORG, SECRET_FILE, SECRET_VIDEO}
    words.add(entry.display_name)
    words.add("13912345678")  # the member's phone
    words.add("保密科技")  # any part of the entrant's name
    for code, name, name_en in HEBEI_REGIONS:
        if code == SECRET_REGION:
            words.update({name, name_en})
    return words


def leaks(text, entry):
    return sorted(word for word in secrets(entry) if word in text)


def judge_pages(client, scene):
    """Every page and file a judge of the scene can open, as (what, text to search)."""
    round_code, code = scene["round"].code, scene["entry"].code
    base = f"/judge/{round_code}/{code}/"
    found = []
    for language in LANGUAGES:
        headers = {"HTTP_ACCEPT_LANGUAGE": language}
        for path in ["/judge/", base, f"{base}conflict/"]:
            response = client.get(path, **headers)
            assert response.status_code == 200, path
            found.append((f"{language} {path}", response.content.decode()))
        for path in [f"{base}files/materials/", f"{base}files/video/"]:
            response = client.get(path, **headers)
            assert response.status_code == 200, path
            found.append((f"{language} {path} headers", str(dict(response.headers))))
    return found


def test_no_judge_page_leaks_the_entrant_while_scoring(client, scene):
    staff_login(client, scene["judges"][0].user)

    for what, text in judge_pages(client, scene):
        assert leaks(text, scene["entry"]) == [], what


def test_no_judge_page_leaks_the_entrant_after_submitting_with_peer_scores(client, scene):
    round_ = scene["round"]
    round_.peer_scores = "after_submit"
    round_.save()
    for sheet in Assignment.objects.filter(entry=scene["entry"]):
        score(sheet, [6, 7, 8])
    client_judge = staff_login(client, scene["judges"][1].user)

    for what, text in judge_pages(client_judge, scene):
        assert leaks(text, scene["entry"]) == [], what


def test_form_errors_and_redirects_leak_nothing(client, scene):
    staff_login(client, scene["judges"][0].user)
    round_ = scene["round"]
    url = f"/judge/{round_.code}/{scene['entry'].code}/"
    data = {"submit": "1"}
    for criterion in round_.criteria.all():
        data[f"criterion_{criterion.pk}"] = "10"

    invalid = client.post(url, data)
    assert leaks(invalid.content.decode(), scene["entry"]) == []

    for criterion in round_.criteria.all():
        data[f"comment_{criterion.pk}"] = "很好"
    done = client.post(url, data, follow=True)
    assert leaks(str(done.redirect_chain) + done.content.decode(), scene["entry"]) == []


def test_an_open_round_shows_the_entrant_so_the_search_would_find_a_leak(client, scene):
    round_ = scene["round"]
    round_.blind = False
    round_.save()
    staff_login(client, scene["judges"][0].user)

    page = client.get(f"/judge/{round_.code}/{scene['entry'].code}/").content.decode()

    assert SECRET_ENTRANT in page
    assert SECRET_MEMBER in page
    assert SECRET_FILE not in page  # uploaded names never: files are named by the entry code
