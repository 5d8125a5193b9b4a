"""allauth's pages read in Chinese: no "Email地址" or "token" left from its own catalogue."""

import re

from django.utils import translation
from django.utils.translation import gettext

from accounts.allauth_words import ALLAUTH_WORDS
from tests.factories import EntrantUserFactory
from tests.helpers import entrant_login


def english_words(text):
    return re.findall(r"[A-Za-z]{3,}", re.sub(r"%\(\w+\)s", "", text))


def test_each_word_reads_in_chinese():
    with translation.override("zh-hans"):
        half_english = {word: gettext(word) for word in ALLAUTH_WORDS if english_words(gettext(word))}
    assert half_english == {}


def test_the_email_page_is_titled_in_chinese(client, db):
    entrant_login(client, EntrantUserFactory())

    html = client.get("/accounts/email/", HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()

    assert "电子邮箱地址" in re.search(r"<h1[^>]*>(.*?)</h1>", html, re.S).group(1)
    assert "Email" not in re.search(r"<h1[^>]*>(.*?)</h1>", html, re.S).group(1)
