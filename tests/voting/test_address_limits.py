"""Per-address limits that slow a campus behind one address down without locking it out:
past a threshold a captcha, past a higher one a refusal — for votes and for SMS codes."""

import pytest

from accounts.services import CodeRateLimited
from notifications.models import SmsMessage
from tests.voting.helpers import make_voter, spread_phone
from voting.exceptions import AddressLimited, CaptchaRequired, VotingClosed
from voting.models import Vote
from voting.queries import vote_context
from voting.services import cast_vote, request_vote_code

CAMPUS = "202.206.1.1"


def vote(context, finalist, n, **extra):
    return cast_vote(
        finalist_code=finalist.code, voter=make_voter(spread_phone(n)), ip=CAMPUS, context=context, **extra
    )


def test_votes_from_one_address_ask_for_a_captcha_then_are_refused(contest, finalists, vote_settings):
    vote_settings.ip_captcha_after = 2
    vote_settings.ip_refuse_after = 4
    vote_settings.save()
    context = vote_context(contest)

    vote(context, finalists[0], 1)
    vote(context, finalists[0], 2)
    with pytest.raises(CaptchaRequired):
        vote(context, finalists[0], 3)
    vote(context, finalists[0], 4, captcha_passed=True)
    with pytest.raises(AddressLimited):
        vote(context, finalists[0], 5, captcha_passed=True)

    assert Vote.objects.count() == 3
    # Another address is not affected.
    cast_vote(finalist_code=finalists[0].code, voter=make_voter(spread_phone(6)), ip="202.206.1.2", context=context)


def test_codes_from_one_address_past_the_accounts_limit_ask_for_a_captcha(settings, context, vote_settings):
    settings.ACCOUNTS_CODE_LIMITS = {**settings.ACCOUNTS_CODE_LIMITS, "ip": [(2, 3600)]}
    vote_settings.ip_refuse_after = vote_settings.ip_captcha_after + 1
    vote_settings.save()
    context = vote_context(context.contest)

    request_vote_code(phone=spread_phone(1), ip=CAMPUS, context=context)
    request_vote_code(phone=spread_phone(2), ip=CAMPUS, context=context)
    with pytest.raises(CaptchaRequired):
        request_vote_code(phone=spread_phone(3), ip=CAMPUS, context=context)
    sent_with_captcha = 0
    refused = None
    for n in range(3, 3 + vote_settings.ip_refuse_after + 2):
        try:
            request_vote_code(phone=spread_phone(n), ip=CAMPUS, captcha_passed=True, context=context)
        except AddressLimited as exc:
            refused = exc
            break
        sent_with_captcha += 1

    assert isinstance(refused, AddressLimited)
    assert sent_with_captcha == vote_settings.ip_refuse_after
    assert SmsMessage.objects.filter(purpose="vote_code").count() == 2 + sent_with_captcha


def test_the_per_number_code_limit_is_not_lifted_by_a_captcha(context):
    request_vote_code(phone="13800138000", ip=CAMPUS, context=context)

    with pytest.raises(CodeRateLimited):
        request_vote_code(phone="13800138000", ip="202.206.9.9", captcha_passed=True, context=context)
    assert SmsMessage.objects.count() == 1


def test_no_codes_outside_the_vote(context, contest):
    stage = context.stage
    stage.delete()

    with pytest.raises(VotingClosed):
        request_vote_code(phone="13800138000", ip=CAMPUS, context=vote_context(contest))
    assert not SmsMessage.objects.exists()
