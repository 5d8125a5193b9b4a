"""Aliyun Dysms (API version 2017-05-25) over its RPC interface.

Requests are form-encoded POSTs signed with the AccessKey secret: HMAC-SHA1 over
"POST&%2F&" + the percent-encoded, sorted query string, SignatureVersion 1.0.
"""

import base64
import hashlib
import hmac
import json
import uuid
from datetime import UTC, datetime, timedelta
from urllib.parse import quote

from django.conf import settings
from django.utils import timezone

from accounts.phone import national_number

from ..texts import get_template
from .base import Lookup, PermanentSmsError, RetryableSmsError, SendResult, SmsBackend
from .http import checked_endpoint, post

API_VERSION = "2017-05-25"
# Throttling and the provider's own failures; every other code is a definite refusal.
RETRYABLE_CODES = {
    "isv.BUSINESS_LIMIT_CONTROL",
    "BUSINESS_LIMIT_CONTROL_MINUTE",
    "isv.BUSINESS_LIMIT_HOUR",
    "isv.DATA_NOT_EXIST",  # documented as "try again later"
    "ServiceUnavailable",
    "InternalError",
}
QUERY_PAGE_SIZE = 50  # the largest page QuerySendDetails allows
QUERY_MAX_PAGES = 20


def percent_encode(value):
    """RFC 3986 encoding as the RPC signature wants it: only A-Z a-z 0-9 - _ . ~ stay as they are."""
    return quote(str(value), safe="-_.~")


def sign(params, secret, method="POST"):
    canonical = "&".join(f"{percent_encode(k)}={percent_encode(v)}" for k, v in sorted(params.items()))
    string_to_sign = f"{method}&{percent_encode('/')}&{percent_encode(canonical)}"
    digest = hmac.new(f"{secret}&".encode(), string_to_sign.encode(), hashlib.sha1).digest()
    return base64.b64encode(digest).decode()


def classify(status, code, message):
    """The SmsError for an answer that is not "OK"."""
    text = message or "no message"
    if code in RETRYABLE_CODES or code.startswith("Throttling"):
        return RetryableSmsError(text, code=code)
    if code.startswith("isp.") or status >= 500:
        # The provider failed on its side; whether it kept the message is not certain.
        return RetryableSmsError(text, code=code or f"HTTP {status}", in_doubt=True)
    return PermanentSmsError(text, code=code or f"HTTP {status}")


class AliyunBackend(SmsBackend):
    name = "aliyun"

    def __init__(self):
        self.endpoint = checked_endpoint(settings.SMS_ALIYUN_ENDPOINT, "SMS_ALIYUN_ENDPOINT")
        self.access_key_id = settings.SMS_ALIYUN_ACCESS_KEY_ID
        self.access_key_secret = settings.SMS_ALIYUN_ACCESS_KEY_SECRET
        self.region = settings.SMS_ALIYUN_REGION
        if not self.access_key_id or not self.access_key_secret:
            raise PermanentSmsError("SMS_ALIYUN_ACCESS_KEY_ID and SMS_ALIYUN_ACCESS_KEY_SECRET are not set")

    def call(self, action, params):
        """Sign and POST one RPC action; return the decoded answer if its Code is "OK"."""
        query = {
            "AccessKeyId": self.access_key_id,
            "Action": action,
            "Format": "JSON",
            "RegionId": self.region,
            "SignatureMethod": "HMAC-SHA1",
            "SignatureNonce": uuid.uuid4().hex,
            "SignatureVersion": "1.0",
            "Timestamp": datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
            "Version": API_VERSION,
            **params,
        }
        query["Signature"] = sign(query, self.access_key_secret)
        body = "&".join(f"{percent_encode(k)}={percent_encode(v)}" for k, v in query.items()).encode()
        status, data = post(
            self.endpoint,
            body=body,
            headers={"Content-Type": "application/x-www-form-urlencoded; charset=utf-8", "Accept": "application/json"},
        )
        code = str(data.get("Code", ""))
        if status == 200 and code == "OK":
            return data
        raise classify(status, code, str(data.get("Message", "")))

    def send(self, *, phone, template, params, out_id):
        sms_template = get_template(template)
        template_code = sms_template.provider_template_id(self.name)
        if not template_code:
            raise PermanentSmsError(f"no Aliyun template code for {template!r}: set SMS_ALIYUN_TEMPLATES")
        data = self.call(
            "SendSms",
            {
                "PhoneNumbers": national_number(phone),
                "SignName": settings.SMS_SIGN_NAME,
                "TemplateCode": template_code,
                "TemplateParam": json.dumps(
                    {name: str(params[name]) for name in sms_template.params}, ensure_ascii=False, separators=(",", ":")
                ),
                "OutId": out_id,
            },
        )
        return SendResult(provider_message_id=str(data.get("BizId", "")))

    def lookup(self, *, phone, out_id, since):
        # QuerySendDetails lists one number's messages per day (China time), from the moment
        # the provider accepts them; the days from `since` to today are searched.
        today = timezone.localdate()
        day = timezone.localtime(since).date()
        while day <= today:
            for page in range(1, QUERY_MAX_PAGES + 1):
                data = self.call(
                    "QuerySendDetails",
                    {
                        "PhoneNumber": national_number(phone),
                        "SendDate": day.strftime("%Y%m%d"),
                        "PageSize": str(QUERY_PAGE_SIZE),
                        "CurrentPage": str(page),
                    },
                )
                details = (data.get("SmsSendDetailDTOs") or {}).get("SmsSendDetailDTO") or []
                for detail in details:
                    if detail.get("OutId") == out_id:
                        return Lookup(delivered=True)
                if len(details) < QUERY_PAGE_SIZE:
                    break
            day += timedelta(days=1)
        return Lookup(delivered=False)
