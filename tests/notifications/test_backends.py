import hashlib
import json
from datetime import timedelta

import pytest
from django.utils import timezone

from notifications.backends import PermanentSmsError, RetryableSmsError, get_backend
from notifications.backends.aliyun import sign
from notifications.backends.tencent import signature
from notifications.services import send_sms
from tests.factories import SmsMessageFactory

from .fakes.provider import LOST

# --- signing, against the examples the providers publish ------------------------


def test_aliyun_sign_matches_documented_example():
    # The RPC signature example of Aliyun's "Signature mechanism" page (DescribeRegions, testsecret).
    params = {
        "AccessKeyId": "testid",
        "Action": "DescribeRegions",
        "Format": "XML",
        "SignatureMethod": "HMAC-SHA1",
        "SignatureNonce": "3ee8c1b8-83d3-44af-a94f-4e0ad82fd6cf",
        "SignatureVersion": "1.0",
        "Timestamp": "2016-02-23T12:46:24Z",
        "Version": "2014-05-26",
    }

    assert sign(params, "testsecret", method="GET") == "OLeaidS1JvxuMvnyHOwuJ+uX5qY="


def test_tencent_signature_matches_documented_example():
    # The TC3-HMAC-SHA256 example of Tencent Cloud's "Signature v3" page (CVM DescribeInstances).
    payload = '{"Limit": 1, "Filters": [{"Values": ["\\u672a\\u547d\\u540d"], "Name": "instance-name"}]}'
    canonical_request = "\n".join(
        [
            "POST",
            "/",
            "",
            "content-type:application/json; charset=utf-8\nhost:cvm.tencentcloudapi.com\n",
            "content-type;host",
            hashlib.sha256(payload.encode()).hexdigest(),
        ]
    )

    assert hashlib.sha256(payload.encode()).hexdigest() == (
        "35e9c5b0e3ae67532d3c9f17ead6c90222632e5b1ff7f6e89887f1398934f064"
    )
    assert signature(
        secret_key="Gu5t9xGARNpq86cd98joQYCN3*******",
        timestamp=1551113065,
        service="cvm",
        canonical_request=canonical_request,
    ) == ("2230eefd229f582d8b1b891af7107b91597240707d778ab3738f756258d7652c")


# --- Aliyun against the loopback provider ---------------------------------------


def test_aliyun_wrong_secret_fails_with_signature_mismatch(db, fake_aliyun, settings):
    settings.SMS_ALIYUN_ACCESS_KEY_SECRET = "not-the-secret"
    row = SmsMessageFactory()

    message = send_sms(message_id=row.pk)

    assert fake_aliyun.sent == []
    assert (message.status, message.attempts) == ("failed", 1)
    assert message.last_error.startswith(
        "SignatureDoesNotMatch: Specified signature is not matched with our calculation. server string to sign is:POST&%2F&AccessKeyId%3D"
    )


@pytest.mark.parametrize(
    ("code", "error_class", "in_doubt"),
    [
        ("isv.BUSINESS_LIMIT_CONTROL", RetryableSmsError, False),
        ("Throttling.User", RetryableSmsError, False),
        ("ServiceUnavailable", RetryableSmsError, False),
        ("isp.SYSTEM_ERROR", RetryableSmsError, True),
        ("isv.MOBILE_NUMBER_ILLEGAL", PermanentSmsError, False),
        ("isv.SMS_TEMPLATE_ILLEGAL", PermanentSmsError, False),
        ("isv.SMS_SIGNATURE_ILLEGAL", PermanentSmsError, False),
    ],
)
def test_aliyun_error_codes_sorted(fake_aliyun, code, error_class, in_doubt):
    fake_aliyun.script.append(code)
    backend = get_backend("aliyun")

    with pytest.raises(error_class) as caught:
        backend.send(
            phone="+8613800138000", template="verification_code", params={"code": "1", "minutes": "5"}, out_id="x1"
        )

    assert type(caught.value) is error_class
    assert (caught.value.code, caught.value.in_doubt) == (code, in_doubt)
    assert fake_aliyun.sent == []


def test_aliyun_lookup_finds_accepted_out_id_only(fake_aliyun):
    backend = get_backend("aliyun")
    since = timezone.now() - timedelta(minutes=1)
    result = backend.send(
        phone="+8613800138000", template="vote_code", params={"code": "246810", "minutes": "5"}, out_id="out-1"
    )

    found = backend.lookup(phone="+8613800138000", out_id="out-1", since=since)
    other_id = backend.lookup(phone="+8613800138000", out_id="out-2", since=since)
    other_phone = backend.lookup(phone="+8613900139000", out_id="out-1", since=since)

    assert result.provider_message_id == fake_aliyun.sent[0]["provider_message_id"]
    assert (found.delivered, other_id.delivered, other_phone.delivered) == (True, False, False)
    assert fake_aliyun.actions == ["SendSms", "QuerySendDetails", "QuerySendDetails", "QuerySendDetails"]


