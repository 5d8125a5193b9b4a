import logging

import pytest
from django.core.exceptions import ValidationError
from django.db import transaction

from notifications.models import SmsMessage
from notifications.services import queue_sms, queue_sms_to_account
from notifications.texts import TEMPLATES
from tests.factories import UserFactory

CODE_PARAMS = {"code": "123456", "minutes": 10}


def console_lines(caplog):
    return [r.getMessage() for r in caplog.records if r.name == "notifications.console"]


def test_queue_sms_after_commit_sends_through_console(db, django_capture_on_commit_callbacks, caplog):
    caplog.set_level(logging.INFO, logger="notifications.console")
    with django_capture_on_commit_callbacks(execute=True):
        message = queue_sms(
            phone="+8613800138000",
            purpose=SmsMessage.Purpose.VERIFICATION_CODE,
            template="verification_code",
            params=CODE_PARAMS,
        )

    message.refresh_from_db()
    assert (message.status, message.attempts, message.backend) == ("sent", 1, "console")
    assert message.provider_message_id == f"console-{message.out_id}"
    assert message.params == {"code": "123456", "minutes": "10"}
    assert console_lines(caplog) == [
        f"SMS to +8613800138000 [verification_code, out-id {message.out_id}]: "
        "【数据应用创新大赛】您的验证码为123456，10分钟内有效。如非本人操作，请忽略本短信。"
    ]


def _queue_then_fail():
    with transaction.atomic():
        queue_sms(phone="+8613800138000", purpose="verification_code", template="verification_code", params=CODE_PARAMS)
        raise RuntimeError("the caller's transaction fails")


def test_queue_sms_rolled_back_sends_nothing(db, django_capture_on_commit_callbacks, caplog):
    caplog.set_level(logging.INFO, logger="notifications.console")
    with django_capture_on_commit_callbacks(execute=True) as callbacks, pytest.raises(RuntimeError):
        _queue_then_fail()

    assert callbacks == []
    assert SmsMessage.objects.count() == 0
    assert console_lines(caplog) == []


def test_queue_sms_rolled_back_sends_nothing_to_provider(db, fake_aliyun, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True) as callbacks, pytest.raises(RuntimeError):
        _queue_then_fail()

    assert callbacks == []
    assert SmsMessage.objects.count() == 0
    assert fake_aliyun.actions == []


def test_queue_sms_same_idempotency_key_returns_existing_row(db, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks() as callbacks:
        first = queue_sms(
            phone="13800138000", purpose="award", template="award", params={"entry": "智慧政务", "award": "一等奖"},
            idempotency_key="award:entry-7",
        )  # fmt: skip
        second = queue_sms(
            phone="+8613800138000", purpose="award", template="award", params={"entry": "智慧政务", "award": "一等奖"},
            idempotency_key="award:entry-7",
        )  # fmt: skip

    assert second.pk == first.pk
    assert first.phone == "+8613800138000"
    assert SmsMessage.objects.count() == 1
    assert len(callbacks) == 1


def test_queue_sms_wrong_params_raises_before_writing(db):
    with pytest.raises(ValueError, match=r"takes \['code', 'minutes'\], got \['code'\]"):
        queue_sms(
            phone="+8613800138000", purpose="verification_code", template="verification_code", params={"code": "1"}
        )
    with pytest.raises(KeyError, match="unknown SMS template 'nope'"):
        queue_sms(phone="+8613800138000", purpose="award", template="nope", params={})
    with pytest.raises(ValidationError):
        queue_sms(phone="+12025550100", purpose="verification_code", template="verification_code", params=CODE_PARAMS)
    assert SmsMessage.objects.count() == 0


def test_texts_render_every_template_with_its_params():
    rendered = {
        code: template.render({name: f"<{name}>" for name in template.params}, sign_name="大赛")
        for code, template in TEMPLATES.items()
    }

    assert rendered == {
        "verification_code": "【大赛】您的验证码为<code>，<minutes>分钟内有效。如非本人操作，请忽略本短信。",
        "registration_confirmation": "【大赛】您的参赛作品“<entry>”已提交成功，作品编号<number>。评审结果将以短信通知，请保持手机畅通。",
        "advancement": "【大赛】恭喜！您的参赛作品“<entry>”已晋级<stage>，详情请登录大赛官网查看。",
        "award": "【大赛】恭喜！您的参赛作品“<entry>”荣获<award>，详情请登录大赛官网查看。",
        "vote_code": "【大赛】您正在参与大赛网络投票，投票验证码为<code>，<minutes>分钟内有效。请勿将验证码告知他人。",
        "not_advanced": "【大赛】感谢参与！您的参赛作品“<entry>”未能晋级<stage>，详情请登录大赛官网查看。",
        "notice_deadline": "【大赛】大赛通知：<item>的截止时间为<date>，请及时登录大赛官网办理。",
        "notice_event": "【大赛】大赛通知：<event>定于<date>在<place>举行，请准时参加，详情请登录大赛官网查看。",
        "notice_update": "【大赛】大赛通知：<subject>有新的安排，详情请登录大赛官网查看。",
    }
    # Every purpose has a template of its name, or several under its prefix (notice_…); a
    # purpose may have more (advancement has two).
    for purpose in SmsMessage.Purpose.values:
        assert any(code == purpose or code.startswith(f"{purpose}_") for code in TEMPLATES), purpose


def test_queue_sms_to_account_texts_its_phone_and_skips_an_account_without_one(db):
    with_phone = UserFactory(phone="+8613800138000")
    without_phone = UserFactory(phone=None)

    message = queue_sms_to_account(
        user=with_phone, purpose=SmsMessage.Purpose.VERIFICATION_CODE, template="verification_code", params=CODE_PARAMS
    )
    skipped = queue_sms_to_account(
        user=without_phone,
        purpose=SmsMessage.Purpose.VERIFICATION_CODE,
        template="verification_code",
        params=CODE_PARAMS,
    )

    assert skipped is None
    assert list(SmsMessage.objects.values_list("pk", "phone")) == [(message.pk, "+8613800138000")]
