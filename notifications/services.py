"""The SMS outbox: every message is a row first, and a row is handed to the provider once.

Life of a row::

    queued ──claim──▶ sending ──▶ sent
       ▲                 │ ├──▶ failed      (permanent error, or attempts used up)
       └── retry/recover ┘ └──▶ (stays sending if the worker dies)

The guarantee, and how each step keeps it:

1. `queue_sms()` writes the row in the caller's transaction and asks for the send task
   only after that transaction commits, so a rolled-back transaction sends nothing and a
   task never looks for a row that is not there yet.
2. `send_sms()` first *claims* the row: one conditional UPDATE ``queued → sending``
   (attempts + 1) in its own committed transaction. Only the worker whose UPDATE changed
   the row goes on; a second worker, a re-delivered task or a duplicate task changes
   nothing and returns. Because the claim is committed before the provider is called, no
   crash can return a row to `queued` behind our back.
3. Every message carries a unique `out_id` to the provider (Aliyun `OutId`, Tencent
   `SessionContext`). A row whose last attempt may have reached the provider — the worker
   died while `sending`, or the provider's answer was lost (read timeout, dropped
   connection, gateway error) — is never simply sent again: it is marked `in_doubt`, and
   before any further send the provider is asked whether it accepted that out-id (Aliyun
   QuerySendDetails, Tencent PullSmsSendStatusByPhoneNumber). Accepted: the row becomes
   `sent` without a second send. Not found: it is sent. The provider cannot be asked: the
   row waits (retry with back-off, or stays `sending` for the next recovery run).
4. Definite failures are sorted: retryable ones (throttling, the provider's own errors,
   connection refused) go back to `queued` with an exponential back-off and a new task;
   permanent ones (bad number, rejected template, bad credentials) fail at once. A row
   that used up SMS_MAX_ATTEMPTS fails.
5. `recover_stuck_sms()` (command `recover_sms`, beat task `notifications.recover_sms`)
   looks at rows stuck in `sending` longer than a threshold, asks the provider about each
   (point 3) and marks it `sent` or returns it to `queued`; rows stuck in `queued` (their
   task was lost) get a new task. The threshold must exceed the send task's time limit, so
   that a row in `sending` belongs to a dead worker, not a slow one.

What remains: the answer to a lookup is only as fresh as the provider's records. Aliyun
lists a message as soon as it accepts it; Tencent lists it once the carrier reports
back, usually within seconds. A lookup runs no sooner than SMS_RETRY_BASE_DELAY after an
uncertain attempt, or SMS_RECOVER_AFTER after a crash, which leaves that lag a wide
margin. The console backend sends nothing, so after a crash it writes the text once more.
"""

import logging
from dataclasses import dataclass, field
from datetime import timedelta

from celery import current_app
from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from accounts.phone import mask_phone, normalize_phone

from .backends import PermanentSmsError, RetryableSmsError, SmsError, get_backend
from .models import SmsMessage
from .texts import get_template

logger = logging.getLogger(__name__)


def queue_sms(
    *, phone: str, purpose: str, template: str, params: dict, idempotency_key: str | None = None
) -> SmsMessage:
    """Write an outbox row in the caller's transaction; the send task is queued only after commit.

    `phone` is a mainland number in E.164 ("+8613800138000"); `template` is a code from
    `notifications.texts` and `params` must name exactly its parameters. With an
    `idempotency_key` that an existing row already has, that row is returned and nothing
    more is queued. Raises ValueError for an unknown template or wrong parameters and
    ValidationError for a number that is not a mainland mobile.
    """
    sms_template = get_template(template)
    if set(params) != set(sms_template.params):
        raise ValueError(f"SMS template {template!r} takes {sorted(sms_template.params)}, got {sorted(params)}")
    if purpose not in SmsMessage.Purpose.values:
        raise ValueError(f"unknown SMS purpose {purpose!r}")
    phone = normalize_phone(phone)
    if idempotency_key is not None:
        existing = SmsMessage.objects.filter(idempotency_key=idempotency_key).first()
        if existing is not None:
            return existing
    try:
        # A savepoint, so that losing a race on the key leaves the caller's transaction usable.
        with transaction.atomic():
            message = SmsMessage.objects.create(
                phone=phone,
                purpose=purpose,
                template=template,
                params={name: str(value) for name, value in params.items()},
                idempotency_key=idempotency_key,
            )
    except IntegrityError:
        if idempotency_key is None:
            raise
        return SmsMessage.objects.get(idempotency_key=idempotency_key)
    _queue_send(message.pk)
    return message


