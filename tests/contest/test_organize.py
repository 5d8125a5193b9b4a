"""The organizers' home at /organize/: the way into every area, behind the one staff gate."""

import pytest

from tests.factories import OrganizerUserFactory
from tests.helpers import staff_login

pytestmark = pytest.mark.django_db


def test_organizer_home_links_every_registered_area_and_the_admin(client):
    staff_login(client, OrganizerUserFactory())

    response = client.get("/organize/")

    assert response.status_code == 200
    page = response.content.decode()
    assert 'href="/admin/"' in page
    assert 'href="/organize/judging/"' in page
    assert 'href="/organize/voting/"' in page
