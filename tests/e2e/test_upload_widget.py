"""The upload widget in a real browser at 375 px: upload, verdict, refusal, pause, reload and resume."""

from datetime import timedelta

import pytest
from django.http import HttpResponse
from django.template import engines
from django.test import Client
from django.urls import path
from django.utils import timezone

from config.urls import urlpatterns as project_urlpatterns
from contest.models import Stage
from registration.models import Entry, EntryFile, RegistrationSettings, Upload
from tests.e2e.browser import browser_login, wait_in_page
from tests.factories import ContestFactory, EntrantFactory, EntryFactory, StageFactory, UserFactory
from tests.helpers import entrant_login
from tests.registration import media

PAGE = """{% extends "base.html" %}{% block content %}{% include "registration/_files.html" with entry=entry %}{% endblock %}"""


def widget_page(request, code):
    entry = Entry.objects.for_user(request.user).get(code=code)
    return HttpResponse(engines["django"].from_string(PAGE).render({"entry": entry}, request))


# The widget as the entry page shows it, on a page of its own.
urlpatterns = [path("widget/<str:code>/", widget_page), *project_urlpatterns]

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.urls(__name__),
    pytest.mark.browser_context_args(locale="en-US", viewport={"width": 375, "height": 812}),
]


@pytest.fixture
def entry(transactional_db):
    contest = ContestFactory()
    StageFactory(
        contest=contest,
        kind=Stage.Kind.REGISTRATION,
        starts_at=timezone.now() - timedelta(days=1),
        ends_at=timezone.now() + timedelta(days=10),
    )
    return EntryFactory(entrant=EntrantFactory(contest=contest, user=UserFactory()))


@pytest.fixture
def widget(page, live_server, entry):
    """The owner's browser on the widget page."""
    browser_login(page, entrant_login(Client(), entry.entrant.user), live_server)
    page.goto(f"{live_server.url}/widget/{entry.code}/")
    return page


def test_pdf_upload_shows_progress_then_the_verdict(widget, entry, tmp_path):
    materials = widget.locator("[data-kind=materials]")
    materials.locator("[data-hint]").filter(has_text="up to 100 MB").wait_for()
    materials.locator("[data-input]").set_input_files(str(media.make_pdf(tmp_path / "方案.pdf", pages=4)))
    materials.locator("[data-message]").filter(has_text="The file passed the checks").wait_for(timeout=30000)
    current = materials.locator("[data-current]")
    assert "方案.pdf" in current.inner_text()
    assert "4 pages" in current.inner_text()
    assert materials.locator("[data-bar]").get_attribute("value") == "100"
    entry_file = EntryFile.objects.get(entry=entry)
    assert (entry_file.status, entry_file.is_current) == ("accepted", True)
    # Nothing overflows the 375 px viewport.
    assert widget.evaluate("document.documentElement.scrollWidth") <= 375


def test_refused_file_shows_the_reason_in_plain_words(widget, entry, tmp_path):
    materials = widget.locator("[data-kind=materials]")
    materials.locator("[data-hint]").filter(has_text="up to").wait_for()
    materials.locator("[data-input]").set_input_files(str(media.make_exe(tmp_path / "report.pdf")))
    materials.locator("[data-message]").filter(has_text="This file is not a PDF, PPT or PPTX document").wait_for(
        timeout=30000
    )
    assert EntryFile.objects.get(entry=entry).status == "refused"


def test_file_over_the_limit_refused_before_sending(widget, entry, tmp_path):
    limits = RegistrationSettings.for_contest(entry.contest)
    limits.materials_max_bytes = 100
    limits.save()
    widget.reload()
    materials = widget.locator("[data-kind=materials]")
    materials.locator("[data-hint]").filter(has_text="up to 100 bytes").wait_for()
    materials.locator("[data-input]").set_input_files(str(media.make_pdf(tmp_path / "big.pdf")))
    materials.locator("[data-message]").filter(has_text="over the 100 bytes limit").wait_for()
    assert Upload.objects.count() == 0


def test_pause_reload_and_resume_sends_only_the_rest(widget, entry, tmp_path, settings, live_server):
    settings.UPLOAD_CHUNK_BYTES = 64 * 1024
    video = media.make_mp4(tmp_path / "clip.mp4", seconds=6, size="1280x720")
    size = video.stat().st_size
    widget.reload()
    # A slow uplink, so that there is time to pause mid-upload.
    cdp = widget.context.new_cdp_session(widget)
    cdp.send("Network.enable")
    cdp.send(
        "Network.emulateNetworkConditions",
        {"offline": False, "latency": 5, "downloadThroughput": -1, "uploadThroughput": 256 * 1024},
    )
    part = widget.locator("[data-kind=video]")
    part.locator("[data-hint]").filter(has_text="up to").wait_for()
    part.locator("[data-input]").set_input_files(str(video))
    wait_in_page(widget, "document.querySelector('[data-kind=video] [data-bar]').value >= 30", timeout=30000)
    part.locator("[data-pause]").click()
    part.locator("[data-message]").filter(has_text="Paused").wait_for()
    first = Upload.objects.get()
    sent_before_reload = first.offset
    assert 0 < sent_before_reload < size
    widget.reload()
    note = part.locator("[data-resume-note]")
    note.filter(has_text="clip.mp4").wait_for()
    cdp = widget.context.new_cdp_session(widget)
    cdp.send("Network.enable")
    cdp.send(
        "Network.emulateNetworkConditions",
        {"offline": False, "latency": 0, "downloadThroughput": -1, "uploadThroughput": -1},
    )
    # The same file again: tus finds its fingerprint and continues from the server's offset.
    part.locator("[data-input]").set_input_files(str(video))
    part.locator("[data-message]").filter(has_text="The file passed the checks").wait_for(timeout=60000)
    upload = Upload.objects.get()
    # The same upload (same row) completed: the bytes sent before the reload were not sent again.
    assert (upload.pk, upload.offset, upload.length) == (first.pk, size, size)
    entry_file = EntryFile.objects.get(entry=entry, kind="video")
    assert (entry_file.status, entry_file.is_current, entry_file.size) == ("accepted", True, size)
    assert entry_file.file.read() == video.read_bytes()
    assert part.locator("[data-progress]").is_hidden()
    part.locator("[data-current] img").wait_for(state="visible")
    widget.screenshot(path=str(tmp_path / "widget-375.png"), full_page=True)
