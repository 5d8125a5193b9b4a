import io

import pytest
from django.conf import settings
from django.core.management import call_command
from django.utils import translation

from registration.models import RegistrationSettings
from tests.factories import ContestFactory


@pytest.mark.django_db
def test_registration_settings_are_the_defaults_until_saved_and_reading_writes_nothing():
    contest = ContestFactory()
    limits = RegistrationSettings.for_contest(contest)
    assert not RegistrationSettings.objects.exists()
    assert (
        limits.max_entries_total,
        limits.max_entries_per_track,
        limits.materials_max_bytes,
        limits.video_max_bytes,
        limits.video_max_seconds,
        limits.team_max_members,
    ) == (1, 1, 100 * 1024 * 1024, 1024 * 1024 * 1024, 300, 10)
    limits.team_max_members = 5
    limits.save()
    assert RegistrationSettings.for_contest(contest).team_max_members == 5


@pytest.mark.django_db
@pytest.mark.parametrize("language", [code for code, _name in settings.LANGUAGES])
def test_models_match_migrations_in_every_language(language):
    """A translated help text or label must never look like a schema change."""
    out = io.StringIO()

    with translation.override(language):
        call_command("makemigrations", "registration", "--check", "--dry-run", stdout=out)

    assert out.getvalue() == "No changes detected in app 'registration'\n"