def resend_sms(*, message):
    """Queue a copy of a failed message as a new row (the failed row stays as it is).

    The copy's idempotency key is derived from the original, so resending the same failed
    row twice (a double click) queues one copy. Raises ValueError for a row that is not failed.
    """
    if message.status != SmsMessage.Status.FAILED:
        raise ValueError("only failed messages can be resent")
    key = f"resend:{message.out_id}"
    existing = SmsMessage.objects.filter(idempotency_key=key).first()
    if existing is not None:
        return existing
    with transaction.atomic():
        copy = queue_sms(
            phone=message.phone,
            purpose=message.purpose,
            template=message.template,
            params=message.params,
            idempotency_key=key,
        )
        if copy.resent_from_id is None:
            copy.resent_from = message
            copy.save(update_fields=["resent_from"])
    return copy


def retry_delay(attempt):
    """Seconds to wait after failed attempt number `attempt` (1, 2, …): exponential, capped."""
    return min(settings.SMS_RETRY_BASE_DELAY * 2 ** (attempt - 1), settings.SMS_RETRY_MAX_DELAY)


def send_sms(*, message_id, now=None):
    """Claim the queued row `message_id`, hand it to the provider once, and record the outcome.

    Returns the row as it ends up, or None when there is no queued row to claim (gone,
    already claimed by another worker, already sent or failed). Must not run inside a
    transaction: the claim has to be committed before the provider is called. On a
    retryable failure the row goes back to `queued` and a new task is queued with the
    back-off delay.
    """
    now = now or timezone.now()
    message = SmsMessage.objects.filter(pk=message_id, status=SmsMessage.Status.QUEUED).first()
    if message is None:
        return None
    # An uncertain earlier attempt is looked up with the provider that received it.
    backend_name = message.backend if message.in_doubt and message.backend else settings.SMS_BACKEND
    with transaction.atomic(durable=True):
        claimed = SmsMessage.objects.filter(
            pk=message.pk, status=SmsMessage.Status.QUEUED, attempts=message.attempts
        ).update(
            status=SmsMessage.Status.SENDING,
            attempts=F("attempts") + 1,
            backend=backend_name,
            claimed_at=now,
            updated_at=now,
        )
    if not claimed:
        return None
    message = _reload(message)
    if message is None:
        return None  # deleted meanwhile (personal data erased): nothing left to send
    try:
        backend = get_backend(backend_name)
        if message.in_doubt:
            found = backend.lookup(phone=message.phone, out_id=message.out_id, since=_lookup_since(message))
            if found.delivered:
                logger.info("SMS %s: the provider already has out-id %s; not sent again", message.pk, message.out_id)
                return _finish_sent(message, found.provider_message_id, now, note="found by lookup, not sent again")
        result = backend.send(
            phone=message.phone, template=message.template, params=message.params, out_id=message.out_id
        )
    except RetryableSmsError as exc:
        return _finish_retryable(message, exc, now)
    except PermanentSmsError as exc:
        return _finish_failed(message, str(exc), now)
    except Exception as exc:
        # A bug or an unforeseen answer after the request went out: the provider may have
        # the message, so it is treated as a retry that must look up first.
        logger.exception("SMS %s: unexpected error while sending", message.pk)
        return _finish_retryable(message, RetryableSmsError(repr(exc), in_doubt=True), now)
    return _finish_sent(message, result.provider_message_id, now)


