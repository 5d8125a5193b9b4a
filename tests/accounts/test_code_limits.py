"""SMS code limits: per number (1 a minute, 5 an hour, 10 a day, rolling), per IP, per day for the portal."""

from datetime import UTC, datetime, timedelta

import pytest
from django.contrib.auth import get_user_model
from django.utils import translation

from accounts.services import CodeRateLimited, check_code_rate, consume_code_rate, format_wait
from notifications.models import SmsMessage
from tests.factories import EntrantUserFactory
from tests.helpers import sms_codes

PHONE = "+8613800138000"
IP = "203.0.113.7"
T0 = datetime(2026, 6, 1, 2, 0, tzinfo=UTC)  # 10:00 in Shanghai


def seconds(n):
    return timedelta(seconds=n)


def refused_at(now, phone=PHONE, ip=IP):
    with pytest.raises(CodeRateLimited) as caught:
        consume_code_rate(phone=phone, ip=ip, now=now)
    return caught.value.retry_at


def test_second_code_within_a_minute_is_refused():
    consume_code_rate(phone=PHONE, ip=IP, now=T0)

    assert refused_at(T0 + seconds(59)) == T0 + seconds(60)
    consume_code_rate(phone=PHONE, ip=IP, now=T0 + seconds(60))


def test_sixth_code_within_an_hour_is_refused():
    for i in range(5):
        consume_code_rate(phone=PHONE, ip=IP, now=T0 + seconds(61 * i))

    assert refused_at(T0 + seconds(61 * 5)) == T0 + seconds(3600)
    assert refused_at(T0 + seconds(3599)) == T0 + seconds(3600)
    consume_code_rate(phone=PHONE, ip=IP, now=T0 + seconds(3600))


def test_eleventh_code_within_a_day_is_refused():
    every_13_minutes = [T0 + seconds(13 * 60 * i) for i in range(11)]
    for now in every_13_minutes[:10]:
        consume_code_rate(phone=PHONE, ip=IP, now=now)

    assert refused_at(every_13_minutes[10]) == T0 + seconds(86400)
    assert refused_at(T0 + seconds(86399)) == T0 + seconds(86400)
    consume_code_rate(phone=PHONE, ip=IP, now=T0 + seconds(86400))


def test_a_number_written_differently_is_the_same_number():
    consume_code_rate(phone="13800138000", ip=IP, now=T0)

    assert refused_at(T0 + seconds(1), phone="+86 138 0013 8000") == T0 + seconds(60)


def test_other_numbers_have_their_own_count():
    consume_code_rate(phone=PHONE, ip=IP, now=T0)

    consume_code_rate(phone="+8613900139000", ip=IP, now=T0 + seconds(1))

    # Each number's minute runs from its own code.
    assert refused_at(T0 + seconds(2)) == T0 + seconds(60)
    assert refused_at(T0 + seconds(2), phone="+8613900139000") == T0 + seconds(61)


def test_check_records_nothing():
    for _ in range(3):
        check_code_rate(phone=PHONE, ip=IP, now=T0)
    consume_code_rate(phone=PHONE, ip=IP, now=T0)

    with pytest.raises(CodeRateLimited) as caught:
        check_code_rate(phone=PHONE, ip=IP, now=T0 + seconds(1))
    assert caught.value.retry_at == T0 + seconds(60)  # the minute of the one code consumed


def test_per_ip_limit_counts_codes_to_any_number(settings):
    settings.ACCOUNTS_CODE_LIMITS = {**settings.ACCOUNTS_CODE_LIMITS, "ip": [(3, 3600)]}
    for i in range(3):
        consume_code_rate(phone=f"+861380013800{i}", ip=IP, now=T0 + seconds(i))

    assert refused_at(T0 + seconds(10), phone="+8613800138009") == T0 + seconds(3600)
    consume_code_rate(phone="+8613800138009", ip="198.51.100.1", now=T0 + seconds(10))


