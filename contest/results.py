"""Links of the public home page to published results, each given by the app that publishes them.

contest imports no stage app: judging (the entries that advanced, once released) and awards
(the winners, once the ceremony stage opens and the awards are published) register a function
from their `AppConfig.ready()`. It takes the contest, the schedule and the instant and returns
a list of `ResultLink`, in a fixed number of queries.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class ResultLink:
    label: str
    url: str
    order: int = 0


_SOURCES = {}


def register_result_links(*, key, links):
    """Add (or replace) the source `key`: `links(contest, *, schedule, now)` returns `ResultLink`s."""
    _SOURCES[key] = links


def result_links(contest, *, schedule, now):
    links = []
    for key in sorted(_SOURCES):
        links.extend(_SOURCES[key](contest, schedule=schedule, now=now))
    return sorted(links, key=lambda link: link.order)
