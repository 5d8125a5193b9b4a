"""Plain helpers of the voting tests: voters, finalists' files, the codes voters receive.

Fixtures are in conftest.py; these are imported by the tests that call them.
"""

from django.core.files.base import ContentFile

from notifications.models import SmsMessage
from tests.factories import EntryFileFactory
from tests.helpers import last_code
from voting.voters import Voter, vote_day


def spread_phone(n):
    """The n-th of many numbers that share no block of ten (as organic voters' numbers rarely do)."""
    return f"135{(n * 7919 + 12345) % 10**8:08d}"


def make_voter(phone, at=None, device_id=""):
    return Voter.for_phone(phone, day=vote_day(at), device_id=device_id)


def with_media(entry):
    """Accepted current files as the checks leave them: a video with its poster, a PDF."""
    video = EntryFileFactory(entry=entry, kind="video")
    video.poster.save("poster.webp", ContentFile(b"RIFF....WEBP"), save=True)
    EntryFileFactory(entry=entry, kind="materials")
    return entry


def sms_code(phone):
    """The code of the last voting SMS queued for `phone` (what the console backend would print)."""
    return last_code(phone, SmsMessage.Purpose.VOTE_CODE)
