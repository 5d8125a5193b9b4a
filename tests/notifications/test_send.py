import socket
import threading
from datetime import timedelta

import pytest
from django.db import connection
from django.utils import timezone

from notifications.models import SmsMessage
from notifications.services import queue_sms, retry_delay, send_sms
from notifications.tasks import task_send_sms
from tests.factories import SmsMessageFactory

from .fakes.provider import LOST


def test_send_sms_aliyun_success_records_provider_id(db, fake_aliyun):
    row = SmsMessageFactory(phone="+8613800138000", params={"code": "654321", "minutes": "10"})

    message = send_sms(message_id=row.pk)

    (accepted,) = fake_aliyun.sent
    assert accepted["out_id"] == row.out_id
    assert (accepted["phone"], accepted["template"], accepted["sign_name"]) == (
        "13800138000",
        "SMS_100000001",
        "数据应用创新大赛",
    )
    assert accepted["params"] == {"code": "654321", "minutes": "10"}
    assert (message.status, message.attempts, message.backend, message.last_error) == ("sent", 1, "aliyun", "")
    assert message.provider_message_id == accepted["provider_message_id"]
    assert message.sent_at is not None


def test_send_sms_same_row_twice_sends_once(db, fake_aliyun):
    row = SmsMessageFactory()

    first = task_send_sms(message_id=row.pk)
    second = task_send_sms(message_id=row.pk)

    assert (first, second) == ("sent", None)
    assert fake_aliyun.out_id_counts() == {row.out_id: 1}


def test_send_sms_missing_row_returns_quietly(db, fake_aliyun):
    assert task_send_sms(message_id=987654) is None
    assert fake_aliyun.actions == []


def test_send_sms_two_workers_racing_send_once(transactional_db, fake_aliyun):
    if connection.vendor != "postgresql":
        pytest.skip("needs concurrent writers: PostgreSQL (SQLite's shared in-memory test database locks whole tables)")
    fake_aliyun.delay = 0.2  # both workers are inside the task while the first one talks to the provider
    rows = SmsMessageFactory.create_batch(5)
    results = {}
    barrier = threading.Barrier(2)

    def worker(name, pk):
        try:
            barrier.wait()
            results[name, pk] = task_send_sms(message_id=pk)
        finally:
            connection.close()

    for row in rows:
        threads = [threading.Thread(target=worker, args=(name, row.pk)) for name in ("a", "b")]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=30)

    assert sorted(results.values(), key=str) == sorted(["sent", None] * 5, key=str)
    assert fake_aliyun.out_id_counts() == {row.out_id: 1 for row in rows}
    assert set(SmsMessage.objects.values_list("status", "attempts")) == {("sent", 1)}


def test_send_sms_retryable_then_success(db, fake_aliyun, django_capture_on_commit_callbacks):
    fake_aliyun.script.extend(["isv.BUSINESS_LIMIT_CONTROL", "Throttling.User"])

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        row = queue_sms(
            phone="+8613800138000", purpose="verification_code", template="verification_code",
            params={"code": "123456", "minutes": 10},
        )  # fmt: skip

    row.refresh_from_db()
    assert len(callbacks) == 3  # the first send and two retries
    assert fake_aliyun.actions == ["SendSms", "SendSms", "SendSms"]
    assert fake_aliyun.out_id_counts() == {row.out_id: 1}
    assert (row.status, row.attempts, row.in_doubt) == ("sent", 3, False)


def test_send_sms_permanent_failure_fails_at_once(db, fake_aliyun, settings, django_capture_on_commit_callbacks):
    settings.SMS_ALIYUN_TEMPLATES = {**settings.SMS_ALIYUN_TEMPLATES, "award": "SMS_NOT_APPROVED"}
    rejected = SmsMessageFactory(purpose="award", template="award", params={"entry": "作品", "award": "一等奖"})
    bad_number = SmsMessageFactory()
    fake_aliyun.script.append("isv.MOBILE_NUMBER_ILLEGAL")

    with django_capture_on_commit_callbacks() as callbacks:
        first = send_sms(message_id=bad_number.pk)
        second = send_sms(message_id=rejected.pk)

    assert callbacks == []
    assert fake_aliyun.sent == []
    assert (first.status, first.attempts, first.last_error) == ("failed", 1, "isv.MOBILE_NUMBER_ILLEGAL: 非法手机号")
    assert (second.status, second.attempts, second.last_error) == (
        "failed",
        1,
        "isv.SMS_TEMPLATE_ILLEGAL: 模板不合法(不存在或被拉黑)",
    )


