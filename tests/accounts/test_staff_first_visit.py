"""A new organizer or judge signs in once, sets up TOTP, keeps the recovery codes and lands on the page asked for."""

import pytest
from allauth.account import app_settings as account_settings
from allauth.account.authentication import AUTHENTICATION_METHODS_SESSION_KEY

from tests.factories import JudgeUserFactory, OrganizerUserFactory
from tests.helpers import last_code, totp_code

pytestmark = pytest.mark.django_db

ACTIVATE = "/accounts/2fa/totp/activate/"
RECOVERY = "/accounts/2fa/recovery-codes/"


def _set_up_totp(client, start):
    response = client.get(start)
    assert response["Location"] == f"{ACTIVATE}?next={start.replace('/', '%2F')}"

    response = client.get(response["Location"])
    assert response.status_code == 200  # no second password prompt
    response = client.post(ACTIVATE, {"code": totp_code(client.session["mfa.totp.secret"])})
    assert response["Location"] == RECOVERY
    return client.get(RECOVERY)


@pytest.mark.parametrize(("make_user", "start"), [(OrganizerUserFactory, "/organize/"), (JudgeUserFactory, "/judge/")])
def test_first_visit_signs_in_once_then_sets_up_totp(client, make_user, start):
    user = make_user()
    response = client.get(start)
    assert response["Location"] == f"/accounts/login/?next={start}"
    response = client.post(response["Location"], {"login": user.phone, "password": "correct-horse"})
    assert response["Location"] == start

    response = _set_up_totp(client, start)

    assert response.status_code == 200
    page = response.content.decode()
    assert '<div class="auth-page">' in page
    assert f'href="{start}" data-onward' in page
    assert "Location" not in client.get(start)  # past the guard


def test_first_visit_after_a_code_sign_in_asks_no_second_code(client, relaxed_code_limits):
    judge = JudgeUserFactory()
    client.post("/accounts/login/code/", {"phone": judge.phone})
    client.post("/accounts/login/code/confirm/", {"code": last_code(judge.phone)})

    response = _set_up_totp(client, "/judge/")

    assert response.status_code == 200


def test_changing_totp_later_still_asks_to_re_authenticate(client):
    organizer = OrganizerUserFactory()
    client.post("/accounts/login/", {"login": organizer.phone, "password": "correct-horse"})
    _set_up_totp(client, "/organize/")
    session = client.session
    session[AUTHENTICATION_METHODS_SESSION_KEY] = [
        {**record, "at": record["at"] - account_settings.REAUTHENTICATION_TIMEOUT - 1}
        for record in session[AUTHENTICATION_METHODS_SESSION_KEY]
    ]
    session.save()

    response = client.get("/accounts/2fa/totp/deactivate/")

    assert response["Location"].startswith("/accounts/reauthenticate/")
