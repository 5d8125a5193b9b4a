"""The judge reads the entrant's self-introduction beside the work, as the plan asks."""

import pytest

from tests.helpers import staff_login

pytestmark = pytest.mark.django_db


def test_judge_page_shows_the_self_introduction(client, scene):
    entry = scene["entry"]
    entry.self_introduction = "我们长期从事<政务数据>治理。\n团队有十年经验。"
    entry.save(update_fields=["self_introduction"])
    staff_login(client, scene["judges"][0].user)
    client.cookies["django_language"] = "en"

    html = client.get(f"/judge/{scene['round'].code}/{entry.code}/").content.decode()

    assert "<dt>Self-introduction</dt><dd>我们长期从事&lt;政务数据&gt;治理。<br>团队有十年经验。</dd>" in html
