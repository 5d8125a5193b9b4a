"""The settings contract: defaults on a bare machine, env vars that switch the stack, loud failures."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CONTRACT_VARS = {
    "DATABASE_URL", "REDIS_URL", "STORAGE", "SMS_BACKEND", "DJANGO_DEBUG", "DJANGO_SECRET_KEY",
    "ALLOWED_HOSTS", "CELERY_TASK_ALWAYS_EAGER", "LOG_FORMAT", "LOG_LEVEL", "CELERY_QUEUE", "FIELD_ENCRYPTION_KEY", "VOTE_HASH_KEY",
    "DJANGO_SECRET_KEY_FALLBACKS",
}  # fmt: skip

FERNET_KEY = "WjQc0jnaGUioZDiLELIRAnluQct5HGeAYHdr8Cn6xbY="

PROBE = """
import json
from django.conf import settings
print(json.dumps({
    "engine": settings.DATABASES["default"]["ENGINE"],
    "db_name": str(settings.DATABASES["default"]["NAME"]),
    "db_host": settings.DATABASES["default"].get("HOST", ""),
    "cache": settings.CACHES["default"]["BACKEND"],
    "cache_location": settings.CACHES["default"].get("LOCATION", ""),
    "broker": settings.CELERY_BROKER_URL,
    "eager": settings.CELERY_TASK_ALWAYS_EAGER,
    "storage": settings.STORAGES["default"]["BACKEND"],
    "sms": settings.SMS_BACKEND,
    "debug": settings.DEBUG,
    "tz": settings.TIME_ZONE,
    "use_tz": settings.USE_TZ,
    "language": settings.LANGUAGE_CODE,
    "languages": [code for code, _ in settings.LANGUAGES],
    "acks_late": settings.CELERY_TASK_ACKS_LATE,
    "reject_on_worker_lost": settings.CELERY_TASK_REJECT_ON_WORKER_LOST,
    "visibility_timeout": settings.CELERY_BROKER_TRANSPORT_OPTIONS["visibility_timeout"],
    "time_limit": settings.CELERY_TASK_TIME_LIMIT,
    "log_formatter": settings.LOGGING["handlers"]["stdout"]["formatter"],
    "user_model": settings.AUTH_USER_MODEL,
    "secret_key_fallbacks": settings.SECRET_KEY_FALLBACKS,
}))
"""


def load_settings(**env):
    """Import the settings in a fresh interpreter with only `env` set among the contract's variables."""
    clean = {k: v for k, v in os.environ.items() if k not in CONTRACT_VARS and not k.startswith(("S3_", "SECURE_"))}
    clean.update(env)
    clean["DJANGO_SETTINGS_MODULE"] = "config.settings"
    code = "import django; django.setup()\n" + PROBE
    return subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=clean, capture_output=True, text=True, timeout=60, check=False
    )


def probe(**env):
    result = load_settings(**env)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_defaults_work_on_a_bare_machine():
    values = probe()

    assert values["engine"] == "django.db.backends.sqlite3"
    assert values["db_name"] == str(ROOT / "db.sqlite3")
    assert values["cache"] == "django.core.cache.backends.locmem.LocMemCache"
    assert values["broker"] == "memory://localhost/"
    assert values["eager"] is True
    assert values["storage"] == "django.core.files.storage.FileSystemStorage"
    assert values["sms"] == "console"
    assert values["debug"] is True
    assert (values["tz"], values["use_tz"], values["language"]) == ("Asia/Shanghai", True, "zh-hans")
    assert values["languages"] == ["zh-hans", "en"]
    assert values["user_model"] == "accounts.User"
    assert values["log_formatter"] == "text"


def test_celery_delivery_is_at_least_once_and_safe():
    values = probe()

    assert values["acks_late"] is True
    assert values["reject_on_worker_lost"] is True
    # A task still running when Redis re-delivers would run twice.
    assert values["visibility_timeout"] > values["time_limit"]


