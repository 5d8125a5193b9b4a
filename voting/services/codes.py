"""A voter proves a mainland mobile number with an SMS code, once a day per device."""

from __future__ import annotations

import hashlib
import hmac
import secrets

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.utils import timezone

from accounts.phone import normalize_phone
from accounts.services import CodeRateLimited, check_code_rate, consume_code_rate
from notifications.models import SmsMessage
from notifications.services import queue_sms

from .. import live
from ..exceptions import AddressLimited, CaptchaRequired, CodeInvalid, VotingClosed
from ..fraud_rules import site_network
from ..queries import vote_context
from ..voters import Voter, phone_hash, vote_day


def _code_key(hashed_phone):
    return f"voting:code:{hashed_phone}"


def _attempts_key(hashed_phone):
    return f"voting:code-attempts:{hashed_phone}"


def _digest(hashed_phone, code):
    return hmac.new(settings.VOTE_HASH_KEY.encode(), f"code:{hashed_phone}:{code}".encode(), hashlib.sha256).hexdigest()


def request_vote_code(*, phone, ip, captcha_passed=False, now=None, context=None):
    """Queue an SMS with a six-digit voting code to `phone`; the code is good for ACCOUNTS_CODE_VALIDITY seconds.

    The accounts app's limits apply (per number, per address, for the whole portal), with
    one difference for addresses: a school or company behind one address that reaches the
    accounts' per-address limit is asked for a captcha (CaptchaRequired) instead of being
    refused, and refused (AddressLimited) only past the vote's own per-address ceiling.
    Raises ValidationError for a number that is not a mainland mobile, VotingClosed outside
    the public-vote stage and CodeRateLimited (with the time to come back) past a limit.
    Writes the outbox row; its send task is queued after commit.
    """
    now = now or timezone.now()
    phone = normalize_phone(phone)
    context = context or vote_context()
    if context is None or not context.is_open(now):
        raise VotingClosed
    check_code_rate(phone=phone, ip=None, now=now)
    try:
        consume_code_rate(phone=phone, ip=ip, now=now)
    except CodeRateLimited:
        if not captcha_passed:
            raise CaptchaRequired from None
        if live.store().hit(f"codes:{site_network(ip)}", 3600, at=now) > context.settings.ip_refuse_after:
            raise AddressLimited from None
        consume_code_rate(phone=phone, ip=None, now=now)

    code = f"{secrets.randbelow(10**6):06d}"
    hashed = phone_hash(phone)
    validity = settings.ACCOUNTS_CODE_VALIDITY
    cache.set(_code_key(hashed), _digest(hashed, code), validity)
    cache.delete(_attempts_key(hashed))
    with transaction.atomic():
        queue_sms(
            phone=phone,
            purpose=SmsMessage.Purpose.VOTE_CODE,
            template="vote_code",
            params={"code": code, "minutes": validity // 60},
        )


def verify_vote_code(*, phone, code, device_id="", now=None):
    """The `Voter` for today if `code` is the code last sent to `phone`; the code then stops working.

    After VOTE_CODE_MAX_ATTEMPTS wrong codes the code stops working too. Raises CodeInvalid.
    Changes nothing in the database.
    """
    now = now or timezone.now()
    phone = normalize_phone(phone)
    hashed = phone_hash(phone)
    expected = cache.get(_code_key(hashed))
    cache.add(_attempts_key(hashed), 0, settings.ACCOUNTS_CODE_VALIDITY)
    attempts = cache.incr(_attempts_key(hashed))
    given = "".join(ch for ch in str(code or "") if ch.isdigit())
    if expected is None or attempts > settings.VOTE_CODE_MAX_ATTEMPTS:
        raise CodeInvalid
    if not hmac.compare_digest(expected, _digest(hashed, given)):
        raise CodeInvalid
    cache.delete_many([_code_key(hashed), _attempts_key(hashed)])
    return Voter.for_phone(phone, day=vote_day(now), device_id=device_id)
