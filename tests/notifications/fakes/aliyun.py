"""A loopback Aliyun Dysms API, and the test account it is set up with."""

import base64
import hashlib
import hmac
import json
import re
import time
import uuid
from datetime import UTC, datetime, timedelta
from urllib.parse import parse_qsl, quote, urlsplit

from .provider import CHINA, LOST, FakeProvider

ALIYUN_KEY_ID = "LTAI5tFakeKeyForTests"
ALIYUN_SECRET = "fake-aliyun-secret-0123456789"

# Template ids as the provider would have approved them, and the parameters each takes.
ALIYUN_TEMPLATES = {
    "verification_code": ("SMS_100000001", ("code", "minutes")),
    "registration_confirmation": ("SMS_100000002", ("entry", "number")),
    "advancement": ("SMS_100000003", ("entry", "stage")),
    "award": ("SMS_100000004", ("entry", "award")),
    "vote_code": ("SMS_100000005", ("code", "minutes")),
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


def _aliyun_encode(value):
    # The documented rule: URL-encode, then "+" → "%20", "*" → "%2A", "%7E" → "~".
    return quote(value, safe="").replace("+", "%20").replace("*", "%2A").replace("%7E", "~")


ALIYUN_ERRORS = {
    "isv.BUSINESS_LIMIT_CONTROL": (200, "触发号码天级流控Permits:10"),
    "isv.MOBILE_NUMBER_ILLEGAL": (200, "非法手机号"),
    "isv.SMS_TEMPLATE_ILLEGAL": (200, "模板不合法(不存在或被拉黑)"),
    "isv.SMS_SIGNATURE_ILLEGAL": (200, "签名不合法(不存在或被拉黑)"),
    "isv.TEMPLATE_MISSING_PARAMETERS": (200, "模板缺少变量"),
    "isp.SYSTEM_ERROR": (200, "isp.SYSTEM_ERROR"),
    "Throttling.User": (400, "Request was denied due to user flow control."),
    "ServiceUnavailable": (503, "The request has failed due to a temporary failure of the server."),
}


class FakeAliyun(FakeProvider):
    """Dysms RPC: SendSms and QuerySendDetails, RPC signature v1.0 (HMAC-SHA1)."""

    def __init__(self, *, access_key_id, access_key_secret, templates, **kwargs):
        super().__init__(**kwargs)
        self.access_key_id = access_key_id
        self.access_key_secret = access_key_secret
        self.templates = templates  # approved template code → its parameter names
        self.nonces = set()

    def _error(self, status, code, message):
        return status, {
            "RequestId": str(uuid.uuid4()).upper(),
            "HostId": "dysmsapi.aliyuncs.com",
            "Code": code,
            "Message": message,
            "Recommend": f"https://api.aliyun.com/troubleshoot?q={code}",
        }

    def handle(self, request, body):
        params = dict(parse_qsl(urlsplit(request.path).query, keep_blank_values=True))
        params.update(parse_qsl(body.decode(), keep_blank_values=True))
        signature = params.pop("Signature", "")
        canonical = "&".join(f"{_aliyun_encode(k)}={_aliyun_encode(v)}" for k, v in sorted(params.items()))
        string_to_sign = "POST&%2F&" + _aliyun_encode(canonical)
        key = (self.access_key_secret + "&").encode()
        expected = base64.b64encode(hmac.new(key, string_to_sign.encode(), hashlib.sha1).digest()).decode()
        with self.lock:
            self.actions.append(params.get("Action"))
        if params.get("AccessKeyId") != self.access_key_id:
            return self._error(404, "InvalidAccessKeyId.NotFound", "Specified access key is not found.")
        if params.get("SignatureMethod") != "HMAC-SHA1" or params.get("SignatureVersion") != "1.0":
            return self._error(400, "InvalidParameter", "The specified signature method or version is invalid.")
        if not hmac.compare_digest(signature, expected):
            return self._error(
                400,
                "SignatureDoesNotMatch",
                f"Specified signature is not matched with our calculation. server string to sign is:{string_to_sign}",
            )
        try:
            stamp = datetime.strptime(params.get("Timestamp", ""), "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=UTC)
        except ValueError:
            return self._error(
                400, "InvalidTimeStamp.Format", "Specified time stamp or date value is not well formatted."
            )
        if abs(datetime.now(UTC) - stamp) > timedelta(minutes=15):
            return self._error(400, "InvalidTimeStamp.Expired", "Specified time stamp or date value is expired.")
        with self.lock:
            if params["SignatureNonce"] in self.nonces:
                return self._error(400, "SignatureNonceUsed", "Specified signature nonce was used already.")
            self.nonces.add(params["SignatureNonce"])
        if params.get("Version") != "2017-05-25":
            return self._error(400, "InvalidVersion", "Specified parameter Version is not valid.")
        if params.get("Action") == "SendSms":
            return self._send(params)
        if params.get("Action") == "QuerySendDetails":
            return self._query(params)
        return self._error(
            404, "InvalidAction.NotFound", "Specified api is not found, please check your url and method."
        )

    def _send(self, params):
        request_id = str(uuid.uuid4()).upper()
        scripted = self._next_scripted()
        if scripted not in (None, "OK", LOST):
            status, message = ALIYUN_ERRORS[scripted]
            return status, {"RequestId": request_id, "Message": message, "Code": scripted}
        phone = params.get("PhoneNumbers", "")
        if not re.fullmatch(r"1[3-9]\d{9}", phone):
            return 200, {"RequestId": request_id, "Message": "非法手机号", "Code": "isv.MOBILE_NUMBER_ILLEGAL"}
        template = params.get("TemplateCode", "")
        if template not in self.templates:
            return 200, {
                "RequestId": request_id,
                "Message": "模板不合法(不存在或被拉黑)",
                "Code": "isv.SMS_TEMPLATE_ILLEGAL",
            }
        values = json.loads(params.get("TemplateParam") or "{}")
        if set(values) != set(self.templates[template]) or not all(isinstance(v, str) for v in values.values()):
            return 200, {"RequestId": request_id, "Message": "模板缺少变量", "Code": "isv.TEMPLATE_MISSING_PARAMETERS"}
        biz_id = f"{time.time_ns() // 1000}^0"
        self._accept(
            {
                "out_id": params.get("OutId", ""),
                "phone": phone,
                "template": template,
                "params": values,
                "sign_name": params.get("SignName"),
                "provider_message_id": biz_id,
            }
        )
        self._finish_send(scripted)
        return 200, {"Message": "OK", "RequestId": request_id, "Code": "OK", "BizId": biz_id}

    def _query(self, params):
        day = params.get("SendDate", "")
        with self.lock:
            matching = [
                entry
                for entry in self.sent
                if entry["phone"] == params.get("PhoneNumber")
                and entry["at"].astimezone(CHINA).strftime("%Y%m%d") == day
            ]
        size, page = int(params.get("PageSize", "10")), int(params.get("CurrentPage", "1"))
        details = [
            {
                "ErrCode": "DELIVERED",
                "TemplateCode": entry["template"],
                "OutId": entry["out_id"],
                "ReceiveDate": entry["at"].astimezone(CHINA).strftime("%Y-%m-%d %H:%M:%S"),
                "SendDate": entry["at"].astimezone(CHINA).strftime("%Y-%m-%d %H:%M:%S"),
                "PhoneNum": entry["phone"],
                "Content": "",
                "SendStatus": 3,
            }
            for entry in matching[(page - 1) * size : page * size]
        ]
        return 200, {
            "TotalCount": len(matching),
            "Message": "OK",
            "RequestId": str(uuid.uuid4()).upper(),
            "SmsSendDetailDTOs": {"SmsSendDetailDTO": details},
            "Code": "OK",
        }
