"""Sign-up with a phone number and an SMS code, sign-out, sign-in by code or by password."""

import pytest
from django.contrib.auth import get_user_model

from tests.factories import EntrantUserFactory
from tests.helpers import last_code, login_with_password, sms_codes

PHONE = "+8613800138000"
User = get_user_model()


def signed_in_user(client):
    response = client.get("/accounts/")
    if response.status_code != 200:
        return None
    return response.wsgi_request.user


pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("relaxed_code_limits")]


def test_signup_verify_logout_and_login_by_code(client):
    response = client.post("/accounts/signup/", {"phone": "13800138000", "password1": "", "email": ""})
    assert response.status_code == 302
    assert response["Location"] == "/accounts/phone/verify/"
    user = User.objects.get(phone=PHONE)
    assert user.phone_verified is False
    assert user.has_usable_password() is False
    assert user.username.startswith("u")
    assert len(user.username) == 11
    code = last_code(PHONE)
    assert len(code) == 6
    assert code.isdigit()

    response = client.post("/accounts/phone/verify/", {"code": code})
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.phone_verified is True
    assert signed_in_user(client) == user

    client.post("/accounts/logout/")
    assert signed_in_user(client) is None

    response = client.post("/accounts/login/code/", {"phone": "+86 138 0013 8000"})
    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/code/confirm/"
    assert len(sms_codes(PHONE)) == 2
    response = client.post("/accounts/login/code/confirm/", {"code": last_code(PHONE)})
    assert response.status_code == 302
    assert signed_in_user(client) == user


def test_code_pages_call_the_field_the_sms_verification_code(client):
    client.post("/accounts/signup/", {"phone": "13800138000", "password1": "", "email": ""})
    verify = client.get("/accounts/phone/verify/").content.decode()
    client.post("/accounts/phone/verify/", {"code": last_code(PHONE)})
    client.post("/accounts/logout/")
    client.post("/accounts/login/code/", {"phone": "13800138000"})
    confirm = client.get("/accounts/login/code/confirm/").content.decode()

    for html in (verify, confirm):
        assert '<label for="id_code">验证码:</label>' in html
        # "Code" alone names other codes (the entry code 作品编号) on other pages.
        assert "作品编号" not in html
        # The number masked as the SMS providers mask it.
        assert "138****8000" in html
        assert "+8613800138000" not in html


def test_code_page_names_the_sms_code_and_a_wrong_code_says_what_to_do(client):
    client.cookies["django_language"] = "en"
    client.post("/accounts/signup/", {"phone": "13800138000", "password1": "", "email": ""})
    page = client.get("/accounts/phone/verify/").content.decode()
    words = " ".join(page.split())
    assert '<h1 class="auth-block auth-title"> Enter the SMS verification code </h1>' in words
    assert "An SMS verification code was sent to 138****8000. It is valid for 10 minutes." in words
    assert "+8613800138000" not in page
    assert "Press Cancel and request a new code." in page

    wrong = "000000" if last_code(PHONE) != "000000" else "111111"
    response = client.post("/accounts/phone/verify/", {"code": wrong})
    assert response.status_code == 200
    html = response.content.decode()
    assert "The verification code is incorrect: enter it again or request a new one." in html
    assert 'aria-invalid="true"' in html


def test_signing_in_names_the_account_by_its_masked_number_not_its_handle(client):
    client.post("/accounts/signup/", {"phone": "13800138000", "password1": "", "email": ""})

    response = client.post("/accounts/phone/verify/", {"code": last_code(PHONE)}, follow=True)

    shown = [str(message) for message in response.context["messages"]]
    assert "以 138****8000 成功登录。" in shown
    assert User.objects.get(phone=PHONE).username not in response.content.decode()


def test_signup_with_password_then_login_with_password_typed_any_way(client):
    client.post("/accounts/signup/", {"phone": "+86 138-0013-8000", "password1": "a-long-secret-41", "email": ""})
    client.post("/accounts/phone/verify/", {"code": last_code(PHONE)})
    client.post("/accounts/logout/")

    response = login_with_password(client, "138 0013 8000", "a-long-secret-41")

    assert response.status_code == 302
    assert response["Location"] == "/"
    assert signed_in_user(client).phone == PHONE


def test_signup_with_email_keeps_it_optional_and_unverified(client):
    client.post("/accounts/signup/", {"phone": "13800138000", "password1": "", "email": "Li.Lei@Example.com"})

    user = User.objects.get(phone=PHONE)
    assert user.email == "li.lei@example.com"
    assert list(user.emailaddress_set.values_list("email", "verified")) == [("li.lei@example.com", False)]


def request_login_code(client, phone=PHONE):
    response = client.post("/accounts/login/code/", {"phone": phone})
    assert response.status_code == 302, response
    assert response["Location"] == "/accounts/login/code/confirm/"
    return last_code(phone)


def test_code_is_good_for_ten_minutes(client, allauth_clock):
    EntrantUserFactory(phone=PHONE)
    code = request_login_code(client)
    allauth_clock.offset = 599

    response = client.post("/accounts/login/code/confirm/", {"code": code})

    assert response.status_code == 302
    assert signed_in_user(client) is not None


