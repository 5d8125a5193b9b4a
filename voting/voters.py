"""Who a voter is, without keeping their number: keyed hashes, the day's voter token, device ids.

A voter proves a mainland mobile number once a day with an SMS code. What is remembered
afterwards is a *voter token*: the keyed hash of the number, the keyed hash of its block of
ten consecutive numbers, the masked number for display, the day and the device, signed with
SECRET_KEY. The website keeps it in a cookie that expires at the next midnight (Beijing
time); the API hands it to the calling app. Nothing about the voter is stored on the server
until a vote is cast, and then only the hashes.

The block hash lets the fraud rules see runs of consecutive numbers (138 0013 800x) without
storing a single number.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from functools import lru_cache

from django.conf import settings
from django.core import signing
from django.core.exceptions import ValidationError
from django.utils import timezone

from accounts.phone import mask_phone, national_number, normalize_phone

VOTER_SALT = "voting.voter"
DEVICE_COOKIE = "vote_device"
DEVICE_SALT = "voting.device"
VOTER_COOKIE = "vote_voter"


def _keyed(message):
    return hmac.new(settings.VOTE_HASH_KEY.encode(), message.encode(), hashlib.sha256).hexdigest()[:32]


def phone_hash(phone):
    """Keyed hash of a number in its normal form: the same number always gives the same hash."""
    return _keyed(f"phone:{normalize_phone(phone)}")


def prefix_hash(phone):
    """Keyed hash of the first ten digits: the ten numbers …0 to …9 share it."""
    digits = national_number(normalize_phone(phone))
    return _keyed(f"block:{digits[:10]}")


def local_time(at):
    """An instant in the portal's time zone (TIME_ZONE, Asia/Shanghai), whatever zone is active."""
    return timezone.localtime(at, timezone.get_default_timezone())


def vote_day(at=None):
    """The voting day of an instant: the calendar date in the portal's time zone (Asia/Shanghai)."""
    return local_time(at or timezone.now()).date()


def end_of_day(day):
    """The first instant of the next day, when a day's voter token stops working."""
    return timezone.make_aware(datetime.combine(day + timedelta(days=1), time.min), timezone.get_default_timezone())


def ua_hash(user_agent):
    return hashlib.sha256((user_agent or "").encode()).hexdigest()[:16] if user_agent else ""


@dataclass(frozen=True)
class Voter:
    phone_hash: str
    prefix_hash: str
    masked_phone: str
    day: date
    device_id: str = ""

    @classmethod
    def for_phone(cls, phone, *, day, device_id=""):
        return cls(
            phone_hash=phone_hash(phone),
            prefix_hash=prefix_hash(phone),
            masked_phone=mask_phone(normalize_phone(phone)),
            day=day,
            device_id=device_id,
        )


def issue_voter_token(voter):
    """The signed proof that `voter` verified their number on `voter.day` (on `voter.device_id`, if any)."""
    payload = {
        "h": voter.phone_hash,
        "x": voter.prefix_hash,
        "m": voter.masked_phone,
        "d": voter.day.isoformat(),
        "v": voter.device_id,
    }
    return signing.dumps(payload, salt=VOTER_SALT, compress=False)


def read_voter_token(token, *, now=None, device_id=None):
    """The voter a token stands for, or None when it is forged, of another day or of another device."""
    if not token:
        return None
    voter = _verified_voter(token, settings.SECRET_KEY, tuple(settings.SECRET_KEY_FALLBACKS))
    if voter is None or voter.day != vote_day(now):
        return None
    if voter.device_id and device_id is not None and voter.device_id != device_id:
        return None
    return voter


@lru_cache(maxsize=4096)
def _verified_voter(token, key, fallback_keys):
    """The voter of a token whose signature `key` (or an old key) verifies, or None.

    A voter casts a few votes with one token: each process checks its signature once. The
    keys are part of the cache key, so a rotated SECRET_KEY stops old tokens at once.
    """
    try:
        payload = signing.loads(token, key=key, fallback_keys=fallback_keys, salt=VOTER_SALT)
        return Voter(
            phone_hash=str(payload["h"]),
            prefix_hash=str(payload["x"]),
            masked_phone=str(payload["m"]),
            day=date.fromisoformat(payload["d"]),
            device_id=str(payload.get("v", "")),
        )
    except (signing.BadSignature, KeyError, TypeError, ValueError):
        return None


def new_device_id():
    return secrets.token_hex(16)


def clean_device_id(raw):
    """An app's device id as given (trimmed, at most 64 characters of a safe alphabet), or "".

    Absent (None) is "": the device is optional. Anything but a string is the caller's error,
    not an anonymous device, and raises ValidationError (code `invalid_device_id`).
    """
    if raw is None:
        return ""
    if not isinstance(raw, str):
        raise ValidationError("The device id must be a string.", code="invalid_device_id")
    value = raw.strip()[:64]
    return value if value and all(c.isalnum() or c in "-_.:" for c in value) else ""
