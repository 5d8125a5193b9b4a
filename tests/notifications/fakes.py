"""Loopback stand-ins for the Aliyun and Tencent SMS APIs.

Each one is an HTTP server on 127.0.0.1 that checks a request's signature the way the
provider documents it — recomputed here from the shared secret, independently of the
client code under test — and answers with the provider's own success and error bodies.
What it accepted is kept in `sent` (one entry per accepted message, with its out-id),
which is what the tests count. `script` holds codes to answer the next sends with;
"LOST" accepts the message and holds the answer until the provider is released or stopped,
so the client's read timeout is what ends the request, as when an answer is lost on the way.

`ALIYUN_*`/`TENCENT_*` below are the test accounts the fakes are set up with: keys, and the
templates each provider approved with the parameters each takes.
"""

import base64
import hashlib
import hmac
import json
import re
import threading
import time
import uuid
from collections import Counter, deque
from datetime import UTC, datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qsl, quote, urlsplit
from zoneinfo import ZoneInfo

CHINA = ZoneInfo("Asia/Shanghai")
LOST = "LOST"

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


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def do_POST(self):
        length = int(self.headers.get("Content-Length", "0"))
        body = self.rfile.read(length)
        status, answer = self.server.provider.handle(self, body)
        if status is None:
            return  # the provider dropped the connection
        raw = json.dumps(answer, ensure_ascii=False).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json;charset=utf-8")
        self.send_header("Content-Length", str(len(raw)))
        self.end_headers()
        self.wfile.write(raw)

    def log_message(self, format, *args):
        pass  # keep test output quiet


class _Server(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request, client_address):
        pass  # a client that gave up (a lost answer, a killed worker) is part of the scenario


class FakeProvider:
    def __init__(self, *, delay=0.0):
        # A provider's own latency on every send: the races and the worker batch need a peer
        # slow enough that two workers are inside a send at once; no clock can stand in for it
        # because the client under test waits on a real socket.
        self.delay = delay
        # When set, every send accepted after the first `hold_after` is kept waiting (accepted,
        # no answer yet) until `release` is set: a worker killed then dies mid-request. A LOST
        # answer waits for the same event.
        self.hold_after = None
        self.held = 0
        self.release = threading.Event()
        self.script = deque()
        self.sent = []
        self.actions = []
        self.lock = threading.Lock()
        self.server = _Server(("127.0.0.1", 0), _Handler)
        self.server.provider = self
        self.thread = threading.Thread(target=self.server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)

    @property
    def url(self):
        return f"http://127.0.0.1:{self.server.server_address[1]}/"

    def start(self):
        self.thread.start()
        return self

    def stop(self):
        self.release.set()
        self.server.shutdown()
        self.server.server_close()

    def out_id_counts(self):
        with self.lock:
            return Counter(entry["out_id"] for entry in self.sent)

    def _next_scripted(self):
        with self.lock:
            return self.script.popleft() if self.script else None

    def _accept(self, entry):
        with self.lock:
            entry["at"] = datetime.now(UTC)
            self.sent.append(entry)

    def _finish_send(self, scripted):
        """Wait as a real provider would before answering an accepted send."""
        with self.lock:
            hold = self.hold_after is not None and len(self.sent) > self.hold_after
            self.held += hold
        if hold or scripted == LOST:
            self.release.wait(timeout=60)
        elif self.delay:
            time.sleep(self.delay)


# --- Aliyun -------------------------------------------------------------------


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


# --- Tencent ------------------------------------------------------------------

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
