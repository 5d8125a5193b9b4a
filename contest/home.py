"""The figures of the organizers' home at `/organize/`, each panel built by the app that owns them.

contest imports no stage app: registration, judging, voting (and the bulletins) register a
panel builder from their `AppConfig.ready()`, the way they register organizer areas. A builder
takes the contest and the instant and returns a `Panel` (or None to stay out), in a fixed number
of queries whatever the data: the home's query count is pinned by a test.

Keys in use, by order: "schedule" 10 (`contest/figures.py`), "registration" 20, "files" 30,
"judging" 40, "voting" 50, "bulletins" 60 (the drafts waiting to be published,
`contest/bulletins/figures.py`), "sms" 70 (`contest/figures.py`).
"""

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Figure:
    label: str
    value: object
    url: str = ""  # where the figure is acted on
    detail: str = ""
    attention: bool = False  # something waits for an organizer


@dataclass(frozen=True)
class Panel:
    title: str
    figures: list = field(default_factory=list)
    url: str = ""


@dataclass(frozen=True)
class _Builder:
    key: str
    order: int
    build: object


_PANELS = {}


def register_home_panel(*, key, order, build):
    """Add (or replace) the panel `key`: `build(contest, *, now)` returns a `Panel` or None."""
    _PANELS[key] = _Builder(key=key, order=order, build=build)


def home_panels(contest, *, now):
    """Every registered panel for the contest, in order; none without a contest."""
    if contest is None:
        return []
    panels = []
    for builder in sorted(_PANELS.values(), key=lambda b: (b.order, b.key)):
        panel = builder.build(contest, now=now)
        if panel is not None:
            panels.append(panel)
    return panels
