"""The entrant's pages in order: profile, team, entry steps, submission, withdrawal, and after the deadline."""

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from contest.models import Stage
from notifications.models import SmsMessage
from registration.models import Entrant, Entry, TeamMember
from tests.factories import TeamMemberFactory
from tests.helpers import entrant_login


def close_registration(contest):
    Stage.objects.filter(contest=contest, kind=Stage.Kind.REGISTRATION).update(
        starts_at=timezone.now() - timedelta(days=60), ends_at=timezone.now() - timedelta(seconds=1)
    )


# --- the flow -----------------------------------------------------------------------


def test_profile_page_creates_profile_then_team_page(client, contest, owner):
    entrant_login(client, owner)
    response = client.post(
        reverse("registration:profile"),
        {"kind": "team", "name": "数据先锋队", "region": "tangshan", "accept_rules": "on", "accept_privacy": "on"},
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("registration:team")
    entrant = Entrant.objects.get(user=owner)
    assert (entrant.name, entrant.region, entrant.kind) == ("数据先锋队", "tangshan", "team")


def test_profile_page_invalid_credit_code_shows_error_and_saves_nothing(client, contest, owner):
    entrant_login(client, owner)
    response = client.post(
        reverse("registration:profile"),
        {
            "kind": "organisation",
            "name": "某公司",
            "organisation_type": "enterprise",
            "credit_code": "91350100M000100Y44",
            "region": "tangshan",
            "accept_rules": "on",
            "accept_privacy": "on",
        },
    )
    assert response.status_code == 200
    assert response.context["form"].errors["credit_code"]
    assert not Entrant.objects.exists()


def test_team_page_adds_members_up_to_limit_then_refuses_eleventh(client, entrant, owner):
    entrant_login(client, owner)
    for n in range(10):
        response = client.post(
            reverse("registration:team"),
            {"name": f"成员{n}", "phone": f"1380000{n:04d}", "organisation": "河北大学", "role": "开发"},
        )
        assert response.status_code == 302
    response = client.get(reverse("registration:team"))
    assert response.context["is_full"] is True
    response = client.post(
        reverse("registration:team"),
        {"name": "第十一人", "phone": "13900000011", "organisation": "河北大学", "role": "开发"},
    )
    assert response.status_code == 200
    assert [e.code for e in response.context["form"].errors.as_data()["__all__"]] == ["team_full"]
    assert entrant.members.count() == 10


def test_team_page_member_of_other_team_names_our_member(client, entrant, other_entrant, owner):
    TeamMemberFactory(entrant=other_entrant, name="王五", phone="+8613800138000")
    entrant_login(client, owner)
    response = client.post(
        reverse("registration:team"),
        {"name": "张三", "phone": "13800138000", "organisation": "河北大学", "role": "队长"},
    )
    assert response.status_code == 200
    errors = response.context["form"].errors["phone"]
    assert len(errors) == 1
    assert "张三" in errors[0]
    assert "王五" not in response.content.decode()
    assert other_entrant.name not in response.content.decode()


def test_team_page_marks_the_optional_id_number_once(client, entrant, owner):
    entrant_login(client, owner)

    html = client.get(reverse("registration:team")).content.decode()

    # The label carries no "(optional)" of its own: the form template adds the one mark.
    assert (
        '<label class="reg-field__label" for="id_id_number">身份证号 <span class="muted">（选填）</span></label>'
        in html
    )
    assert html.count("选填") == 1


def test_team_page_invalid_id_number_is_refused(client, entrant, owner):
    entrant_login(client, owner)
    response = client.post(
        reverse("registration:team"),
        {
            "name": "张三",
            "phone": "13800138000",
            "organisation": "河北大学",
            "role": "队长",
            "id_number": "110105194912310021",
        },
    )
    assert response.status_code == 200
    assert response.context["form"].errors["id_number"]
    assert not entrant.members.exists()


def test_entry_steps_save_draft_at_each_step(client, entrant, owner, track):
    entrant_login(client, owner)
    response = client.post(reverse("registration:entry_new"), {"track": track.pk, "title": "一网通办", "kind": "app"})
    entry = Entry.objects.get(entrant=entrant)
    assert response["Location"] == reverse("registration:entry_step", args=[entry.code, "description"])
    client.post(reverse("registration:entry_step", args=[entry.code, "description"]), {"summary": "简介"})
    # A reload of the step shows what was saved.
    response = client.get(reverse("registration:entry_step", args=[entry.code, "description"]))
    assert response.context["form"].initial["summary"] == "简介"
    entry.refresh_from_db()
    assert (entry.status, entry.summary, entry.title) == ("draft", "简介", "一网通办")


def test_app_entry_without_url_cannot_be_submitted_from_page(client, complete_entry, owner):
    Entry.objects.filter(pk=complete_entry.pk).update(kind="app", usage_instructions="安装即可")
    entrant_login(client, owner)
    response = client.get(reverse("registration:entry_submit", args=[complete_entry.code]))
    assert [field for field, _label, _message, _url in response.context["problems"]] == ["product_url"]
    response = client.post(reverse("registration:entry_submit", args=[complete_entry.code]))
    assert response.status_code == 200
    assert len(response.context["errors"]) == 1
    complete_entry.refresh_from_db()
    assert complete_entry.status == "draft"


def test_submit_page_submits_and_shows_the_sms_text(client, complete_entry, owner):
    entrant_login(client, owner)
    response = client.get(reverse("registration:entry_submit", args=[complete_entry.code]))
    assert response.context["problems"] == []
    response = client.post(reverse("registration:entry_submit", args=[complete_entry.code]), follow=True)
    complete_entry.refresh_from_db()
    assert complete_entry.status == "submitted"
    sms = SmsMessage.objects.get(purpose="registration_confirmation")
    expected = f"您的参赛作品“智慧团队+一网通办助手”已提交成功，作品编号{complete_entry.code}。评审结果将以短信通知，请保持手机畅通。"
    assert sms.params == {"entry": "智慧团队+一网通办助手", "number": complete_entry.code}
    assert expected in response.content.decode().replace("&ldquo;", "“").replace("&rdquo;", "”")
    dashboard = client.get(reverse("registration:dashboard")).content.decode()
    assert complete_entry.code in dashboard
    assert "已提交成功" in dashboard
    # No round has released results yet: no link that would lead to "not published yet".
    assert f'href="{reverse("judging:entry_results", args=[complete_entry.code])}"' not in dashboard
    assert "138****8000" in response.content.decode()


def test_crafted_post_after_deadline_changes_nothing(client, complete_entry, owner, track):
    close_registration(complete_entry.contest)
    entrant_login(client, owner)
    before = Entry.objects.values().get(pk=complete_entry.pk)
    client.post(reverse("registration:entry_submit", args=[complete_entry.code]))
    client.post(
        reverse("registration:entry_step", args=[complete_entry.code, "basics"]),
        {"track": track.pk, "title": "改", "kind": "app"},
    )
    client.post(reverse("registration:entry_step", args=[complete_entry.code, "description"]), {"summary": "改"})
    client.post(reverse("registration:entry_delete", args=[complete_entry.code]))
    client.post(reverse("registration:team"), {"name": "新", "phone": "13700137000", "organisation": "o", "role": "r"})
    client.post(reverse("registration:member_remove", args=[1]))
    client.post(reverse("registration:profile"), {"kind": "individual", "name": "改名", "region": "tangshan"})
    assert Entry.objects.values().get(pk=complete_entry.pk) == before
    assert Entrant.objects.get(pk=complete_entry.entrant_id).name == "智慧团队"
    assert list(TeamMember.objects.values_list("name", flat=True)) == ["张三"]
    assert not SmsMessage.objects.exists()


def test_pages_after_deadline_say_registration_closed(client, complete_entry, owner):
    close_registration(complete_entry.contest)
    entrant_login(client, owner)
    response = client.get(reverse("registration:entry_step", args=[complete_entry.code, "basics"]))
    assert response.context["window"].state == "closed"
    assert 'class="reg-window reg-window--closed"' in response.content.decode()
    assert "<fieldset disabled>" in response.content.decode()


def test_crafted_post_after_deadline_shows_the_reason(client, complete_entry, owner):
    close_registration(complete_entry.contest)
    entrant_login(client, owner)
    response = client.post(reverse("registration:entry_submit", args=[complete_entry.code]))
    assert response.status_code == 200
    assert response.context["errors"] == [response.context["window"].message]


def test_withdraw_page(client, complete_entry, owner):
    from registration.services import submit_entry

    submit_entry(entry=complete_entry, by=owner)
    entrant_login(client, owner)
    response = client.post(reverse("registration:entry_withdraw", args=[complete_entry.code]))
    assert response["Location"] == reverse("registration:entry", args=[complete_entry.code])
    complete_entry.refresh_from_db()
    assert complete_entry.status == "withdrawn"


def test_disqualified_entry_shows_ground_and_note_to_owner(client, complete_entry, owner, organizer):
    from registration.services import disqualify_entry, submit_entry

    submit_entry(entry=complete_entry, by=owner)
    disqualify_entry(entry=complete_entry, by=organizer, ground="false_information", note="营业执照与申报单位不符")
    entrant_login(client, owner)
    for url in (reverse("registration:entry", args=[complete_entry.code]), reverse("registration:dashboard")):
        content = client.get(url).content.decode()
        assert "营业执照与申报单位不符" in content
        assert str(Entry.Ground.FALSE_INFORMATION.label) in content