def test_env_vars_switch_database_cache_broker_and_storage():
    values = probe(
        DATABASE_URL="postgres://portal@db.internal:5432/portal",
        REDIS_URL="redis://cache.internal:6379/2",
        STORAGE="s3",
    )

    assert values["engine"] == "django.db.backends.postgresql"
    assert (values["db_name"], values["db_host"]) == ("portal", "db.internal")
    assert values["cache"] == "django.core.cache.backends.redis.RedisCache"
    assert values["cache_location"] == "redis://cache.internal:6379/2"
    assert values["broker"] == "redis://cache.internal:6379/2"
    assert values["eager"] is False
    assert values["storage"] == "storages.backends.s3.S3Storage"


def test_production_mode_logs_json():
    values = probe(
        DJANGO_DEBUG="false",
        DJANGO_SECRET_KEY="x" * 60,
        ALLOWED_HOSTS="contest.example.cn",
        FIELD_ENCRYPTION_KEY=FERNET_KEY,
        VOTE_HASH_KEY="y" * 40,
    )

    assert values["debug"] is False
    assert values["log_formatter"] == "json"


@pytest.mark.parametrize(
    ("env", "named"),
    [
        ({"DJANGO_DEBUG": "maybe"}, "DJANGO_DEBUG"),
        ({"DATABASE_URL": "localhost:5432"}, "DATABASE_URL"),
        ({"DATABASE_URL": "mysql://root@localhost/contest"}, "DATABASE_URL"),
        ({"REDIS_URL": "http://127.0.0.1:6379"}, "REDIS_URL"),
        ({"STORAGE": "ftp"}, "STORAGE"),
        ({"SMS_BACKEND": "carrier-pigeon"}, "SMS_BACKEND"),
        ({"CELERY_TASK_TIME_LIMIT": "ten"}, "CELERY_TASK_TIME_LIMIT"),
        ({"DJANGO_DEBUG": "false"}, "DJANGO_SECRET_KEY"),
        ({"DJANGO_DEBUG": "false", "DJANGO_SECRET_KEY": "x" * 60}, "FIELD_ENCRYPTION_KEY"),
        (
            {"DJANGO_DEBUG": "false", "DJANGO_SECRET_KEY": "x" * 60, "FIELD_ENCRYPTION_KEY": FERNET_KEY},
            "VOTE_HASH_KEY",
        ),
        ({"FIELD_ENCRYPTION_KEY": "not-a-key"}, "FIELD_ENCRYPTION_KEY"),
    ],
)
def test_malformed_value_fails_loudly_with_the_variable_name(env, named):
    result = load_settings(**env)

    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert named in result.stderr


def test_an_eager_task_on_a_bare_machine_logs_no_warning():
    # `make run` queues SMS tasks while loading the demo: a healthy start warns about nothing.
    code = (
        "import django; django.setup()\n"
        "from config.celery import app\n"
        "@app.task(name='probe.noop')\n"
        "def noop():\n"
        "    return 'done'\n"
        "print(noop.apply_async().get())\n"
    )
    clean = {k: v for k, v in os.environ.items() if k not in CONTRACT_VARS and not k.startswith(("S3_", "SECURE_"))}
    clean["DJANGO_SETTINGS_MODULE"] = "config.settings"
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=clean, capture_output=True, text=True, timeout=60, check=False
    )

    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == "done"
    assert "WARNING" not in result.stdout + result.stderr, result.stdout


def test_a_new_secret_key_still_accepts_what_the_old_ones_signed(settings):
    from django.core import signing

    settings.SECRET_KEY = "old-" + "k" * 60
    signed = signing.dumps({"session": 1})
    settings.SECRET_KEY = "new-" + "k" * 60
    settings.SECRET_KEY_FALLBACKS = probe(DJANGO_SECRET_KEY_FALLBACKS="old-" + "k" * 60)["secret_key_fallbacks"]

    assert settings.SECRET_KEY_FALLBACKS == ["old-" + "k" * 60]
    assert signing.loads(signed) == {"session": 1}
