"""Settings of the contest portal.

Every knob comes from an environment variable with a default that works on a bare
machine (SQLite, local-memory cache, eager Celery, console SMS, local files). A
malformed value stops the process with the variable's name in the message.
"""

import base64
import os
from pathlib import Path
from urllib.parse import urlsplit

import environ
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent

_env = environ.Env()
_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def env_str(name, default):
    return os.environ.get(name, default)


def env_bool(name, default):
    raw = os.environ.get(name)
    if raw is None:
        return default
    value = raw.strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise ImproperlyConfigured(f"{name}={raw!r} is not a boolean (use true/false, 1/0, yes/no, on/off).")


def env_int(name, default, *, minimum=None):
    raw = os.environ.get(name)
    if raw is None:
        return default
    try:
        value = int(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name}={raw!r} is not an integer.") from None
    if minimum is not None and value < minimum:
        raise ImproperlyConfigured(f"{name}={raw!r} must be at least {minimum}.")
    return value


def env_choice(name, default, choices):
    value = os.environ.get(name, default).strip().lower()
    if value not in choices:
        raise ImproperlyConfigured(f"{name}={value!r} must be one of: {', '.join(sorted(choices))}.")
    return value


def env_list(name, default):
    raw = os.environ.get(name)
    if raw is None:
        return list(default)
    return [item.strip() for item in raw.split(",") if item.strip()]


def env_db(name, default):
    raw = os.environ.get(name, default)
    scheme = raw.split("://", 1)[0] if "://" in raw else ""
    if scheme not in {"sqlite", "postgres", "postgresql", "pgsql"}:
        raise ImproperlyConfigured(
            f"{name}={raw!r} is not a database URL (expected sqlite:///path or postgres://user@host:port/name)."
        )
    try:
        config = _env.db_url_config(raw)
    except Exception as exc:  # environ raises assorted errors on garbage
        raise ImproperlyConfigured(f"{name}={raw!r} cannot be parsed: {exc}") from None
    if config["ENGINE"] != "django.db.backends.sqlite3" and not config.get("NAME"):
        raise ImproperlyConfigured(f"{name}={raw!r} names no database.")
    return config


def env_redis(name):
    raw = os.environ.get(name)
    if not raw:
        return None
    if not raw.startswith(("redis://", "rediss://", "unix://")):
        raise ImproperlyConfigured(f"{name}={raw!r} is not a Redis URL (expected redis://host:port/db).")
    return raw


# --- Core -----------------------------------------------------------------

DEBUG = env_bool("DJANGO_DEBUG", True)
_DEV_SECRET = "dev-only-insecure-secret-key-do-not-use-in-production-0123456789"  # noqa: S105 - only used with DJANGO_DEBUG on
SECRET_KEY = env_str("DJANGO_SECRET_KEY", _DEV_SECRET if DEBUG else "")
if not SECRET_KEY:
    raise ImproperlyConfigured("DJANGO_SECRET_KEY must be set when DJANGO_DEBUG is off.")
# Earlier secret keys, still accepted for what they signed (sessions, signed links and cookies)
# while a new DJANGO_SECRET_KEY takes over: a rotation does not sign everyone out.
SECRET_KEY_FALLBACKS = env_list("DJANGO_SECRET_KEY_FALLBACKS", [])
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]", "testserver"] if DEBUG else [])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])
# The site's address as people reach it, for absolute links made outside a request: the QR code
# printed on a certificate.
SITE_URL = env_str("SITE_URL", "http://127.0.0.1:8000").rstrip("/")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django_celery_beat",
    "rules.apps.AutodiscoverRulesConfig",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "accounts",
    "notifications",
    "contest",
    "registration",
    "judging",
    "voting",
    "awards",
    # Last: its receivers (the demo's bulletins) run after every stage app's.
    "contest.bulletins",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Before WhiteNoise, so that static files carry the policy too (the PDF viewer's worker).
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "accounts.middleware.StaffMfaMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"
ASGI_APPLICATION = "config.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "contest.context_processors.current_contest",
                "accounts.context_processors.staff_roles",
            ],
        },
    },
]

