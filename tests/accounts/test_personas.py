"""Who gets what on the accounts URLs and the staff areas: the whole persona × URL matrix."""

import pytest

from tests.factories import EntrantUserFactory, JudgeUserFactory, OrganizerUserFactory
from tests.helpers import activate_totp, login_with_password, login_with_totp

pytestmark = pytest.mark.django_db

LOGIN = "/accounts/login/?next="
ACTIVATE = "/accounts/2fa/totp/activate/?next="
ADMIN_LOGIN = "/admin/login/?next=/admin/"

URLS = [
    "/accounts/",
    "/accounts/my-data/",
    "/accounts/delete/",
    "/accounts/login/",
    "/accounts/signup/",
    "/accounts/login/code/",
    "/accounts/2fa/",
    "/admin/",
    "/organize/",
    "/judge/",
]

# (status, where a redirect goes — a prefix) per persona, in the order of URLS.
SIGNED_IN_ACCOUNT_PAGES = [(200, None), (200, None), (200, None), (302, "/"), (302, "/"), (302, "/"), (200, None)]
EXPECTED = {
    "anonymous": [
        (302, f"{LOGIN}/accounts/"),
        (302, f"{LOGIN}/accounts/my-data/"),
        (302, f"{LOGIN}/accounts/delete/"),
        (200, None),
        (200, None),
        (200, None),
        (302, f"{LOGIN}/accounts/2fa/"),
        (302, ADMIN_LOGIN),
        (302, f"{LOGIN}/organize/"),
        (302, f"{LOGIN}/judge/"),
    ],
    "entrant": [*SIGNED_IN_ACCOUNT_PAGES, (302, ADMIN_LOGIN), (404, None), (404, None)],
    "judge without TOTP": [*SIGNED_IN_ACCOUNT_PAGES, (302, ACTIVATE), (302, ACTIVATE), (302, ACTIVATE)],
    # A judge is not staff: with TOTP the guard lets them through, and the admin still refuses.
    "judge with TOTP": [*SIGNED_IN_ACCOUNT_PAGES, (302, ADMIN_LOGIN), (404, None), (404, None)],
    "organizer without TOTP": [*SIGNED_IN_ACCOUNT_PAGES, (302, ACTIVATE), (302, ACTIVATE), (302, ACTIVATE)],
    "organizer with TOTP": [*SIGNED_IN_ACCOUNT_PAGES, (200, None), (200, None), (404, None)],
}


def sign_in(client, persona):
    if persona == "anonymous":
        return
    factory = {"entrant": EntrantUserFactory, "judge": JudgeUserFactory, "organizer": OrganizerUserFactory}[
        persona.split()[0]
    ]
    user = factory()
    if persona.endswith("with TOTP"):
        login_with_totp(client, user, "correct-horse", activate_totp(user))
    else:
        response = login_with_password(client, user.phone, "correct-horse")
        assert response.status_code == 302
        # Staff land on their own home, whose gate then asks for the authenticator app.
        assert (
            response["Location"] == {"entrant": "/", "judge": "/judge/", "organizer": "/organize/"}[persona.split()[0]]
        )


@pytest.mark.parametrize("persona", list(EXPECTED))
def test_persona_matrix(client, persona):
    sign_in(client, persona)

    outcomes = []
    for url in URLS:
        response = client.get(url)
        outcomes.append((response.status_code, response.get("Location")))

    for url, (status, location), (expected_status, expected_prefix) in zip(
        URLS, outcomes, EXPECTED[persona], strict=True
    ):
        assert status == expected_status, (persona, url, status, location)
        if expected_prefix is not None:
            assert location.startswith(expected_prefix), (persona, url, location)


@pytest.mark.parametrize("persona", ["entrant", "judge with TOTP"])
def test_non_staff_are_refused_by_the_admin(client, persona):
    sign_in(client, persona)

    assert client.get(ADMIN_LOGIN).status_code == 403
