import io
import time
from collections import Counter

import pytest
from django.core.management import call_command
from django.db import transaction

from notifications.models import SmsMessage
from notifications.services import queue_sms
from tests.helpers import wait_for

from .fakes.aliyun import ALIYUN_KEY_ID, ALIYUN_SECRET, ALIYUN_TEMPLATES, FakeAliyun, aliyun_settings

BATCH = 200


@pytest.fixture
def slow_aliyun_for_worker(monkeypatch, settings):
    """A loopback Aliyun that takes 20 ms per send, known to the worker (env) and to this process (settings).

    Requested before `celery_worker_process`, so the worker starts with these variables.
    """
    provider = FakeAliyun(
        access_key_id=ALIYUN_KEY_ID,
        access_key_secret=ALIYUN_SECRET,
        templates=dict(ALIYUN_TEMPLATES.values()),
        delay=0.02,
    ).start()
    for name, value in aliyun_settings(provider.url).items():
        monkeypatch.setenv(name, value)
    settings.SMS_BACKEND = "aliyun"
    settings.SMS_ALIYUN_ENDPOINT = provider.url
    settings.SMS_ALIYUN_ACCESS_KEY_ID = ALIYUN_KEY_ID
    settings.SMS_ALIYUN_ACCESS_KEY_SECRET = ALIYUN_SECRET
    settings.SMS_ALIYUN_TEMPLATES = {code: tid for code, (tid, _p) in ALIYUN_TEMPLATES.items()}
    yield provider
    provider.stop()


def sent_count():
    return SmsMessage.objects.filter(status=SmsMessage.Status.SENT).count()


def test_batch_sent_exactly_once_across_worker_kill_and_recovery(
    slow_aliyun_for_worker, celery_worker_process, record_property
):
    provider = slow_aliyun_for_worker
    provider.hold_after = 30
    started = time.monotonic()
    with transaction.atomic():
        rows = [
            queue_sms(
                phone=f"+86139{n:08d}",
                purpose="registration_confirmation",
                template="registration_confirmation",
                params={"entry": f"智慧政务作品{n}", "number": f"HB2025{n:04d}"},
            )
            for n in range(BATCH)
        ]

    # Both pool processes end up waiting inside a send the provider has already accepted.
    assert wait_for(lambda: provider.held == 2, timeout=60), f"{provider.held} sends held"
    celery_worker_process.kill()
    provider.release.set()
    killed_at = time.monotonic()
    states = Counter(SmsMessage.objects.values_list("status", flat=True))
    received = provider.out_id_counts()
    sent_ids = set(SmsMessage.objects.filter(status="sent").values_list("out_id", flat=True))
    received_not_recorded = len(set(received) - sent_ids)
    assert 0 < states["sent"] < BATCH, states

    call_command("recover_sms", "--older-than", "0", stdout=io.StringIO(), stderr=io.StringIO())
    after_recovery = Counter(SmsMessage.objects.values_list("status", flat=True))
    celery_worker_process.start()
    restarted_at = time.monotonic()

    assert wait_for(lambda: sent_count() == BATCH, timeout=120, interval=0.05), Counter(
        SmsMessage.objects.values_list("status", flat=True)
    )
    finished = time.monotonic()
    assert provider.out_id_counts() == {row.out_id: 1 for row in rows}
    assert set(SmsMessage.objects.values_list("status", flat=True)) == {"sent"}
    assert states["sending"] == 2
    assert received_not_recorded == 2
    assert after_recovery["sending"] == 0
    assert after_recovery["sent"] - states["sent"] == 2  # marked sent by the lookup, not sent again
    record_property("sent_before_kill", states["sent"])
    record_property("sending_at_kill", states["sending"])
    record_property("received_by_provider_not_recorded_at_kill", received_not_recorded)
    record_property("marked_sent_by_recovery", after_recovery["sent"] - states["sent"])
    record_property("seconds_to_kill", round(killed_at - started, 2))
    record_property("seconds_worker_restart", round(restarted_at - killed_at, 2))
    record_property("seconds_after_restart", round(finished - restarted_at, 2))
    record_property("seconds_total", round(finished - started, 2))
