"""Error pages speak the visitor's language and keep the site's frame."""

from django.conf import settings
from django.urls import reverse

from tests.factories import ContestFactory


def test_not_found_page_is_translated_and_framed(client, db):
    contest = ContestFactory()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"

    response = client.get("/no-such-page/")

    assert response.status_code == 404
    html = response.content.decode()
    assert "Page not found" in html
    assert contest.short_name in html  # no English short name: the header falls back to Chinese


def test_too_many_sign_in_attempts_get_the_translated_page(client, db, settings):
    ContestFactory()
    settings.ACCOUNT_RATE_LIMITS = {**settings.ACCOUNT_RATE_LIMITS, "login": "1/m/ip"}
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    url = reverse("account_login")
    client.post(url, {"login": "13800138000", "password": "wrong-password"})

    response = client.post(url, {"login": "13800138000", "password": "wrong-password"})

    assert response.status_code == 429
    assert "Too many attempts came from your connection" in response.content.decode()