def test_code_expires_after_ten_minutes(client, allauth_clock):
    EntrantUserFactory(phone=PHONE)
    code = request_login_code(client)
    allauth_clock.offset = 601

    response = client.post("/accounts/login/code/confirm/", {"code": code})

    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/code/"
    assert signed_in_user(client) is None


def test_code_works_once(client):
    EntrantUserFactory(phone=PHONE)
    code = request_login_code(client)
    client.post("/accounts/login/code/confirm/", {"code": code})
    client.post("/accounts/logout/")

    response = client.post("/accounts/login/code/confirm/", {"code": code})

    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/code/"
    assert signed_in_user(client) is None


def test_a_new_code_needs_the_running_attempt_cancelled_and_replaces_the_old_one(client):
    EntrantUserFactory(phone=PHONE)
    first = request_login_code(client)
    # While a code is pending, asking again leads back to it rather than sending another.
    response = client.post("/accounts/login/code/", {"phone": PHONE})
    assert response["Location"] == "/accounts/login/code/confirm/"
    assert sms_codes(PHONE) == [first]

    client.post("/accounts/logout/", {"next": "/accounts/login/"})  # the page's "Cancel"
    second = request_login_code(client)
    assert sms_codes(PHONE) == [first, second]

    response = client.post("/accounts/login/code/confirm/", {"code": first})
    if first != second:
        assert response.status_code == 200
        assert signed_in_user(client) is None
        response = client.post("/accounts/login/code/confirm/", {"code": second})
    assert response.status_code == 302
    assert signed_in_user(client) is not None


def test_three_wrong_codes_end_the_attempt(client):
    EntrantUserFactory(phone=PHONE)
    code = request_login_code(client)
    wrong = f"{(int(code) + 1) % 1000000:06d}"

    first = client.post("/accounts/login/code/confirm/", {"code": wrong})
    second = client.post("/accounts/login/code/confirm/", {"code": wrong})
    third = client.post("/accounts/login/code/confirm/", {"code": wrong})
    after = client.post("/accounts/login/code/confirm/", {"code": code})

    assert [first.status_code, second.status_code, third.status_code] == [200, 200, 302]
    assert third["Location"] == "/accounts/login/code/"
    assert after.status_code == 302
    assert after["Location"] == "/accounts/login/code/"
    assert signed_in_user(client) is None


def test_codes_are_compared_in_constant_time(client, monkeypatch):
    import secrets

    calls = []
    real = secrets.compare_digest

    def spy(a, b):
        calls.append((a, b))
        return real(a, b)

    monkeypatch.setattr(secrets, "compare_digest", spy)
    EntrantUserFactory(phone=PHONE)
    code = request_login_code(client)

    client.post("/accounts/login/code/confirm/", {"code": code})

    assert (code, code) in calls
    assert signed_in_user(client) is not None


def test_change_phone_verifies_the_new_number_after_reauthentication(client):
    user = EntrantUserFactory(phone=PHONE)
    client.force_login(user)
    new_phone = "+8613900139000"

    response = client.post("/accounts/phone/change/", {"phone": "139 0013 9000"})
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/reauthenticate/")
    assert sms_codes(new_phone) == []

    response = client.post(response["Location"], {"password": "correct-horse"})
    assert response.status_code == 302
    assert response["Location"] == "/accounts/phone/verify/"
    assert len(sms_codes(new_phone)) == 1
    user.refresh_from_db()
    assert user.phone == PHONE  # unchanged until the new number is proven

    response = client.post("/accounts/phone/verify/", {"code": last_code(new_phone)})

    assert response.status_code == 302
    user.refresh_from_db()
    assert (user.phone, user.phone_verified) == (new_phone, True)


def test_unverified_signup_cannot_keep_a_password_on_someone_elses_number(client):
    """Someone signs up with a number that is not theirs and a password, and never verifies it.

    When the number's holder signs in by code, the account becomes theirs: the stranger's
    password must stop working.
    """
    stranger = client
    stranger.post("/accounts/signup/", {"phone": "13800138000", "password1": "strangers-secret-77", "email": ""})
    stranger.post("/accounts/logout/")
    holder = type(client)()

    holder.post("/accounts/login/code/", {"phone": "13800138000"})
    holder.post("/accounts/login/code/confirm/", {"code": last_code(PHONE)})

    user = User.objects.get(phone=PHONE)
    assert user.phone_verified is True
    assert user.has_usable_password() is False
    response = login_with_password(type(client)(), "13800138000", "strangers-secret-77")
    assert response.status_code == 200
    assert signed_in_user(type(client)()) is None


def test_sign_in_by_code_is_named_for_the_sms_verification_code(client):
    client.cookies["django_language"] = "en"
    login = " ".join(client.get("/accounts/login/").content.decode().split())
    request = " ".join(client.get("/accounts/login/code/").content.decode().split())

    assert "> Sign in with an SMS verification code </a>" in login
    assert "sign-in code" not in login
    assert '<h1 class="auth-block auth-title"> Sign in with an SMS verification code </h1>' in request
    assert "> Get the SMS verification code </button>" in request
    assert "special code" not in request