DATABASES = {"default": env_db("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}")}
DATABASES["default"]["CONN_MAX_AGE"] = env_int("DB_CONN_MAX_AGE", 0, minimum=0)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
# ModelBackend first: the test client's force_login() uses the first backend.
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
    "rules.permissions.ObjectPermissionBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# --- Language and time ------------------------------------------------------

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
TIME_ZONE = "Asia/Shanghai"
USE_TZ = True

# --- Cache, Celery ------------------------------------------------------------

REDIS_URL = env_redis("REDIS_URL")
if REDIS_URL:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}}
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# The longest task may run CELERY_TASK_TIME_LIMIT seconds; Redis re-delivers an unacknowledged
# task after the visibility timeout, so it must be well above that or a slow task runs twice.
CELERY_TASK_TIME_LIMIT = env_int("CELERY_TASK_TIME_LIMIT", 600, minimum=1)
# Without Redis tasks run eagerly; kombu still opens a connection and warns when the URL names no host.
CELERY_BROKER_URL = REDIS_URL or "memory://localhost/"
# Queues, named by every task: "messages" (SMS; small and always free, so a burst of uploads
# never delays a sign-in code), "heavy" (file checks, certificate and bulletin rendering) and
# "celery" (the rest). CELERY_ONLY_QUEUE sends every task to that one queue whatever it names:
# one worker for everything on a small installation, or a test worker's private queue
# (config.celery.PortalTask).
CELERY_TASK_DEFAULT_QUEUE = env_str("CELERY_QUEUE", "celery")
CELERY_ONLY_QUEUE = env_str("CELERY_ONLY_QUEUE", "")
CELERY_RESULT_BACKEND = REDIS_URL or None
CELERY_RESULT_EXPIRES = 24 * 3600
CELERY_TASK_ALWAYS_EAGER = env_bool("CELERY_TASK_ALWAYS_EAGER", not REDIS_URL)
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": 4 * CELERY_TASK_TIME_LIMIT}
CELERY_RESULT_BACKEND_TRANSPORT_OPTIONS = {"visibility_timeout": 4 * CELERY_TASK_TIME_LIMIT}
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TIMEZONE = TIME_ZONE
CELERY_BEAT_SCHEDULER = "django_celery_beat.schedulers:DatabaseScheduler"
# Keep the LOGGING above (JSON lines in production) in workers and beat too.
CELERY_WORKER_HIJACK_ROOT_LOGGER = False
CELERY_BEAT_SCHEDULE = {
    "contest.record_stage_transitions": {
        "task": "contest.record_stage_transitions",
        "schedule": 60.0,
    },
    "notifications.recover_sms": {"task": "notifications.recover_sms", "schedule": 300.0},
    "registration.expire_uploads": {"task": "registration.expire_uploads", "schedule": 3600.0},
}

# --- Files ------------------------------------------------------------------

STATIC_URL = "static/"
STATIC_ROOT = Path(env_str("STATIC_ROOT", str(BASE_DIR / "staticfiles")))
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "media/"
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(BASE_DIR / "media")))
# The compact CJK fonts PDFs are set in (documents/fonts.py), built once per machine or image.
PDF_FONT_DIR = Path(env_str("PDF_FONT_DIR", str(BASE_DIR / ".cache" / "fonts")))

STORAGE = env_choice("STORAGE", "local", {"local", "s3"})
if STORAGE == "s3":
    _default_storage = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": env_str("S3_BUCKET", "contest"),
            "endpoint_url": env_str("S3_ENDPOINT_URL", "") or None,
            "region_name": env_str("S3_REGION", "") or None,
            "access_key": env_str("S3_ACCESS_KEY_ID", ""),
            "secret_key": env_str("S3_SECRET_ACCESS_KEY", ""),
            # Private by default: objects carry no public ACL and are reached by presigned URLs.
            "default_acl": "private",
            "querystring_auth": True,
            "querystring_expire": env_int("S3_URL_EXPIRE", 600, minimum=1),
            "file_overwrite": False,
            "signature_version": "s3v4",
        },
    }
else:
    _default_storage = {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": MEDIA_ROOT, "base_url": None},
    }
STORAGES = {
    "default": _default_storage,
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}
# nginx serves private files after the authorising view answers with X-Accel-Redirect.
PRIVATE_FILES_ACCEL_PREFIX = env_str("PRIVATE_FILES_ACCEL_PREFIX", "")
# Presigned S3 links to private files live this long (seconds).
PRIVATE_FILES_URL_EXPIRE = env_int("PRIVATE_FILES_URL_EXPIRE", 300, minimum=1)

