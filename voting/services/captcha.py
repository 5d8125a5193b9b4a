"""The captcha an address past its hourly votes answers through the JSON API.

The pages use django-simple-captcha's form field; API clients get a key and an image URL,
and send the answer with their next call. A captcha is used up by its first answer, right
or wrong, so a key cannot be tried twice.
"""

from captcha.models import CaptchaStore
from django.utils import timezone


def issue_captcha():
    """A new captcha's key (its image is served by django-simple-captcha at /captcha/)."""
    return CaptchaStore.generate_key()


def spend_captcha(*, key, value):
    """Whether `value` answers the live captcha `key`; the captcha is deleted either way."""
    key, value = str(key or ""), str(value or "").strip().lower()
    if not key or not value:
        return False
    store = CaptchaStore.objects.filter(hashkey=key, expiration__gt=timezone.now()).first()
    if store is None:
        return False
    store.delete()
    return store.response == value
