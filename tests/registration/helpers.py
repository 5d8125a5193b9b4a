"""Plain helpers of the registration tests (fixtures are in conftest.py)."""

from django.core.files.base import ContentFile
from django.test import Client

from notifications.models import SmsMessage
from registration.models import EntryFile
from tests.factories import EntryFileFactory

CONTENT = bytes(range(256)) * 40  # 10 240 bytes, every offset distinguishable


def accept_files(entry):
    """Both files of the entry present and accepted, as the checks would leave them."""
    EntryFileFactory(entry=entry, kind="materials")
    EntryFileFactory(entry=entry, kind="video")


def stored(entry, kind="materials", *, data=CONTENT, name="材料.pdf", detected_type="pdf", **fields):
    """An EntryFile row whose bytes are in storage, as an upload leaves it."""
    entry_file = EntryFile(
        entry=entry, kind=kind, original_name=name, size=len(data), detected_type=detected_type, **fields
    )
    entry_file.file.save(f"{entry.code}.bin", ContentFile(data), save=False)
    entry_file.save()
    return entry_file


def client_for(user):
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def body(response):
    return b"".join(response.streaming_content) if response.streaming else response.content


def confirmation_rows():
    """The registration confirmations queued so far, as (phone, template, params, idempotency key)."""
    return list(
        SmsMessage.objects.filter(purpose=SmsMessage.Purpose.REGISTRATION_CONFIRMATION).values_list(
            "phone", "template", "params", "idempotency_key"
        )
    )