# Resumable (tus) uploads. Size and duration limits are per-contest data (RegistrationSettings).
UPLOAD_CHUNK_BYTES = env_int("UPLOAD_CHUNK_BYTES", 32 * 1024 * 1024, minimum=64 * 1024)
UPLOAD_READ_BLOCK_BYTES = env_int("UPLOAD_READ_BLOCK_BYTES", 1024 * 1024, minimum=4096)
UPLOAD_EXPIRY_HOURS = env_int("UPLOAD_EXPIRY_HOURS", 24, minimum=1)
UPLOAD_ZIP_MAX_BYTES = env_int("UPLOAD_ZIP_MAX_BYTES", 1024 * 1024 * 1024, minimum=1024 * 1024)
UPLOAD_CHECK_TOOL_TIMEOUT = env_int("UPLOAD_CHECK_TOOL_TIMEOUT", 300, minimum=10)

# --- Personal data at rest ----------------------------------------------------

# Fernet keys for ID card numbers, comma-separated: the first encrypts, all decrypt, so a key
# is rotated by putting the new one first. In development a key derived from SECRET_KEY is used.
FIELD_ENCRYPTION_KEY = env_list("FIELD_ENCRYPTION_KEY", [])
for _key in FIELD_ENCRYPTION_KEY:
    try:
        if len(base64.urlsafe_b64decode(_key.encode())) != 32:
            raise ValueError
    except ValueError:
        raise ImproperlyConfigured(
            "FIELD_ENCRYPTION_KEY holds a value that is not a Fernet key (32 url-safe base64 bytes); "
            "make one with: python -c 'from cryptography.fernet import Fernet; print(Fernet.generate_key().decode())'"
        ) from None
if not DEBUG and not FIELD_ENCRYPTION_KEY:
    raise ImproperlyConfigured("FIELD_ENCRYPTION_KEY must be set when DJANGO_DEBUG is off.")

# --- SMS --------------------------------------------------------------------

SMS_BACKEND = env_choice("SMS_BACKEND", "console", {"console", "aliyun", "tencent"})
# The 【…】 prefix every provider adds; it must be the sign name approved by the provider.
SMS_SIGN_NAME = env_str("SMS_SIGN_NAME", "数据应用创新大赛")


def env_sms_templates(name):
    """Template ids per template code, written "verification_code=SMS_1234,award=SMS_5678"."""
    templates = {}
    for item in env_list(name, []):
        code, sep, template_id = item.partition("=")
        if not sep or not code.strip() or not template_id.strip():
            raise ImproperlyConfigured(f"{name}: {item!r} is not written template_code=provider_template_id.")
        templates[code.strip()] = template_id.strip()
    return templates


# Aliyun Dysms (SendSms, RPC signature v1.0).
SMS_ALIYUN_ENDPOINT = env_str("SMS_ALIYUN_ENDPOINT", "https://dysmsapi.aliyuncs.com/")
SMS_ALIYUN_REGION = env_str("SMS_ALIYUN_REGION", "cn-hangzhou")
SMS_ALIYUN_ACCESS_KEY_ID = env_str("SMS_ALIYUN_ACCESS_KEY_ID", "")
SMS_ALIYUN_ACCESS_KEY_SECRET = env_str("SMS_ALIYUN_ACCESS_KEY_SECRET", "")
SMS_ALIYUN_TEMPLATES = env_sms_templates("SMS_ALIYUN_TEMPLATES")
# Tencent Cloud SMS (API 2021-01-11, TC3-HMAC-SHA256).
SMS_TENCENT_ENDPOINT = env_str("SMS_TENCENT_ENDPOINT", "https://sms.tencentcloudapi.com/")
SMS_TENCENT_REGION = env_str("SMS_TENCENT_REGION", "ap-guangzhou")
SMS_TENCENT_SECRET_ID = env_str("SMS_TENCENT_SECRET_ID", "")
SMS_TENCENT_SECRET_KEY = env_str("SMS_TENCENT_SECRET_KEY", "")
SMS_TENCENT_APP_ID = env_str("SMS_TENCENT_APP_ID", "")
SMS_TENCENT_TEMPLATES = env_sms_templates("SMS_TENCENT_TEMPLATES")
_SMS_REQUIRED = {
    "console": {},
    "aliyun": {
        "SMS_ALIYUN_ACCESS_KEY_ID": SMS_ALIYUN_ACCESS_KEY_ID,
        "SMS_ALIYUN_ACCESS_KEY_SECRET": SMS_ALIYUN_ACCESS_KEY_SECRET,
    },
    "tencent": {
        "SMS_TENCENT_SECRET_ID": SMS_TENCENT_SECRET_ID,
        "SMS_TENCENT_SECRET_KEY": SMS_TENCENT_SECRET_KEY,
        "SMS_TENCENT_APP_ID": SMS_TENCENT_APP_ID,
    },
}[SMS_BACKEND]
if _missing := [name for name, value in _SMS_REQUIRED.items() if not value]:
    raise ImproperlyConfigured(f"SMS_BACKEND={SMS_BACKEND} needs {', '.join(_missing)}.")