def test_aliyun_lookup_pages_through_a_busy_number(fake_aliyun):
    backend = get_backend("aliyun")
    since = timezone.now() - timedelta(minutes=1)
    for n in range(60):
        backend.send(phone="+8613800138000", template="vote_code", params={"code": "1", "minutes": "5"}, out_id=f"o{n}")

    assert backend.lookup(phone="+8613800138000", out_id="o59", since=since).delivered is True
    assert fake_aliyun.actions[60:] == ["QuerySendDetails", "QuerySendDetails"]


# --- Tencent against the loopback provider ---------------------------------------


def test_tencent_send_success_records_serial_no(db, fake_tencent):
    row = SmsMessageFactory(
        phone="+8613800138000", purpose="advancement", template="advancement", params={"entry": "慧眼", "stage": "决赛"}
    )

    message = send_sms(message_id=row.pk)

    (accepted,) = fake_tencent.sent
    assert accepted == {
        "out_id": row.out_id,
        "phone": "+8613800138000",
        "template": "2000003",
        "params": ["慧眼", "决赛"],
        "sign_name": "数据应用创新大赛",
        "provider_message_id": accepted["provider_message_id"],
        "at": accepted["at"],
    }
    assert (message.status, message.backend, message.provider_message_id) == (
        "sent",
        "tencent",
        accepted["provider_message_id"],
    )


def test_tencent_wrong_secret_fails_with_signature_failure(db, fake_tencent, settings):
    settings.SMS_TENCENT_SECRET_KEY = "not-the-key"
    row = SmsMessageFactory()

    message = send_sms(message_id=row.pk)

    assert fake_tencent.sent == []
    assert (message.status, message.attempts, message.last_error) == (
        "failed",
        1,
        "AuthFailure.SignatureFailure: The provided credentials could not be validated. "
        "Please check your signature is correct.",
    )


@pytest.mark.parametrize(
    ("code", "error_class", "in_doubt"),
    [
        ("LimitExceeded.PhoneNumberDailyLimit", RetryableSmsError, False),
        ("LimitExceeded.PhoneNumberThirtySecondLimit", RetryableSmsError, False),
        ("InternalError.Timeout", RetryableSmsError, True),
        ("FailedOperation.TemplateIncorrectOrUnapproved", PermanentSmsError, False),
        ("InvalidParameterValue.IncorrectPhoneNumber", PermanentSmsError, False),
        ("AuthFailure.SignatureFailure", PermanentSmsError, False),
    ],
)
def test_tencent_error_codes_sorted(fake_tencent, code, error_class, in_doubt):
    fake_tencent.script.append(code)
    backend = get_backend("tencent")

    with pytest.raises(error_class) as caught:
        backend.send(
            phone="+8613800138000", template="verification_code", params={"code": "1", "minutes": "5"}, out_id="x1"
        )

    assert type(caught.value) is error_class
    assert (caught.value.code, caught.value.in_doubt) == (code, in_doubt)
    assert fake_tencent.sent == []


def test_tencent_unapproved_template_fails_permanently(db, fake_tencent, settings):
    settings.SMS_TENCENT_TEMPLATES = {**settings.SMS_TENCENT_TEMPLATES, "verification_code": "999999"}
    row = SmsMessageFactory()

    message = send_sms(message_id=row.pk)

    assert (message.status, message.last_error) == (
        "failed",
        "FailedOperation.TemplateIncorrectOrUnapproved: template is not approved or request content does not "
        "match the approved template content",
    )


def test_tencent_lost_answer_is_looked_up_not_sent_again(db, fake_tencent):
    fake_tencent.script.append(LOST)
    row = SmsMessageFactory()

    first = send_sms(message_id=row.pk)
    second = send_sms(message_id=row.pk)

    assert (first.status, first.in_doubt) == ("queued", True)
    assert fake_tencent.actions == ["SendSms", "PullSmsSendStatusByPhoneNumber"]
    assert fake_tencent.out_id_counts() == {row.out_id: 1}
    assert (second.status, second.provider_message_id) == ("sent", fake_tencent.sent[0]["provider_message_id"])


def test_tencent_request_body_is_the_signed_json(fake_tencent):
    backend = get_backend("tencent")
    backend.send(phone="+8613800138000", template="award", params={"entry": "作品", "award": "二等奖"}, out_id="ctx-9")

    (accepted,) = fake_tencent.sent
    assert json.dumps(accepted["params"], ensure_ascii=False) == '["作品", "二等奖"]'
    assert accepted["out_id"] == "ctx-9"


def test_backend_without_keys_refuses_to_start(settings):
    settings.SMS_TENCENT_SECRET_ID = ""

    with pytest.raises(PermanentSmsError, match="SMS_TENCENT_SECRET_ID"):
        get_backend("tencent")