@dataclass
class RecoveryReport:
    marked_sent: list = field(default_factory=list)  # were sending; the provider has them
    requeued_sending: list = field(default_factory=list)  # were sending; the provider does not have them
    failed: list = field(default_factory=list)  # were sending on their last allowed attempt
    unresolved: list = field(default_factory=list)  # (id, error): the provider could not be asked
    requeued_queued: list = field(default_factory=list)  # were queued, their task apparently lost


def recover_stuck_sms(*, older_than=None, now=None):
    """Settle rows stuck in `sending` or `queued` for longer than `older_than` (a timedelta).

    A row in `sending` is looked up with its provider by out-id: if the provider accepted
    it, it becomes `sent`; if not, it goes back to `queued` (still `in_doubt`, so the send
    task asks once more right before sending) and a send task is queued; if the provider
    cannot be asked, it is left alone for the next run. A row in `queued` whose attempt is
    overdue gets a new send task (a duplicate task is harmless: the claim lets one through).
    Each change is a conditional UPDATE, so concurrent runs settle a row once.
    """
    now = now or timezone.now()
    older_than = timedelta(seconds=settings.SMS_RECOVER_AFTER) if older_than is None else older_than
    cutoff = now - older_than
    report = RecoveryReport()
    stuck = SmsMessage.objects.filter(status=SmsMessage.Status.SENDING, claimed_at__lte=cutoff).order_by("pk")
    for message in stuck:
        same_claim = _same_attempt(message).filter(claimed_at=message.claimed_at)
        try:
            backend = get_backend(message.backend or settings.SMS_BACKEND)
            found = backend.lookup(phone=message.phone, out_id=message.out_id, since=_lookup_since(message))
        except SmsError as exc:
            report.unresolved.append((message.pk, str(exc)))
            continue
        if found.delivered:
            if same_claim.update(
                status=SmsMessage.Status.SENT,
                provider_message_id=found.provider_message_id[:64],
                sent_at=now,
                updated_at=now,
                last_error="recovered: the provider has it, not sent again",
            ):
                report.marked_sent.append(message.pk)
        elif message.attempts >= settings.SMS_MAX_ATTEMPTS:
            if same_claim.update(
                status=SmsMessage.Status.FAILED,
                updated_at=now,
                last_error=f"the worker stopped during attempt {message.attempts} of {settings.SMS_MAX_ATTEMPTS}",
            ):
                report.failed.append(message.pk)
        else:
            with transaction.atomic():
                if same_claim.update(
                    status=SmsMessage.Status.QUEUED,
                    in_doubt=True,
                    next_attempt_at=now,
                    updated_at=now,
                    last_error="recovered: the provider does not have it, queued again",
                ):
                    report.requeued_sending.append(message.pk)
                    _queue_send(message.pk)
    overdue = SmsMessage.objects.filter(status=SmsMessage.Status.QUEUED, next_attempt_at__lte=cutoff)
    for pk in overdue.order_by("pk").values_list("pk", flat=True):
        with transaction.atomic():
            if SmsMessage.objects.filter(pk=pk, status=SmsMessage.Status.QUEUED, next_attempt_at__lte=cutoff).update(
                next_attempt_at=now, updated_at=now
            ):
                report.requeued_queued.append(pk)
                _queue_send(pk)
    return report


def queue_sms_to_account(*, user, purpose, template, params, idempotency_key=None):
    """`queue_sms()` to the account's own number. Accounts are created by phone; one made in the
    admin without a number gets the page only: nothing is queued and None is returned."""
    if not user.phone:
        logger.warning("account %s has no phone: no %s SMS, the page only", user.pk, template)
        return None
    return queue_sms(
        phone=user.phone, purpose=purpose, template=template, params=params, idempotency_key=idempotency_key
    )


