import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse

from notifications.models import SmsMessage
from tests.factories import SmsMessageFactory, UserFactory

CHANGELIST = reverse("admin:notifications_smsmessage_changelist")


@pytest.fixture
def admin_user(db, settings):
    # Staff two-factor sign-in has its own tests (accounts); here only the outbox admin is under test.
    settings.ACCOUNTS_MFA_REQUIRED_PATHS = ["/nowhere-in-these-tests/"]
    return UserFactory(is_staff=True, is_superuser=True)


@pytest.fixture
def admin_client(client, admin_user):
    client.force_login(admin_user)
    return client


def award_row(**kwargs):
    return SmsMessageFactory(
        purpose="award", template="award", params={"entry": "慧眼识数", "award": "一等奖"}, **kwargs
    )


def test_outbox_list_masks_phones_and_filters(admin_client):
    sent = award_row(phone="+8613800138000", status="sent", sent_at="2025-06-01T10:00:00+08:00")
    failed = award_row(phone="+8613900139000", status="failed")

    everything = admin_client.get(CHANGELIST)
    only_failed = admin_client.get(CHANGELIST, {"status__exact": "failed"})
    only_award = admin_client.get(CHANGELIST, {"purpose__exact": "award", "status__exact": "sent"})

    page = everything.content.decode()
    assert "138****8000" in page
    assert "139****9000" in page
    assert "13800138000" not in page
    assert "13900139000" not in page
    assert [row.pk for row in only_failed.context["cl"].result_list] == [failed.pk]
    assert [row.pk for row in only_award.context["cl"].result_list] == [sent.pk]


def test_outbox_search_by_phone_written_any_way(admin_client):
    mine = award_row(phone="+8613800138000")
    award_row(phone="+8613900139000")

    response = admin_client.get(CHANGELIST, {"q": "138 0013 8000"})

    assert [row.pk for row in response.context["cl"].result_list] == [mine.pk]


def test_outbox_row_is_read_only_and_hides_codes(admin_client):
    row = SmsMessageFactory(phone="+8613800138000", params={"code": "654321", "minutes": "10"}, status="failed")
    url = reverse("admin:notifications_smsmessage_change", args=[row.pk])

    page = admin_client.get(url)
    post = admin_client.post(url, {"status": "sent"})
    add = admin_client.get(reverse("admin:notifications_smsmessage_add"))
    delete = admin_client.post(reverse("admin:notifications_smsmessage_delete", args=[row.pk]), {"post": "yes"})

    text = page.content.decode()
    assert page.status_code == 200
    assert "138****8000" in text
    assert "【数据应用创新大赛】您的验证码为******，10分钟内有效。" in text
    assert "654321" not in text
    assert "13800138000" not in text
    assert (post.status_code, add.status_code, delete.status_code) == (403, 403, 403)
    row.refresh_from_db()
    assert row.status == "failed"


def test_resend_action_queues_new_rows_for_failed_messages_only(admin_client, django_capture_on_commit_callbacks):
    failed = award_row(status="failed", last_error="isp.SYSTEM_ERROR")
    sent = award_row(status="sent", sent_at="2025-06-01T10:00:00+08:00")
    failed_code = SmsMessageFactory(status="failed")
    data = {"action": "resend", "_selected_action": [failed.pk, sent.pk, failed_code.pk]}
    admin_client.cookies["django_language"] = "en"  # the assertions below read the English messages

    with django_capture_on_commit_callbacks(execute=True):
        first = admin_client.post(CHANGELIST, data, follow=True)
        admin_client.post(CHANGELIST, data, follow=True)  # a second click resends nothing more

    copy = SmsMessage.objects.get(resent_from=failed)
    assert (copy.phone, copy.template, copy.params, copy.status) == (failed.phone, "award", failed.params, "sent")
    assert SmsMessage.objects.count() == 4
    failed.refresh_from_db()
    sent.refresh_from_db()
    assert (failed.status, failed.last_error, sent.status) == ("failed", "isp.SYSTEM_ERROR", "sent")
    assert [str(m) for m in first.context["messages"]] == [
        "1 message queued again as a new message.",
        "2 messages skipped: only failed messages without a code can be resent.",
    ]


def test_outbox_needs_permission(client, db, settings):
    settings.ACCOUNTS_MFA_REQUIRED_PATHS = ["/nowhere-in-these-tests/"]
    viewer = UserFactory(is_staff=True)
    client.force_login(viewer)

    assert client.get(CHANGELIST).status_code == 403

    viewer.user_permissions.add(Permission.objects.get(codename="view_smsmessage"))
    page = client.get(CHANGELIST)
    assert page.status_code == 200
    assert page.context["action_form"] is None  # viewing the outbox does not allow resending


def test_outbox_names_a_not_advanced_message_for_what_it_is(admin_client):
    SmsMessageFactory(purpose="advancement", template="not_advanced", params={"entry": "慧眼识数", "stage": "复赛"})
    admin_client.cookies["django_language"] = "en"

    page = admin_client.get(CHANGELIST).content.decode()

    assert '<td class="field-template_label">Not advanced</td>' in page
    assert '<td class="field-purpose">Round result</td>' in page
