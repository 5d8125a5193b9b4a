"""The outbox's part of "download my data" and "delete my account"."""

from django.utils import timezone

from accounts.services import delete_account, export_personal_data
from notifications.models import SmsMessage
from tests.factories import SmsMessageFactory, UserFactory

PHONE = "+8613800138000"


def test_export_lists_my_messages_without_codes_and_nobody_elses(db):
    user = UserFactory(phone=PHONE)
    SmsMessageFactory(phone=PHONE, params={"code": "482913", "minutes": "10"})
    SmsMessageFactory(
        phone=PHONE, purpose="registration_confirmation", template="registration_confirmation",
        params={"name": "数据团队+智慧政务", "code": "ABCD2345"},
    )  # fmt: skip
    SmsMessageFactory(phone="+8613900139000")

    section = export_personal_data(user=user)["sections"]["sms_messages"]

    assert [row["purpose"] for row in section] == ["verification_code", "registration_confirmation"]
    assert "482913" not in str(section)


def test_erase_deletes_codes_masks_history_and_cancels_pending(db):
    user = UserFactory(phone=PHONE)
    SmsMessageFactory(phone=PHONE)
    sent = SmsMessageFactory(
        phone=PHONE, purpose="registration_confirmation", template="registration_confirmation",
        params={"name": "数据团队+智慧政务", "code": "ABCD2345"}, status="sent", sent_at=timezone.now(),
    )  # fmt: skip
    pending = SmsMessageFactory(phone=PHONE, purpose="award", template="registration_confirmation")
    other = SmsMessageFactory(phone="+8613900139000")

    delete_account(user=user)

    assert set(SmsMessage.objects.values_list("pk", flat=True)) == {sent.pk, pending.pk, other.pk}
    sent.refresh_from_db()
    pending.refresh_from_db()
    assert (sent.phone, sent.params, sent.status) == ("138****8000", {}, "sent")
    assert (pending.phone, pending.status) == ("138****8000", "failed")
    assert SmsMessage.objects.filter(phone__contains="13800138000").count() == 0
    other.refresh_from_db()
    assert other.phone == "+8613900139000"
