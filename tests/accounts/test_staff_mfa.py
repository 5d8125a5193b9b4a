"""Staff (superusers, is_staff, organizers, judges) need TOTP before any staff page or the admin."""

import pytest
from django.contrib.auth import get_user_model

from tests.factories import EntrantUserFactory, JudgeUserFactory, OrganizerUserFactory
from tests.helpers import activate_totp, login_with_password, login_with_totp, totp_code

pytestmark = pytest.mark.django_db

STAFF_PATHS = ["/admin/", "/admin/accounts/user/", "/organize/", "/organize/entries/", "/judge/", "/judge/round/1/"]
ACTIVATE = "/accounts/2fa/totp/activate/"


def superuser():
    return EntrantUserFactory(is_staff=True, is_superuser=True)


def plain_staff():
    return EntrantUserFactory(is_staff=True)


@pytest.mark.parametrize("make_user", [OrganizerUserFactory, JudgeUserFactory, plain_staff, superuser])
@pytest.mark.parametrize("path", STAFF_PATHS)
def test_staff_without_totp_are_sent_to_set_it_up(client, make_user, path):
    client.force_login(make_user())

    response = client.get(path)

    assert response.status_code == 302
    assert response["Location"] == f"{ACTIVATE}?next={path.replace('/', '%2F')}"


def test_entrants_are_not_asked_for_totp_and_get_no_admin(client):
    client.force_login(EntrantUserFactory())

    assert client.get("/organize/").status_code == 404
    assert client.get("/admin/", follow=True).status_code == 403


def test_admin_sign_in_goes_through_allauth(client):
    response = client.get("/admin/", follow=True)

    assert response.redirect_chain == [("/admin/login/?next=/admin/", 302), ("/accounts/login/?next=%2Fadmin%2F", 302)]


def test_organizer_sets_up_totp_and_then_reaches_the_admin(client):
    organizer = OrganizerUserFactory()
    login_with_password(client, organizer.phone, "correct-horse")
    response = client.get("/admin/")
    assert response["Location"].startswith(ACTIVATE)

    # The password just typed is proof enough for the set-up: no second prompt.
    response = client.get(response["Location"])
    assert response.status_code == 200
    secret = client.session["mfa.totp.secret"]
    response = client.post(ACTIVATE, {"code": totp_code(secret)})
    assert response.status_code == 302
    assert response["Location"] == "/accounts/2fa/recovery-codes/"

    response = client.get("/admin/")
    assert response.status_code == 200
    assert organizer.authenticator_set.filter(type="totp").count() == 1
    assert organizer.authenticator_set.filter(type="recovery_codes").count() == 1


def test_staff_with_totp_enter_its_code_at_sign_in(client):
    organizer = OrganizerUserFactory()
    activate_totp(organizer)

    response = login_with_password(client, organizer.phone, "correct-horse")

    assert response["Location"] == "/accounts/2fa/authenticate/"
    assert client.get("/accounts/").status_code == 302  # not signed in yet


def test_staff_with_totp_reach_the_admin(client):
    organizer = OrganizerUserFactory()
    secret = activate_totp(organizer)
    login_with_totp(client, organizer, "correct-horse", secret)

    response = client.get("/admin/")

    assert response.status_code == 200
    assert client.get("/organize/").status_code == 200  # past the guard: the organizers' home


def test_a_session_older_than_the_totp_confirms_a_code_once(client):
    organizer = OrganizerUserFactory()
    login_with_password(client, organizer.phone, "correct-horse")
    secret = activate_totp(organizer)  # set up from another device

    response = client.get("/admin/")
    assert response["Location"] == "/accounts/2fa/reauthenticate/?next=%2Fadmin%2F"
    response = client.post(response["Location"], {"code": totp_code(secret)})

    assert response["Location"] == "/admin/"
    assert client.get("/admin/").status_code == 200


def test_admin_stores_phone_numbers_in_one_form(admin_client_with_totp):
    client, _ = admin_client_with_totp
    entrant = EntrantUserFactory()

    response = client.post(
        f"/admin/accounts/user/{entrant.pk}/change/",
        {
            "username": entrant.username,
            "phone": "138 0013 8000",
            "phone_verified": "on",
            "is_active": "on",
            "date_joined_0": "2026-01-01",
            "date_joined_1": "10:00:00",
        },
    )

    assert response.status_code == 302, response.context["adminform"].form.errors
    entrant.refresh_from_db()
    assert entrant.phone == "+8613800138000"


@pytest.fixture
def admin_client_with_totp(client):
    admin = get_user_model().objects.create_superuser("root", password="correct-horse", phone="+8613700137000")
    admin.phone_verified = True
    admin.save()
    secret = activate_totp(admin)
    login_with_totp(client, admin, "correct-horse", secret)
    return client, admin
