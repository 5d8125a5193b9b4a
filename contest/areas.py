"""The organizers' areas, each registered by the app that serves it.

`/organize/` lists them; contest imports no stage app, so judging, voting and the apps that
come later register their area from their `AppConfig.ready()`, the way they register entry
readers and personal data.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class Area:
    label: str  # lazily translated
    description: str
    url_name: str
    order: int


_AREAS = {}


def register_organizer_area(*, label, description, url_name, order):
    _AREAS[url_name] = Area(label=label, description=description, url_name=url_name, order=order)


def organizer_areas():
    return sorted(_AREAS.values(), key=lambda area: (area.order, area.url_name))
