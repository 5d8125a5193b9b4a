"""Every organizer page, whichever app serves it, starts its breadcrumb trail at the organizers'
home, so an organizer deep in one area is one tap from every other."""

import re

from tests.factories import OrganizerUserFactory
from tests.helpers import staff_login
from tests.layout.routes import ROUTES, concrete

TRAIL = re.compile(r'<nav class="breadcrumb"[^>]*>\s*<ol>\s*<li><a href="([^"]+)"', re.S)


def test_every_organizer_page_starts_its_trail_at_the_organizers_home(client, world):
    staff_login(client, OrganizerUserFactory())
    pages = {}
    for route, _callback in ROUTES:
        if not route.startswith("organize/") or route == "organize/":
            continue
        url = concrete(route, world)
        response = client.get(url)
        if response.status_code == 200 and response["Content-Type"].startswith("text/html"):
            found = TRAIL.search(response.content.decode())
            pages[url] = found.group(1) if found else None

    assert len(pages) >= 15
    assert {url: first for url, first in pages.items() if first != "/organize/"} == {}