def test_ipv6_addresses_of_one_subscriber_share_the_limit(settings):
    settings.ACCOUNTS_CODE_LIMITS = {**settings.ACCOUNTS_CODE_LIMITS, "ip": [(1, 3600)]}
    consume_code_rate(phone=PHONE, ip="2001:db8:1:2::10", now=T0)

    assert refused_at(T0 + seconds(1), phone="+8613900139000", ip="2001:db8:1:2:ffff::1") == T0 + seconds(3600)
    consume_code_rate(phone="+8613900139000", ip="2001:db8:1:3::1", now=T0 + seconds(1))


def test_a_refused_code_counts_nowhere(settings):
    settings.ACCOUNTS_CODE_LIMITS = {**settings.ACCOUNTS_CODE_LIMITS, "ip": [(2, 3600)]}
    consume_code_rate(phone=PHONE, ip=IP, now=T0)
    assert refused_at(T0 + seconds(1)) == T0 + seconds(60)  # by the number's minute: the IP must not count it

    consume_code_rate(phone="+8613900139000", ip=IP, now=T0 + seconds(2))

    # Two codes sent fill the IP's two an hour; the refused one would have made it three.
    assert refused_at(T0 + seconds(3), phone="+8613700137000") == T0 + seconds(3600)


def test_daily_cap_for_the_portal_frees_up_at_local_midnight(settings):
    settings.ACCOUNTS_CODE_LIMITS = {**settings.ACCOUNTS_CODE_LIMITS, "global_per_day": 3}
    for i in range(3):
        consume_code_rate(phone=f"+861380013800{i}", ip=f"198.51.100.{i}", now=T0 + seconds(i))

    midnight_in_shanghai = datetime(2026, 6, 1, 16, 0, tzinfo=UTC)
    assert refused_at(T0 + seconds(60), phone="+8613800138009", ip="192.0.2.1") == midnight_in_shanghai
    consume_code_rate(phone="+8613800138009", ip="192.0.2.1", now=midnight_in_shanghai)


def test_refusal_says_when_to_try_again():
    consume_code_rate(phone=PHONE, ip=IP, now=T0)

    with translation.override("en"):
        with pytest.raises(CodeRateLimited) as caught:
            consume_code_rate(phone=PHONE, ip=IP, now=T0 + seconds(15))
        assert caught.value.messages == ["Too many codes have been requested. Please try again in 45 seconds."]


@pytest.mark.parametrize(
    ("wait", "text"),
    [
        (1, "1 second"),
        (45, "45 seconds"),
        (60, "1 minute"),
        (61, "2 minutes"),
        (3600, "1 hour"),
        (3601, "1 hour, 1 minute"),
        (86399, "1 day"),
    ],
)
def test_waiting_time_is_rounded_up_for_people(wait, text):
    with translation.override("en"):
        assert format_wait(wait, now=T0).replace("\xa0", " ") == text


@pytest.mark.django_db
def test_sign_in_code_form_shows_the_limit_and_queues_nothing(client):
    EntrantUserFactory(phone=PHONE)
    client.post("/accounts/login/code/", {"phone": PHONE})
    client.post("/accounts/logout/", {"next": "/accounts/login/"})

    response = client.post("/accounts/login/code/", {"phone": "13800138000"}, HTTP_ACCEPT_LANGUAGE="en")

    assert response.status_code == 200
    errors = response.context["form"].errors["phone"]
    assert len(errors) == 1
    assert errors[0].startswith("Too many codes have been requested. Please try again in ")
    assert len(sms_codes(PHONE)) == 1


@pytest.mark.django_db
def test_sign_up_is_refused_before_an_account_or_a_message_exists(client):
    client.post("/accounts/login/code/", {"phone": PHONE})  # a number without an account counts too
    client.post("/accounts/logout/", {"next": "/accounts/login/"})

    response = client.post("/accounts/signup/", {"phone": PHONE, "password1": "", "email": ""})

    assert response.status_code == 200
    assert "phone" in response.context["form"].errors
    assert SmsMessage.objects.count() == 0
    assert not get_user_model().objects.filter(phone=PHONE).exists()
