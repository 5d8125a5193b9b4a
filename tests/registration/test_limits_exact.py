"""A limit is a limit, not a rounded one: every check of an upload compares the exact figure,
and the words quoting a refused figure never round it down to the limit it broke."""

import pytest
from django.utils import translation

from registration.checks import Limits, check_file, verdict_message
from registration.models import RegistrationSettings
from tests.registration import media

MB = 1024 * 1024
VIDEO = Limits(max_bytes=1024 * MB, max_seconds=300)


def make_video(path, seconds):
    """A tiny video at 5 frames a second: its duration is exact to the fifth of a second."""
    media._ffmpeg(
        "-f", "lavfi", "-i", f"color=c=navy:size=32x32:rate=5:duration={seconds}",
        "-c:v", "libx264", "-pix_fmt", "yuv420p", "-g", "300", path,
    )  # fmt: skip
    return path


def test_video_of_300_4_seconds_refused_against_5_minutes(tmp_path):
    verdict = check_file(make_video(tmp_path / "over.mp4", 300.4), kind="video", limits=VIDEO)

    assert verdict.duration == pytest.approx(300.4, abs=0.01)
    assert (verdict.accepted, verdict.code, verdict.params) == (False, "video_too_long", {"seconds": 301, "limit": 300})
    with translation.override("en"):
        assert verdict.message == "The video is 5 min 01 s long, over the 5 minutes limit."


def test_a_size_one_byte_over_is_not_shown_as_the_limit():
    with translation.override("en"):
        message = verdict_message("too_large", {"size": 100 * MB + 1, "limit": 100 * MB})

    assert message == "The file is 100.1 MB, over the 100 MB limit."


def test_a_limit_in_seconds_is_shown_exactly(client, db):
    from tests.factories import EntryFactory

    entry = EntryFactory()
    RegistrationSettings.objects.filter(contest=entry.contest).delete()
    RegistrationSettings.objects.create(contest=entry.contest, video_max_seconds=330)
    client.force_login(entry.entrant.user)

    state = client.get(f"/files/entries/{entry.code}/status", HTTP_ACCEPT_LANGUAGE="en").json()

    assert state["kinds"]["video"]["max_seconds_label"] == "5 min 30 s"
