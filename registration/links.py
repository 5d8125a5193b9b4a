"""Links that later stages add under an entry on the entrant's pages.

Registration does not know when judging has something to show (a result, a certificate); the
app that does registers a provider from its `AppConfig.ready()`, and the dashboard shows a
link only where it leads to something. A provider takes the entries shown on the page and
returns `{entry_pk: [(label, url), ...]}` in a fixed number of queries, whatever their number.
"""

from collections import defaultdict

_PROVIDERS = []


def register_entry_links(provider):
    if provider not in _PROVIDERS:
        _PROVIDERS.append(provider)


def unregister_entry_links(provider):
    if provider in _PROVIDERS:
        _PROVIDERS.remove(provider)


def entry_links(entries):
    """Every registered provider's links for `entries`, by entry pk, in the order providers registered."""
    links = defaultdict(list)
    if not entries:
        return links
    for provider in _PROVIDERS:
        for pk, rows in provider(entries).items():
            links[pk].extend(rows)
    return links
