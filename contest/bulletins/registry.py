"""The sections of a work bulletin, each registered by the stage app that owns its figures.

`contest` imports no stage app: registration, judging, voting and awards call
`register_bulletin_section` from their `AppConfig.ready()` with their
`reports.bulletin_figures(contest, *, stage)`. That function returns a section built with the
helpers below (plain, JSON-ready data: the bulletin stores it as it was when built) or None
when the stage has nothing of the app to report yet.

Figures are aggregates only: counts and distributions, and names only where they are public
already (display names of released or published results).
"""

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Section:
    key: str
    figures: Any  # callable(contest, *, stage) -> dict | None
    order: int


_SECTIONS = {}


def register_bulletin_section(*, key, figures, order):
    _SECTIONS[key] = Section(key=key, figures=figures, order=order)


def bulletin_sections():
    return sorted(_SECTIONS.values(), key=lambda section: (section.order, section.key))


def section(title, *, facts=(), tables=(), charts=(), notes=()):
    """One section of a bulletin: its title, key figures, tables, charts and notes (translated text)."""
    return {
        "title": str(title),
        "facts": [{"label": str(label), "value": value} for label, value in facts],
        "tables": list(tables),
        "charts": list(charts),
        "notes": [str(note) for note in notes],
    }


def _cell(value):
    return value if value is None or isinstance(value, int | float) else str(value)


def table(title, columns, rows):
    return {
        "title": str(title),
        "columns": [str(column) for column in columns],
        "rows": [[_cell(value) for value in row] for row in rows],
    }


def bars(title, items):
    """A horizontal bar chart of (label, value) pairs."""
    return {"type": "bars", "title": str(title), "items": [[str(label), value] for label, value in items]}


def line(title, points):
    """A line chart of (day label, value) pairs, in order."""
    return {"type": "line", "title": str(title), "points": [[str(label), value] for label, value in points]}
