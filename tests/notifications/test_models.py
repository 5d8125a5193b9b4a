import pytest
from django.core.management import call_command
from django.core.management.base import SystemCheckError
from django.db import IntegrityError, transaction
from django.utils import timezone, translation

from notifications.models import SmsMessage
from tests.factories import SmsMessageFactory


@pytest.mark.parametrize(
    ("fields", "constraint"),
    [
        ({"status": "sent"}, "sms_sent_has_sent_at"),
        ({"status": "sending"}, "sms_sending_has_claimed_at"),
        ({"status": "lost"}, "sms_status_valid"),
        ({"purpose": "marketing"}, "sms_purpose_valid"),
        ({"phone": ""}, "sms_phone_not_empty"),
    ],
)
def test_outbox_row_constraints(db, fields, constraint):
    with pytest.raises(IntegrityError, match=constraint), transaction.atomic():
        SmsMessageFactory(**fields)


def test_outbox_idempotency_key_unique_but_optional(db):
    SmsMessageFactory(idempotency_key=None)
    SmsMessageFactory(idempotency_key=None)
    SmsMessageFactory(idempotency_key="k")

    with pytest.raises(IntegrityError), transaction.atomic():
        SmsMessageFactory(idempotency_key="k")
    assert SmsMessage.objects.count() == 3


def test_outbox_row_str_masks_phone(db):
    row = SmsMessageFactory(phone="+8613800138000", status="sent", sent_at=timezone.now())

    with translation.override("en"):
        assert str(row) == "Verification code → 138****8000 (Sent)"


def test_check_flags_missing_template_ids_and_unsafe_recovery(settings):
    settings.SMS_BACKEND = "tencent"
    settings.SMS_TENCENT_TEMPLATES = {"verification_code": "2000001"}
    settings.SMS_RECOVER_AFTER = 60

    with pytest.raises(SystemCheckError) as caught:
        call_command("check")

    text = str(caught.value)
    assert "notifications.E001" in text
    assert "(notifications.W001) SMS_TENCENT_TEMPLATES has no template id for: advancement, award, " in text