def test_retry_delay_doubles_up_to_the_cap(settings):
    settings.SMS_RETRY_BASE_DELAY = 30
    settings.SMS_RETRY_MAX_DELAY = 1800

    assert [retry_delay(attempt) for attempt in range(1, 9)] == [30, 60, 120, 240, 480, 960, 1800, 1800]


def test_send_sms_backs_off_exponentially_then_gives_up(db, fake_aliyun, settings, django_capture_on_commit_callbacks):
    settings.SMS_MAX_ATTEMPTS = 5
    settings.SMS_RETRY_BASE_DELAY = 30
    settings.SMS_RETRY_MAX_DELAY = 200
    fake_aliyun.script.extend(["isv.BUSINESS_LIMIT_CONTROL"] * 5)
    row = SmsMessageFactory()
    now = timezone.now()
    schedule = []

    with django_capture_on_commit_callbacks() as callbacks:
        for _attempt in range(5):
            message = send_sms(message_id=row.pk, now=now)
            if message.status == "queued":
                schedule.append((message.next_attempt_at - now).total_seconds())
                now = message.next_attempt_at

    assert schedule == [30, 60, 120, 200]
    assert len(callbacks) == 4  # one delayed task per retry, none after giving up
    assert (message.status, message.attempts) == ("failed", 5)
    assert message.last_error == "gave up after 5 attempts: isv.BUSINESS_LIMIT_CONTROL: 触发号码天级流控Permits:10"
    assert fake_aliyun.actions == ["SendSms"] * 5
    assert fake_aliyun.sent == []


def test_send_sms_lost_answer_is_looked_up_not_sent_again(db, fake_aliyun):
    fake_aliyun.script.append(LOST)
    row = SmsMessageFactory()

    first = send_sms(message_id=row.pk)
    assert (first.status, first.in_doubt) == ("queued", True)
    assert first.last_error.startswith("no answer from")

    second = send_sms(message_id=row.pk)

    assert fake_aliyun.actions == ["SendSms", "QuerySendDetails"]
    assert fake_aliyun.out_id_counts() == {row.out_id: 1}
    assert (second.status, second.attempts, second.last_error) == ("sent", 2, "found by lookup, not sent again")


def test_send_sms_provider_error_in_doubt_then_not_found_sends(db, fake_aliyun):
    fake_aliyun.script.append("isp.SYSTEM_ERROR")
    row = SmsMessageFactory()

    first = send_sms(message_id=row.pk)
    second = send_sms(message_id=row.pk)

    assert (first.status, first.in_doubt, first.last_error) == ("queued", True, "isp.SYSTEM_ERROR: isp.SYSTEM_ERROR")
    assert fake_aliyun.actions == ["SendSms", "QuerySendDetails", "SendSms"]
    assert fake_aliyun.out_id_counts() == {row.out_id: 1}
    assert (second.status, second.attempts) == ("sent", 2)


def test_send_sms_connection_refused_retries_without_lookup(db, settings):
    settings.SMS_BACKEND = "aliyun"
    settings.SMS_ALIYUN_ACCESS_KEY_ID = "id"
    settings.SMS_ALIYUN_ACCESS_KEY_SECRET = "secret"
    settings.SMS_ALIYUN_TEMPLATES = {"verification_code": "SMS_1"}
    with socket.socket() as probe:  # a port that was free a moment ago: nothing listens there
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    settings.SMS_ALIYUN_ENDPOINT = f"http://127.0.0.1:{port}/"
    row = SmsMessageFactory()

    message = send_sms(message_id=row.pk)

    assert (message.status, message.attempts, message.in_doubt) == ("queued", 1, False)
    assert message.next_attempt_at > timezone.now() + timedelta(seconds=20)
