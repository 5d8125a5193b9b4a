"""My account: overview, download my data, delete my account."""

import json

import pytest
from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from django.apps import apps
from django.contrib.auth import get_user_model
from django.contrib.sessions.models import Session
from django.db import models
from django.db.models.functions import Cast
from django.test import Client

from accounts.services import register_personal_data, unregister_personal_data
from tests.factories import EntrantUserFactory, OrganizerUserFactory
from tests.helpers import activate_totp, last_code

pytestmark = pytest.mark.django_db

PHONE = "+8613800138000"
User = get_user_model()


@pytest.fixture
def entrant():
    user = EntrantUserFactory(phone=PHONE, display_name="李雷", first_name="雷", last_name="李", email="li@example.com")
    EmailAddress.objects.create(user=user, email="li@example.com", verified=True, primary=True)
    return user


@pytest.fixture
def stranger():
    user = EntrantUserFactory(phone="+8613900139000", display_name="韩梅梅", email="han@example.com")
    EmailAddress.objects.create(user=user, email="han@example.com", verified=True, primary=True)
    return user


def test_overview_shows_the_masked_number_and_what_can_be_done(client, entrant):
    client.force_login(entrant)

    html = client.get("/accounts/", HTTP_ACCEPT_LANGUAGE="en").content.decode()

    assert "138****8000" in html
    assert "13800138000" not in html
    for link in ["/accounts/phone/change/", "/accounts/password/change/", "/accounts/email/", "/accounts/2fa/"]:
        assert f'href="{link}"' in html
    assert 'href="/accounts/my-data/"' in html
    assert 'href="/accounts/delete/"' in html


def test_overview_offers_to_set_a_password_to_code_only_users(client, entrant):
    entrant.set_unusable_password()
    entrant.save()
    client.force_login(entrant)

    html = client.get("/accounts/").content.decode()

    assert 'href="/accounts/password/set/"' in html
    assert 'href="/accounts/password/change/"' not in html


@pytest.fixture
def extra_section():
    calls = []
    register_personal_data(
        "test_app",
        export=lambda user: {"nickname": f"nick-{user.pk}"},
        erase=lambda user: calls.append(user.phone),
    )
    yield calls
    unregister_personal_data("test_app")


def test_export_holds_my_data_and_nobody_elses(client, entrant, stranger, extra_section):
    secret = activate_totp(entrant)
    entrant.groups.create(name="judges-test")
    client.force_login(entrant)

    response = client.get("/accounts/my-data/")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/json; charset=utf-8"
    assert response["Content-Disposition"].startswith('attachment; filename="my-data-')
    body = response.content.decode()
    data = json.loads(body)
    assert data["account"]["phone"] == PHONE
    assert data["account"]["display_name"] == "李雷"
    assert data["account"]["username"] == entrant.username
    assert data["email_addresses"] == [{"email": "li@example.com", "verified": True, "primary": True}]
    assert data["groups"] == ["judges-test"]
    assert [factor["type"] for factor in data["mfa"]] == ["totp"]
    assert data["sections"]["test_app"] == {"nickname": f"nick-{entrant.pk}"}
    assert data["sections"]["sms_messages"] == []
    assert secret not in body
    for other in [stranger.phone, stranger.username, "韩梅梅", "han@example.com", "13900139000"]:
        assert other not in body


def text_columns_containing(needle):
    """(model, field) pairs of every text-like column in the database that contains `needle`."""
    found = []
    for model in apps.get_models():
        for field in model._meta.concrete_fields:
            if isinstance(field, models.CharField | models.TextField | models.EmailField):
                if model._default_manager.filter(**{f"{field.attname}__icontains": needle}).exists():
                    found.append((model._meta.label, field.name))
            elif isinstance(field, models.JSONField):
                as_text = model._default_manager.annotate(_text=Cast(field.attname, models.TextField()))
                if as_text.filter(_text__icontains=needle).exists():
                    found.append((model._meta.label, field.name))
    return found


def sessions_containing(needle):
    return [s.session_key for s in Session.objects.all() if needle in json.dumps(s.get_decoded(), default=str)]


def test_deleting_my_account_leaves_no_trace_of_my_number(client, relaxed_code_limits, stranger, extra_section):
    # A real history: sign-up by code with an email, a second sign-in by code, TOTP.
    client.post(
        "/accounts/signup/", {"phone": "13800138000", "password1": "a-long-secret-41", "email": "li@example.com"}
    )
    client.post("/accounts/phone/verify/", {"code": last_code(PHONE)})
    other_device = Client()
    other_device.post("/accounts/login/code/", {"phone": PHONE})
    other_device.post("/accounts/login/code/confirm/", {"code": last_code(PHONE)})
    user = User.objects.get(phone=PHONE)
    activate_totp(user)
    assert text_columns_containing("13800138000") != []

    response = client.post("/accounts/delete/", {"confirm": "on"})
    assert response["Location"].startswith("/accounts/reauthenticate/")
    response = client.post(response["Location"], {"password": "a-long-secret-41"})
    assert response.status_code == 302
    assert response["Location"] == "/"

    assert text_columns_containing("13800138000") == []
    assert text_columns_containing("li@example.com") == []
    assert sessions_containing("13800138000") == []
    assert extra_section == [PHONE]
    user.refresh_from_db()
    assert user.username.startswith("deleted-")
    assert (user.phone, user.phone_verified, user.email, user.display_name) == (None, False, "", "")
    assert (user.is_active, user.is_staff, user.has_usable_password()) == (False, False, False)
    assert not EmailAddress.objects.filter(user=user).exists()
    assert not Authenticator.objects.filter(user=user).exists()
    # Signed out here and on the other device.
    assert client.get("/accounts/").status_code == 302
    assert other_device.get("/accounts/").status_code == 302
    # The stranger is untouched.
    stranger.refresh_from_db()
    assert (stranger.phone, stranger.is_active) == ("+8613900139000", True)
    assert EmailAddress.objects.filter(user=stranger).count() == 1


def test_a_deleted_number_can_sign_up_again(client, relaxed_code_limits, entrant):
    client.force_login(entrant)
    client.post("/accounts/reauthenticate/", {"password": "correct-horse"})
    client.post("/accounts/delete/", {"confirm": "on"})

    client.post("/accounts/signup/", {"phone": PHONE, "password1": "", "email": ""})

    assert User.objects.filter(phone=PHONE).exclude(pk=entrant.pk).count() == 1


def test_deletion_needs_the_confirmation_box(client, entrant):
    client.force_login(entrant)
    client.post("/accounts/reauthenticate/", {"password": "correct-horse"})

    response = client.post("/accounts/delete/", {})

    assert response.status_code == 200
    assert "confirm" in response.context["form"].errors
    entrant.refresh_from_db()
    assert entrant.is_active is True


def test_a_superuser_cannot_delete_itself(client):
    root = OrganizerUserFactory(is_superuser=True)
    secret = activate_totp(root)  # noqa: F841 - staff have one; deletion is refused before it matters
    client.force_login(root)
    client.post("/accounts/reauthenticate/", {"password": "correct-horse"})

    response = client.post("/accounts/delete/", {"confirm": "on"})

    assert response.status_code == 200
    assert response.context["allowed"] is False
    root.refresh_from_db()
    assert root.is_active is True