# Seconds to wait for a provider's answer; the send task's time limit is well above twice this.
SMS_HTTP_TIMEOUT = env_int("SMS_HTTP_TIMEOUT", 10, minimum=1)
# Retryable failures back off SMS_RETRY_BASE_DELAY × 2^(attempt−1) seconds, at most
# SMS_RETRY_MAX_DELAY, and the row fails after SMS_MAX_ATTEMPTS attempts.
SMS_MAX_ATTEMPTS = env_int("SMS_MAX_ATTEMPTS", 5, minimum=1)
SMS_RETRY_BASE_DELAY = env_int("SMS_RETRY_BASE_DELAY", 30, minimum=1)
SMS_RETRY_MAX_DELAY = env_int("SMS_RETRY_MAX_DELAY", 1800, minimum=1)
# A row queued or sending for longer than this is stuck (a worker died): recovery looks at it.
SMS_RECOVER_AFTER = env_int("SMS_RECOVER_AFTER", 300, minimum=1)

# --- Security ---------------------------------------------------------------

SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False
# Views that must be framed by our own pages (an inline PDF viewer) opt in with @xframe_options_sameorigin.
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"


def _origin(url):
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}" if parts.scheme and parts.netloc else ""


# Content-Security-Policy (django-csp): pages run only the site's own scripts and styles, so
# no template carries inline script or style (tests/config/test_csp.py reads them all).
# 'wasm-unsafe-eval' lets the PDF viewer (pdf.js) compile its WebAssembly image decoders; it
# does not allow eval(). Files served from S3 through presigned links load from the bucket's
# origin; CSP_FILE_SOURCES adds others (a CDN in front of the bucket).
_FILE_SOURCES = env_list("CSP_FILE_SOURCES", [])
if STORAGE == "s3":
    _FILE_SOURCES.append(_origin(env_str("S3_ENDPOINT_URL", "")) or "https://*.amazonaws.com")
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'", "'wasm-unsafe-eval'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:", "blob:", *_FILE_SOURCES],
        "media-src": ["'self'", "blob:", *_FILE_SOURCES],
        "connect-src": ["'self'", *_FILE_SOURCES],
        "font-src": ["'self'", "data:"],
        "worker-src": ["'self'", "blob:"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    },
}
if not DEBUG:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31536000, minimum=0)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
    SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", True)
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_REDIRECT_EXEMPT = [r"^healthz$"]

# --- Accounts ---------------------------------------------------------------
# django-allauth: sign-up and sign-in with a mainland mobile number and an SMS code
# (password optional), TOTP for staff. accounts/adapter.py stores phones and sends codes.

LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "/"
ACCOUNT_ADAPTER = "accounts.adapter.AccountAdapter"
ACCOUNT_USER_DISPLAY = "accounts.models.account_name"
ACCOUNT_FORMS = {
    "login": "accounts.forms.LoginForm",
    "signup": "accounts.forms.SignupForm",
    "request_login_code": "accounts.forms.RequestLoginCodeForm",
    "change_phone": "accounts.forms.ChangePhoneForm",
    "confirm_login_code": "accounts.forms.ConfirmLoginCodeForm",
    "verify_phone": "accounts.forms.VerifyPhoneForm",
    "confirm_reauthentication_code": "accounts.forms.ConfirmReauthenticationCodeForm",
}
# Username stays a login method for staff created in the admin without a phone.
ACCOUNT_LOGIN_METHODS = {"phone", "username"}
ACCOUNT_SIGNUP_FIELDS = ["phone*", "email", "password1"]
ACCOUNT_EMAIL_VERIFICATION = "optional"
ACCOUNT_PREVENT_ENUMERATION = True
ACCOUNT_LOGIN_BY_CODE_ENABLED = True
ACCOUNT_PHONE_VERIFICATION_ENABLED = True
# No "request new code" or "change number" on the code pages: for a number without an
# account allauth offers neither (or fails), so offering them would tell who has one.
# "Cancel" leads back to the sign-in page, where a new code is asked for.
ACCOUNT_LOGIN_BY_CODE_SUPPORTS_RESEND = False
ACCOUNT_PHONE_VERIFICATION_SUPPORTS_RESEND = False
ACCOUNT_PHONE_VERIFICATION_SUPPORTS_CHANGE = False
# A code is good for this many seconds, whatever it was sent for.
ACCOUNTS_CODE_VALIDITY = env_int("ACCOUNTS_CODE_VALIDITY", 600, minimum=60)
ACCOUNT_LOGIN_BY_CODE_TIMEOUT = ACCOUNTS_CODE_VALIDITY
ACCOUNT_PHONE_VERIFICATION_TIMEOUT = ACCOUNTS_CODE_VALIDITY
ALLAUTH_USER_CODE_FORMAT = {"numeric": True, "length": 6, "dashed": False}
# The phone is the identity: changing it (or the password) asks for a fresh sign-in.
ACCOUNT_REAUTHENTICATION_REQUIRED = True
# Proxies in front of the portal that append to X-Forwarded-For (rate limits key on the client IP).
ALLAUTH_TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 0, minimum=0)

# SMS codes, counted per number on rolling windows as the SMS providers count them, per
# client IP, and for the whole portal per calendar day (accounts.services.check_code_rate).
ACCOUNTS_CODE_LIMITS = {
    "phone": [
        (env_int("ACCOUNTS_CODES_PER_PHONE_PER_MINUTE", 1, minimum=1), 60),
        (env_int("ACCOUNTS_CODES_PER_PHONE_PER_HOUR", 5, minimum=1), 3600),
        (env_int("ACCOUNTS_CODES_PER_PHONE_PER_DAY", 10, minimum=1), 86400),
    ],
    # Generous: schools and companies put many people behind one address.
    "ip": [
        (env_int("ACCOUNTS_CODES_PER_IP_PER_HOUR", 30, minimum=1), 3600),
        (env_int("ACCOUNTS_CODES_PER_IP_PER_DAY", 100, minimum=1), 86400),
    ],
    "global_per_day": env_int("ACCOUNTS_CODES_PER_DAY", 20000, minimum=1),
}

# Failed sign-ins: after this many failures for one account (or from one IP) within the
# cool-off, sign-in is refused until the oldest failure is older than the cool-off.
ACCOUNTS_LOGIN_FAILURES_PER_ACCOUNT = env_int("ACCOUNTS_LOGIN_FAILURES_PER_ACCOUNT", 5, minimum=1)
ACCOUNTS_LOGIN_FAILURES_PER_IP = env_int("ACCOUNTS_LOGIN_FAILURES_PER_IP", 30, minimum=1)
ACCOUNTS_LOGIN_COOLOFF = env_int("ACCOUNTS_LOGIN_COOLOFF", 900, minimum=1)
ACCOUNT_RATE_LIMITS = {
    "login_failed": (
        f"{ACCOUNTS_LOGIN_FAILURES_PER_IP}/{ACCOUNTS_LOGIN_COOLOFF}s/ip,"
        f"{ACCOUNTS_LOGIN_FAILURES_PER_ACCOUNT}/{ACCOUNTS_LOGIN_COOLOFF}s/key"
    ),
    # allauth's 1/m/user counts the form post sent to re-authenticate and its replay after
    # it as two; SMS codes to the new number have their own limits above.
    "change_phone": "5/m/user",
}

MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
# TOTP keys and recovery seeds are encrypted with FIELD_ENCRYPTION_KEY.
MFA_ADAPTER = "accounts.mfa.MfaAdapter"
MFA_FORMS = {"activate_totp": "accounts.forms.ActivateTOTPForm"}
MFA_TOTP_ISSUER = env_str("MFA_TOTP_ISSUER", "Contest portal")
# Accept the code of the previous and next 30 s step too: phone clocks drift, and a code
# typed just as it changes should not fail. Each code still works only once.
MFA_TOTP_TOLERANCE = 1
# Email is neither a login method nor a recovery route here, so an unverified address
# cannot be used to lock its owner out; staff must not be blocked from TOTP by it.
MFA_ALLOW_UNVERIFIED_EMAIL = True
# Staff (superusers, is_staff, organizers, judges) need TOTP before any page under these.
ACCOUNTS_MFA_REQUIRED_PATHS = env_list("ACCOUNTS_MFA_REQUIRED_PATHS", ["/admin/", "/organize/", "/judge/"])

# allauth mails (email confirmation, password reset) go to the log unless a server is set.
EMAIL_BACKEND = env_str("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "noreply@localhost")

# --- Public vote ------------------------------------------------------------
# voting/: live counts (a sorted set per edition) and the per-address and fraud meters live
# in Redis; without it counts are read from the vote rows and meters kept in the cache.

VOTE_REDIS_URL = env_redis("VOTE_REDIS_URL") or REDIS_URL
VOTE_REDIS_PREFIX = env_str("VOTE_REDIS_PREFIX", "vote")
# Key of the HMACs that stand in for phone numbers in vote rows. Changing it during a vote
# lets every phone vote again that day; set it explicitly so SECRET_KEY can rotate freely.
VOTE_HASH_KEY = env_str("VOTE_HASH_KEY", "") or (f"voting.phone-hash:{SECRET_KEY}" if DEBUG else "")
if not VOTE_HASH_KEY:
    raise ImproperlyConfigured("VOTE_HASH_KEY must be set when DJANGO_DEBUG is off.")
# Seconds a process reuses the stage dates, the settings and the finalists it read.
VOTE_CONTEXT_TTL = env_int("VOTE_CONTEXT_TTL", 5, minimum=0)
# A rebuild of the live counts waits this long after raising its flag, so that votes that
# committed just before it have applied their counts (voting.live.store.RedisStore.rebuild).
VOTE_REBUILD_GRACE_SECONDS = env_int("VOTE_REBUILD_GRACE_SECONDS", 1, minimum=0)
# Accepted votes reach the live counts in one Redis call per this interval and process.
VOTE_COUNT_FLUSH_MS = env_int("VOTE_COUNT_FLUSH_MS", 50, minimum=1)
# Wrong codes after which a voter's SMS code stops working.
VOTE_CODE_MAX_ATTEMPTS = env_int("VOTE_CODE_MAX_ATTEMPTS", 5, minimum=1)
CELERY_BEAT_SCHEDULE["voting.sweep"] = {
    "task": "voting.sweep",
    "schedule": float(env_int("VOTE_SWEEP_SECONDS", 60, minimum=10)),
}
CELERY_BEAT_SCHEDULE["voting.rebuild_counts"] = {
    "task": "voting.rebuild_counts",
    "schedule": float(env_int("VOTE_REBUILD_SECONDS", 300, minimum=30)),
}
# django-simple-captcha: asked of an address past its hourly votes before it is refused.
INSTALLED_APPS += ["captcha"]
CAPTCHA_TIMEOUT = 5  # minutes
CAPTCHA_LENGTH = 4

# --- Logging: one JSON object per line on stdout in production -------------

LOG_FORMAT = env_choice("LOG_FORMAT", "text" if DEBUG else "json", {"text", "json"})
LOG_LEVEL = env_choice("LOG_LEVEL", "info", {"debug", "info", "warning", "error"}).upper()
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "json": {
            "()": "pythonjsonlogger.json.JsonFormatter",
            "fmt": "%(asctime)s %(levelname)s %(name)s %(message)s",
            "rename_fields": {"asctime": "time", "levelname": "level", "name": "logger"},
        },
        "text": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"},
    },
    "handlers": {"stdout": {"class": "logging.StreamHandler", "stream": "ext://sys.stdout", "formatter": LOG_FORMAT}},
    "root": {"handlers": ["stdout"], "level": LOG_LEVEL},
    # WeasyPrint and fontTools narrate every PDF at INFO; only their problems matter here.
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
    },
}
