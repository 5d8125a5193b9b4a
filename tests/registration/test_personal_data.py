"""Registration's part of "download my data" and "delete my account"."""

import json

import pytest

from accounts.services import delete_account, export_personal_data
from registration import services
from registration.id_numbers import encrypt_id_number, id_number_lookup_key
from registration.models import Entrant, Entry, EntryFile, EntryRevision, TeamMember
from tests.factories import EntryFactory, TeamMemberFactory
from tests.helpers import entrant_login

pytestmark = pytest.mark.django_db

ID_NUMBER = "11010519491231002X"


@pytest.fixture
def registered(entrant, owner, track, complete_entry, other_track):
    """A team with two members (one with an ID number), a submitted entry and a draft."""
    member = entrant.members.get()
    member.id_number_encrypted = encrypt_id_number(ID_NUMBER)
    member.id_number_key = id_number_lookup_key(ID_NUMBER)
    member.save()
    TeamMemberFactory(entrant=entrant, name="李四", phone="+8613700137000")
    services.submit_entry(entry=complete_entry, by=owner)
    draft = EntryFactory(entrant=entrant, track=other_track, title="草稿作品")
    return {"entrant": entrant, "submitted": complete_entry, "draft": draft}


def test_download_holds_the_profile_team_and_entries_with_the_id_number_masked(client, owner, registered):
    entrant_login(client, owner)

    response = client.get("/accounts/my-data/")
    data = json.loads(b"".join(response.streaming_content) if response.streaming else response.content)

    (section,) = data["sections"]["registration"]
    assert section["profile"]["name"] == "智慧团队"
    assert section["profile"]["region"] == "shijiazhuang"
    assert [m["name"] for m in section["members"]] == ["张三", "李四"]
    assert section["members"][0]["id_number"] == "110105********002X"
    assert section["members"][1]["id_number"] == ""
    assert ID_NUMBER not in json.dumps(data)
    assert [e["title"] for e in section["entries"]] == ["一网通办助手", "草稿作品"]
    submitted = section["entries"][0]
    assert submitted["status"] == "submitted"
    assert submitted["self_introduction"] == "团队成员长期从事政务数据开发。"
    assert {f["kind"] for f in submitted["files"]} == {"materials", "video"}


def test_download_holds_nobody_elses_registration(owner, registered, other_entrant):
    EntryFactory(entrant=other_entrant, title="别人的作品")

    text = json.dumps(export_personal_data(user=owner), ensure_ascii=False)

    assert "别人的作品" not in text
    assert other_entrant.name not in text


def test_deleting_the_account_keeps_submitted_entries_under_an_anonymous_name(owner, registered):
    submitted, entrant = registered["submitted"], registered["entrant"]

    delete_account(user=owner)

    entrant.refresh_from_db()
    submitted.refresh_from_db()
    assert entrant.name.startswith("deleted-")
    assert (entrant.organisation, entrant.credit_code) == ("", "")
    assert submitted.display_name == f"{entrant.name}+一网通办助手"
    assert submitted.status == Entry.Status.SUBMITTED
    assert submitted.self_introduction == ""
    assert not Entry.objects.filter(pk=registered["draft"].pk).exists()
    assert not TeamMember.objects.filter(entrant=entrant).exists()
    history = json.dumps(list(EntryRevision.objects.values_list("snapshot", flat=True)), ensure_ascii=False)
    assert "智慧团队" not in history
    assert "团队成员长期从事政务数据开发" not in history
    assert EntryFile.objects.filter(entry=submitted).count() == 2


def test_deleting_an_account_with_only_drafts_removes_the_entrant(owner, entrant, track):
    EntryFactory(entrant=entrant, track=track)

    delete_account(user=owner)

    assert not Entrant.objects.filter(pk=entrant.pk).exists()
    assert not Entry.objects.exists()
