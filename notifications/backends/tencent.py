"""Tencent Cloud SMS (API version 2021-01-11) with TC3-HMAC-SHA256 request signing."""

import hashlib
import hmac
import json
import time
from datetime import UTC, datetime, timedelta
from urllib.parse import urlsplit

from django.conf import settings

from ..texts import get_template
from .base import Lookup, PermanentSmsError, RetryableSmsError, SendResult, SmsBackend
from .http import checked_endpoint, post

API_VERSION = "2021-01-11"
SERVICE = "sms"
CONTENT_TYPE = "application/json; charset=utf-8"
SIGNED_HEADERS = "content-type;host;x-tc-action"
PULL_LIMIT = 100  # the most PullSmsSendStatusByPhoneNumber returns; its Offset is fixed at 0


def _hmac(key, text):
    return hmac.new(key, text.encode(), hashlib.sha256).digest()


def signature(*, secret_key, timestamp, service, canonical_request):
    """TC3-HMAC-SHA256: the hex signature of a canonical request made at `timestamp`."""
    date = datetime.fromtimestamp(timestamp, UTC).strftime("%Y-%m-%d")
    string_to_sign = "\n".join(
        [
            "TC3-HMAC-SHA256",
            str(timestamp),
            f"{date}/{service}/tc3_request",
            hashlib.sha256(canonical_request.encode()).hexdigest(),
        ]
    )
    signing_key = _hmac(_hmac(_hmac(f"TC3{secret_key}".encode(), date), service), "tc3_request")
    return hmac.new(signing_key, string_to_sign.encode(), hashlib.sha256).hexdigest()


def authorization(*, secret_id, secret_key, host, action, body, timestamp, path="/"):
    """The Authorization header of a TC3-HMAC-SHA256 signed POST with a JSON body."""
    # Header names and values lower-cased, each line ending in a newline, as documented.
    canonical_headers = f"content-type:{CONTENT_TYPE}\nhost:{host.lower()}\nx-tc-action:{action.lower()}\n"
    canonical_request = "\n".join(
        ["POST", path, "", canonical_headers, SIGNED_HEADERS, hashlib.sha256(body).hexdigest()]
    )
    date = datetime.fromtimestamp(timestamp, UTC).strftime("%Y-%m-%d")
    value = signature(secret_key=secret_key, timestamp=timestamp, service=SERVICE, canonical_request=canonical_request)
    return (
        f"TC3-HMAC-SHA256 Credential={secret_id}/{date}/{SERVICE}/tc3_request, "
        f"SignedHeaders={SIGNED_HEADERS}, Signature={value}"
    )


def classify(code, message):
    """The SmsError for a code that is not "Ok" (a request error or one number's status)."""
    text = message or "no message"
    if code.startswith(("LimitExceeded.", "RequestLimitExceeded")):
        return RetryableSmsError(text, code=code)
    if code.startswith("InternalError"):
        # The provider failed on its side; whether it kept the message is not certain.
        return RetryableSmsError(text, code=code, in_doubt=True)
    return PermanentSmsError(text, code=code or "no code")


class TencentBackend(SmsBackend):
    name = "tencent"

    def __init__(self):
        self.endpoint = checked_endpoint(settings.SMS_TENCENT_ENDPOINT, "SMS_TENCENT_ENDPOINT")
        self.secret_id = settings.SMS_TENCENT_SECRET_ID
        self.secret_key = settings.SMS_TENCENT_SECRET_KEY
        self.app_id = settings.SMS_TENCENT_APP_ID
        self.region = settings.SMS_TENCENT_REGION
        if not self.secret_id or not self.secret_key or not self.app_id:
            raise PermanentSmsError(
                "SMS_TENCENT_SECRET_ID, SMS_TENCENT_SECRET_KEY and SMS_TENCENT_APP_ID are not all set"
            )

    def call(self, action, payload):
        """Sign and POST one action; return the "Response" object unless it carries an Error."""
        body = json.dumps(payload, ensure_ascii=False, separators=(",", ":")).encode()
        parts = urlsplit(self.endpoint)
        host = parts.netloc.lower()
        timestamp = int(time.time())
        headers = {
            "Authorization": authorization(
                secret_id=self.secret_id,
                secret_key=self.secret_key,
                host=host,
                action=action,
                body=body,
                timestamp=timestamp,
                path=parts.path or "/",
            ),
            "Content-Type": CONTENT_TYPE,
            "Host": host,
            "X-TC-Action": action,
            "X-TC-Timestamp": str(timestamp),
            "X-TC-Version": API_VERSION,
            "X-TC-Region": self.region,
        }
        status, data = post(self.endpoint, body=body, headers=headers)
        response = data.get("Response")
        if not isinstance(response, dict):
            raise RetryableSmsError(f"HTTP {status} without a Response object", in_doubt=True)
        if error := response.get("Error"):
            raise classify(str(error.get("Code", "")), str(error.get("Message", "")))
        return response

    def send(self, *, phone, template, params, out_id):
        sms_template = get_template(template)
        template_id = sms_template.provider_template_id(self.name)
        if not template_id:
            raise PermanentSmsError(f"no Tencent template id for {template!r}: set SMS_TENCENT_TEMPLATES")
        response = self.call(
            "SendSms",
            {
                "PhoneNumberSet": [phone],
                "SmsSdkAppId": self.app_id,
                "SignName": settings.SMS_SIGN_NAME,
                "TemplateId": template_id,
                "TemplateParamSet": [str(params[name]) for name in sms_template.params],
                "SessionContext": out_id,
            },
        )
        statuses = response.get("SendStatusSet") or []
        if len(statuses) != 1:
            raise RetryableSmsError(f"expected one send status, got {len(statuses)}", in_doubt=True)
        status = statuses[0]
        if status.get("Code") != "Ok":
            raise classify(str(status.get("Code", "")), str(status.get("Message", "")))
        return SendResult(provider_message_id=str(status.get("SerialNo", "")))

    def lookup(self, *, phone, out_id, since):
        # Statuses appear once the carrier reports delivery (usually seconds); 7 days at most.
        now = int(time.time())
        begin = max(int(since.timestamp()), now - int(timedelta(days=7).total_seconds()) + 60)
        response = self.call(
            "PullSmsSendStatusByPhoneNumber",
            {
                "BeginTime": begin,
                "EndTime": now + 60,
                "Offset": 0,
                "Limit": PULL_LIMIT,
                "PhoneNumber": phone,
                "SmsSdkAppId": self.app_id,
            },
        )
        for status in response.get("PullSmsSendStatusSet") or []:
            if status.get("SessionContext") == out_id:
                return Lookup(delivered=True, provider_message_id=str(status.get("SerialNo", "")))
        return Lookup(delivered=False)
