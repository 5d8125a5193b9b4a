"""A loopback Tencent Cloud SMS API, and the test account it is set up with."""

import hashlib
import hmac
import json
import re
import time
import uuid
from datetime import UTC, datetime
from urllib.parse import urlsplit

from .provider import CHINA, LOST, FakeProvider

TENCENT_SECRET_ID = "AKIDfakeSecretIdForTests0123456789"
TENCENT_SECRET_KEY = "fake-tencent-secret-key-0123456789"
TENCENT_APP_ID = "1400006666"

# Template ids as the provider would have approved them, and how many parameters each takes.
TENCENT_TEMPLATES = {
    "verification_code": ("2000001", 2),
    "registration_confirmation": ("2000002", 2),
    "advancement": ("2000003", 2),
    "award": ("2000004", 2),
    "vote_code": ("2000005", 2),
}

TENCENT_MESSAGES = {
    "LimitExceeded.PhoneNumberDailyLimit": "the number of sms messages sent from a single mobile number every day exceeds the upper limit",
    "LimitExceeded.PhoneNumberThirtySecondLimit": "the number of sms messages sent from a single mobile number within 30 seconds exceeds the upper limit",
    "FailedOperation.TemplateIncorrectOrUnapproved": "template is not approved or request content does not match the approved template content",
    "InvalidParameterValue.IncorrectPhoneNumber": "incorrect number format",
    "InternalError.Timeout": "request timed out",
    "AuthFailure.SignatureFailure": "The provided credentials could not be validated. Please check your signature is correct.",
}
_REQUEST_LEVEL = ("AuthFailure", "InternalError", "RequestLimitExceeded")


