"""Fixtures of the notifications tests: loopback providers with their backend chosen."""

import pytest

from .fakes.aliyun import ALIYUN_KEY_ID, ALIYUN_SECRET, ALIYUN_TEMPLATES, FakeAliyun
from .fakes.tencent import TENCENT_APP_ID, TENCENT_SECRET_ID, TENCENT_SECRET_KEY, TENCENT_TEMPLATES, FakeTencent


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
