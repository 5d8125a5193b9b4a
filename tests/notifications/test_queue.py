import logging

import pytest
from django.db import transaction

from notifications.models import SmsMessage
from notifications.services import queue_sms

CODE_PARAMS = {"code": "123456", "minutes": 10}


def test_queue_sms_after_commit_sends_through_console(db, django_capture_on_commit_callbacks, caplog):
    caplog.set_level(logging.INFO, logger="notifications.console")
    with django_capture_on_commit_callbacks(execute=True):
        message = queue_sms(
            phone="+8613800138000",
            purpose=SmsMessage.Purpose.VERIFICATION_CODE,
            template="verification_code",
            params=CODE_PARAMS,
        )

    message.refresh_from_db()
    assert (message.status, message.attempts, message.backend) == ("sent", 1, "console")
    assert message.provider_message_id == f"console-{message.out_id}"
    assert [r.getMessage() for r in caplog.records if r.name == "notifications.console"] == [
        f"SMS to +8613800138000 [verification_code, out-id {message.out_id}]: "
        "【数据应用创新大赛】您的验证码为123456，10分钟内有效。如非本人操作，请忽略本短信。"
    ]


def _queue_then_fail():
    with transaction.atomic():
        queue_sms(phone="+8613800138000", purpose="verification_code", template="verification_code", params=CODE_PARAMS)
        raise RuntimeError("the caller's transaction fails")


def test_queue_sms_rolled_back_sends_nothing(db, django_capture_on_commit_callbacks, caplog):
    caplog.set_level(logging.INFO, logger="notifications.console")
    with django_capture_on_commit_callbacks(execute=True) as callbacks, pytest.raises(RuntimeError):
        _queue_then_fail()

    assert callbacks == []
    assert SmsMessage.objects.count() == 0
    assert [r for r in caplog.records if r.name == "notifications.console"] == []