class FakeTencent(FakeProvider):
    """Tencent Cloud SMS 2021-01-11: SendSms and PullSmsSendStatusByPhoneNumber, TC3-HMAC-SHA256."""

    def __init__(self, *, secret_id, secret_key, app_id, templates, **kwargs):
        super().__init__(**kwargs)
        self.secret_id = secret_id
        self.secret_key = secret_key
        self.app_id = app_id
        self.templates = templates  # approved template id → number of parameters

    @staticmethod
    def _error(code, message=None):
        return 200, {
            "Response": {
                "Error": {"Code": code, "Message": message or TENCENT_MESSAGES.get(code, code)},
                "RequestId": str(uuid.uuid4()),
            }
        }

    def _expected_signature(self, request, body, credential_date, signed_headers, timestamp):
        names = signed_headers.split(";")
        canonical_headers = "".join(f"{name}:{(request.headers.get(name) or '').strip().lower()}\n" for name in names)
        canonical_request = "\n".join(
            [
                request.command,
                urlsplit(request.path).path or "/",
                urlsplit(request.path).query,
                canonical_headers,
                signed_headers,
                hashlib.sha256(body).hexdigest(),
            ]
        )
        scope = f"{credential_date}/sms/tc3_request"
        string_to_sign = "\n".join(
            ["TC3-HMAC-SHA256", timestamp, scope, hashlib.sha256(canonical_request.encode()).hexdigest()]
        )
        key = ("TC3" + self.secret_key).encode()
        for part in (credential_date, "sms", "tc3_request"):
            key = hmac.new(key, part.encode(), hashlib.sha256).digest()
        return hmac.new(key, string_to_sign.encode(), hashlib.sha256).hexdigest()

    def handle(self, request, body):
        action = request.headers.get("X-TC-Action", "")
        with self.lock:
            self.actions.append(action)
        match = re.fullmatch(
            r"TC3-HMAC-SHA256 Credential=([^/]+)/(\d{4}-\d{2}-\d{2})/sms/tc3_request, "
            r"SignedHeaders=([a-z0-9;-]+), Signature=([0-9a-f]{64})",
            request.headers.get("Authorization", ""),
        )
        if not match:
            return self._error("AuthFailure.InvalidAuthorization", "Authorization header is malformed.")
        secret_id, credential_date, signed_headers, signature = match.groups()
        if secret_id != self.secret_id:
            return self._error(
                "AuthFailure.SecretIdNotFound",
                "The SecretId is not found, please ensure that your SecretId is correct.",
            )
        if "content-type" not in signed_headers.split(";") or "host" not in signed_headers.split(";"):
            return self._error("AuthFailure.InvalidAuthorization", "SignedHeaders must include content-type and host.")
        timestamp = request.headers.get("X-TC-Timestamp", "")
        if not timestamp.isdigit() or abs(time.time() - int(timestamp)) > 300:
            return self._error(
                "AuthFailure.SignatureExpire",
                "Signature expire. Server time is out of sync with the request timestamp.",
            )
        if datetime.fromtimestamp(int(timestamp), UTC).strftime("%Y-%m-%d") != credential_date:
            return self._error("AuthFailure.SignatureFailure")
        expected = self._expected_signature(request, body, credential_date, signed_headers, timestamp)
        if not hmac.compare_digest(signature, expected):
            return self._error("AuthFailure.SignatureFailure")
        if request.headers.get("X-TC-Version") != "2021-01-11":
            return self._error("InvalidParameterValue", "The version is not supported.")
        payload = json.loads(body)
        if payload.get("SmsSdkAppId") != self.app_id:
            return self._error("FailedOperation.SdkAppIdNotExist" if action == "SendSms" else "InvalidParameterValue")
        if action == "SendSms":
            return self._send(payload)
        if action == "PullSmsSendStatusByPhoneNumber":
            return self._pull(payload)
        return self._error("InvalidAction", f"The action {action} is not found.")

    def _send(self, payload):
        request_id = str(uuid.uuid4())
        phone = (payload.get("PhoneNumberSet") or [""])[0]
        context = payload.get("SessionContext", "")
        scripted = self._next_scripted()
        if scripted is not None and scripted.startswith(_REQUEST_LEVEL):
            return self._error(scripted)
        code = scripted if scripted not in (None, "Ok", LOST) else "Ok"
        if code == "Ok" and not re.fullmatch(r"\+861[3-9]\d{9}", phone):
            code = "InvalidParameterValue.IncorrectPhoneNumber"
        template = payload.get("TemplateId", "")
        if code == "Ok" and (
            template not in self.templates
            or len(payload.get("TemplateParamSet") or []) != self.templates[template]
            or payload.get("SignName") is None
        ):
            code = "FailedOperation.TemplateIncorrectOrUnapproved"
        if code != "Ok":
            status = {
                "SerialNo": "",
                "PhoneNumber": phone,
                "Fee": 0,
                "SessionContext": context,
                "Code": code,
                "Message": TENCENT_MESSAGES.get(code, code),
                "IsoCode": "CN",
            }
            return 200, {"Response": {"SendStatusSet": [status], "RequestId": request_id}}
        serial = f"5000:{time.time_ns()}"
        self._accept(
            {
                "out_id": context,
                "phone": phone,
                "template": template,
                "params": payload.get("TemplateParamSet"),
                "sign_name": payload.get("SignName"),
                "provider_message_id": serial,
            }
        )
        self._finish_send(scripted)
        status = {
            "SerialNo": serial,
            "PhoneNumber": phone,
            "Fee": 1,
            "SessionContext": context,
            "Code": "Ok",
            "Message": "send success",
            "IsoCode": "CN",
        }
        return 200, {"Response": {"SendStatusSet": [status], "RequestId": request_id}}

    def _pull(self, payload):
        begin = datetime.fromtimestamp(int(payload["BeginTime"]), UTC)
        end = datetime.fromtimestamp(int(payload.get("EndTime") or time.time()), UTC)
        with self.lock:
            matching = [e for e in self.sent if e["phone"] == payload.get("PhoneNumber") and begin <= e["at"] <= end]
        statuses = [
            {
                "UserReceiveTime": entry["at"].astimezone(CHINA).strftime("%Y-%m-%d %H:%M:%S"),
                "CountryCode": "86",
                "SubscriberNumber": entry["phone"].removeprefix("+86"),
                "PhoneNumber": entry["phone"],
                "SerialNo": entry["provider_message_id"],
                "ReportStatus": "SUCCESS",
                "Description": "用户短信送达成功",
                "SessionContext": entry["out_id"],
            }
            for entry in matching[: int(payload.get("Limit", 100))]
        ]
        return 200, {"Response": {"PullSmsSendStatusSet": statuses, "RequestId": str(uuid.uuid4())}}
