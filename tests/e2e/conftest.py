import io
from pathlib import Path

import pytest
from django.core.management import call_command

ARTEFACTS = Path(__file__).resolve().parent / "artefacts"


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
