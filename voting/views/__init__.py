"""Views of the public vote by audience: `public` for everyone (mobile first), `api` for other channels'
clients (JSON), `organize` for organizers."""