def queue_code_sms(*, phone, code, minutes):
    """The sign-in code's SMS (registered with accounts, which sends codes through it)."""
    return queue_sms(
        phone=phone,
        purpose=SmsMessage.Purpose.VERIFICATION_CODE,
        template="verification_code",
        params={"code": code, "minutes": minutes},
    )


def _queue_send(message_id, countdown=None):
    # The task is asked for by its name: the task module wraps this one, never the reverse.
    send = current_app.signature("notifications.send_sms", kwargs={"message_id": message_id})
    # robust: the row is already committed, so a broker hiccup must not fail the caller's
    # request; the recovery run gives the row a task later.
    transaction.on_commit(lambda: send.apply_async(countdown=countdown), robust=True)


def _lookup_since(message):
    # Clocks of a worker and of the provider differ a little; a minute of slack finds the record.
    return (message.claimed_at or message.created_at) - timedelta(minutes=1)


def _reload(message):
    return SmsMessage.objects.filter(pk=message.pk).first()


def _same_attempt(message):
    return SmsMessage.objects.filter(pk=message.pk, status=SmsMessage.Status.SENDING, attempts=message.attempts)


def _finish_sent(message, provider_message_id, now, note=""):
    _same_attempt(message).update(
        status=SmsMessage.Status.SENT,
        provider_message_id=provider_message_id[:64],
        sent_at=now,
        updated_at=now,
        last_error=note,
    )
    return _reload(message)


def _finish_failed(message, error, now):
    logger.warning("SMS %s failed: %s", message.pk, error)
    _same_attempt(message).update(status=SmsMessage.Status.FAILED, last_error=error, updated_at=now)
    return _reload(message)


def _finish_retryable(message, exc, now):
    if message.attempts >= settings.SMS_MAX_ATTEMPTS:
        return _finish_failed(message, f"gave up after {message.attempts} attempts: {exc}", now)
    delay = retry_delay(message.attempts)
    with transaction.atomic():
        updated = _same_attempt(message).update(
            status=SmsMessage.Status.QUEUED,
            # Once a try may have reached the provider, every later try asks first.
            in_doubt=message.in_doubt or exc.in_doubt,
            next_attempt_at=now + timedelta(seconds=delay),
            last_error=str(exc),
            updated_at=now,
        )
        if updated:
            _queue_send(message.pk, countdown=delay)
    logger.info("SMS %s: attempt %s failed (%s); next try in %s s", message.pk, message.attempts, exc, delay)
    return _reload(message)


# --- Personal data: "download my data" and "delete my account" (see accounts.services) ---

# Codes are worthless minutes after they are sent and say nothing the user needs later.
CODE_PURPOSES = (SmsMessage.Purpose.VERIFICATION_CODE, SmsMessage.Purpose.VOTE_CODE)


def export_personal_data(user):
    """Every message sent to the user's number: when, why and what became of it; never a code."""
    if not user.phone:
        return []
    rows = SmsMessage.objects.filter(phone=user.phone).order_by("created_at", "pk")
    return [
        {"created_at": row.created_at, "purpose": row.purpose, "status": row.status, "sent_at": row.sent_at}
        for row in rows.only("created_at", "purpose", "status", "sent_at")
    ]


def erase_personal_data(user):
    """Delete the user's code messages; keep the others as history with the number masked and no parameters.

    Messages still waiting in the outbox are cancelled: the person asked to be forgotten.
    """
    if not user.phone:
        return
    rows = SmsMessage.objects.filter(phone=user.phone)
    codes = rows.filter(purpose__in=CODE_PURPOSES)
    # A resent copy protects its original; cut the link before deleting both.
    SmsMessage.objects.filter(resent_from__in=codes).update(resent_from=None)
    codes.delete()
    now = timezone.now()
    rows.filter(status=SmsMessage.Status.QUEUED).update(
        status=SmsMessage.Status.FAILED, last_error="account deleted", updated_at=now
    )
    rows.update(phone=mask_phone(user.phone), params={}, updated_at=now)
