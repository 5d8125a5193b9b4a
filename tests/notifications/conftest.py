import pytest

from .fakes import FakeAliyun, FakeTencent

ALIYUN_KEY_ID = "LTAI5tFakeKeyForTests"
ALIYUN_SECRET = "fake-aliyun-secret-0123456789"
TENCENT_SECRET_ID = "AKIDfakeSecretIdForTests0123456789"
TENCENT_SECRET_KEY = "fake-tencent-secret-key-0123456789"
TENCENT_APP_ID = "1400006666"

# Template ids as each provider would have approved them, and the parameters each takes.
ALIYUN_TEMPLATES = {
    "verification_code": ("SMS_100000001", ("code", "minutes")),
    "registration_confirmation": ("SMS_100000002", ("entry", "number")),
    "advancement": ("SMS_100000003", ("entry", "stage")),
    "award": ("SMS_100000004", ("entry", "award")),
    "vote_code": ("SMS_100000005", ("code", "minutes")),
}
TENCENT_TEMPLATES = {
    "verification_code": ("2000001", 2),
    "registration_confirmation": ("2000002", 2),
    "advancement": ("2000003", 2),
    "award": ("2000004", 2),
    "vote_code": ("2000005", 2),
}


def aliyun_settings(url):
    """The settings (as environment variables) that point the aliyun backend at `url`."""
    return {
        "SMS_BACKEND": "aliyun",
        "SMS_ALIYUN_ENDPOINT": url,
        "SMS_ALIYUN_ACCESS_KEY_ID": ALIYUN_KEY_ID,
        "SMS_ALIYUN_ACCESS_KEY_SECRET": ALIYUN_SECRET,
        "SMS_ALIYUN_TEMPLATES": ",".join(f"{code}={tid}" for code, (tid, _p) in ALIYUN_TEMPLATES.items()),
    }


@pytest.fixture
def fake_aliyun(settings):
    """A loopback Aliyun, with the aliyun backend chosen and pointed at it."""
    provider = FakeAliyun(
        access_key_id=ALIYUN_KEY_ID,
        access_key_secret=ALIYUN_SECRET,
        templates=dict(ALIYUN_TEMPLATES.values()),
    ).start()
    settings.SMS_BACKEND = "aliyun"
    settings.SMS_ALIYUN_ENDPOINT = provider.url
    settings.SMS_ALIYUN_ACCESS_KEY_ID = ALIYUN_KEY_ID
    settings.SMS_ALIYUN_ACCESS_KEY_SECRET = ALIYUN_SECRET
    settings.SMS_ALIYUN_TEMPLATES = {code: tid for code, (tid, _p) in ALIYUN_TEMPLATES.items()}
    settings.SMS_HTTP_TIMEOUT = 1
    yield provider
    provider.stop()


@pytest.fixture
def fake_tencent(settings):
    """A loopback Tencent Cloud, with the tencent backend chosen and pointed at it."""
    provider = FakeTencent(
        secret_id=TENCENT_SECRET_ID,
        secret_key=TENCENT_SECRET_KEY,
        app_id=TENCENT_APP_ID,
        templates=dict(TENCENT_TEMPLATES.values()),
    ).start()
    settings.SMS_BACKEND = "tencent"
    settings.SMS_TENCENT_ENDPOINT = provider.url
    settings.SMS_TENCENT_SECRET_ID = TENCENT_SECRET_ID
    settings.SMS_TENCENT_SECRET_KEY = TENCENT_SECRET_KEY
    settings.SMS_TENCENT_APP_ID = TENCENT_APP_ID
    settings.SMS_TENCENT_TEMPLATES = {code: tid for code, (tid, _n) in TENCENT_TEMPLATES.items()}
    settings.SMS_HTTP_TIMEOUT = 1
    yield provider
    provider.stop()
