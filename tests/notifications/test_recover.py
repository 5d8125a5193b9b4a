import io
from datetime import timedelta

from django.core.management import call_command
from django.utils import timezone

from notifications.backends import get_backend
from notifications.models import SmsMessage
from notifications.tasks import task_recover_sms
from tests.factories import SmsMessageFactory


def stuck_sending(*, seconds_ago, attempts=1, backend="aliyun", **kwargs):
    """A row whose worker claimed it `seconds_ago` and then died."""
    claimed_at = timezone.now() - timedelta(seconds=seconds_ago)
    return SmsMessageFactory(
        status="sending", attempts=attempts, backend=backend, claimed_at=claimed_at, updated_at=claimed_at, **kwargs
    )


def provider_received(row):
    """The provider accepted the row's message before its worker died."""
    get_backend(row.backend).send(phone=row.phone, template=row.template, params=row.params, out_id=row.out_id)


def recover(older_than):
    out, err = io.StringIO(), io.StringIO()
    call_command("recover_sms", "--older-than", str(older_than), stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_recover_sms_settles_each_stuck_row_once(db, fake_aliyun, django_capture_on_commit_callbacks):
    received = stuck_sending(seconds_ago=600)
    provider_received(received)
    not_received = stuck_sending(seconds_ago=600)
    recent = stuck_sending(seconds_ago=30)
    old_queued = SmsMessageFactory(next_attempt_at=timezone.now() - timedelta(seconds=900))
    waiting_retry = SmsMessageFactory(next_attempt_at=timezone.now() + timedelta(seconds=60))
    fake_aliyun.actions.clear()

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        out, err = recover(300)

    assert out.splitlines() == [
        f"1 sending, the provider has them: marked sent (ids {received.pk})",
        f"1 sending, the provider does not have them: queued again (ids {not_received.pk})",
        "0 sending on their last attempt: failed",
        f"1 queued too long: given a new send task (ids {old_queued.pk})",
        "0 sending, the provider could not be asked: left for the next run",
    ]
    assert err == ""
    assert len(callbacks) == 2
    states = {row.pk: (row.status, row.attempts) for row in SmsMessage.objects.all()}
    assert states == {
        received.pk: ("sent", 1),
        not_received.pk: ("sent", 2),
        recent.pk: ("sending", 1),
        old_queued.pk: ("sent", 1),
        waiting_retry.pk: ("queued", 0),
    }
    # Each message reached the provider exactly once; the received one was never sent again.
    assert fake_aliyun.out_id_counts() == {received.out_id: 1, not_received.out_id: 1, old_queued.out_id: 1}
    assert SmsMessage.objects.get(pk=received.pk).last_error == "recovered: the provider has it, not sent again"
    # Recovery asked about the two stuck rows, and the re-queued one was asked about again before its send.
    assert sorted(fake_aliyun.actions) == ["QuerySendDetails"] * 3 + ["SendSms"] * 2


def test_recover_sms_leaves_rows_it_cannot_ask_about(db, fake_aliyun, settings, django_capture_on_commit_callbacks):
    row = stuck_sending(seconds_ago=600)
    settings.SMS_ALIYUN_ACCESS_KEY_SECRET = "rotated-without-updating"

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        out, _err = recover(300)

    assert callbacks == []
    lines = out.splitlines()
    assert lines[-2] == "1 sending, the provider could not be asked: left for the next run"
    assert lines[-1].startswith(f"  id {row.pk}: SignatureDoesNotMatch: Specified signature is not matched")
    row.refresh_from_db()
    assert row.status == "sending"
    assert fake_aliyun.sent == []


def test_recover_sms_fails_row_stuck_on_its_last_attempt(db, fake_aliyun, settings):
    settings.SMS_MAX_ATTEMPTS = 3
    row = stuck_sending(seconds_ago=600, attempts=3)

    out, _err = recover(300)

    row.refresh_from_db()
    assert (row.status, row.last_error) == ("failed", "the worker stopped during attempt 3 of 3")
    assert f"1 sending on their last attempt: failed (ids {row.pk})" in out.splitlines()
    assert fake_aliyun.sent == []


def test_recover_sms_below_time_limit_warns(db, fake_aliyun):
    _out, err = recover(0)

    assert err.startswith("--older-than 0 is below the send task's time limit (60 s)")


def test_recover_sms_console_row_is_written_again(db, settings, django_capture_on_commit_callbacks):
    # The console backend sends nothing anywhere: a crashed console send is simply logged again.
    settings.SMS_BACKEND = "console"
    row = stuck_sending(seconds_ago=600, backend="console")

    with django_capture_on_commit_callbacks(execute=True):
        recover(300)

    row.refresh_from_db()
    assert (row.status, row.attempts, row.provider_message_id) == ("sent", 2, f"console-{row.out_id}")


def test_task_recover_sms_uses_the_configured_threshold(db, fake_aliyun, settings, django_capture_on_commit_callbacks):
    settings.SMS_RECOVER_AFTER = 300
    old = stuck_sending(seconds_ago=301)
    young = stuck_sending(seconds_ago=299)

    with django_capture_on_commit_callbacks(execute=True):
        result = task_recover_sms()

    assert result == {
        "marked_sent": [],
        "requeued_sending": [old.pk],
        "failed": [],
        "unresolved": [],
        "requeued_queued": [],
    }
    assert SmsMessage.objects.get(pk=young.pk).status == "sending"
    assert SmsMessage.objects.get(pk=old.pk).status == "sent"
