"""SMS backends: one class per provider, chosen by name (settings.SMS_BACKEND for new sends)."""

from django.utils.module_loading import import_string

from .base import Lookup, PermanentSmsError, RetryableSmsError, SendResult, SmsBackend, SmsError

BACKENDS = {
    "console": "notifications.backends.console.ConsoleBackend",
    "aliyun": "notifications.backends.aliyun.AliyunBackend",
    "tencent": "notifications.backends.tencent.TencentBackend",
}

__all__ = [
    "BACKENDS",
    "Lookup",
    "PermanentSmsError",
    "RetryableSmsError",
    "SendResult",
    "SmsBackend",
    "SmsError",
    "get_backend",
]


def get_backend(name):
    """A fresh backend configured from the current settings (tests change them per test)."""
    try:
        path = BACKENDS[name]
    except KeyError:
        raise PermanentSmsError(f"unknown SMS backend {name!r}") from None
    return import_string(path)()
