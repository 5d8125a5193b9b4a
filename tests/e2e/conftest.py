"""Fixtures of the browser tests: the one browser, the one visitor, the demo contest.

Every test here is marked `e2e` (tests/conftest.py does it), which `make test-fast` leaves out.
A test that needs another locale or viewport says so with pytest-playwright's marker, e.g.
`@pytest.mark.browser_context_args(locale="en-US")`, which merges over the fixture below.
"""

import io
from pathlib import Path

import pytest
from django.core.management import call_command

ARTEFACTS = Path(__file__).resolve().parent / "artefacts"


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    """Debian's Chromium, offline: Playwright's own browser download is never used. Without the
    background-networking flags Chromium keeps dialling Google's hosts, which this network refuses."""
    return {
        **browser_type_launch_args,
        "executable_path": "/usr/bin/chromium",
        "args": [
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
            "--disable-quic",
        ],
    }


@pytest.fixture
def browser_context_args(browser_context_args):
    """A visitor from mainland China: the browser asks for Chinese, so the site opens in its default language."""
    return {**browser_context_args, "locale": "zh-CN", "timezone_id": "Asia/Shanghai"}


@pytest.fixture
def artefacts():
    ARTEFACTS.mkdir(exist_ok=True)
    return ARTEFACTS


@pytest.fixture
def load_demo(settings, live_server):
    """Load the demo contest with `stage` open today, in the database the live server reads."""

    def load(stage="registration"):
        # load_demo refuses without DEBUG because it creates logins with known passwords.
        settings.DEBUG = True
        call_command("load_demo", stage=stage, stdout=io.StringIO())
        # The pages themselves are rendered as in production.
        settings.DEBUG = False

    return load


@pytest.fixture
def demo_contest(load_demo):
    load_demo()
