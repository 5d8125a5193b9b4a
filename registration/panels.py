"""Panels later stages add to the entrant's dashboard ("My registration").

registration imports neither judging nor awards: an app with something to show the entrant
(awards: their prizes, certificates, consent and loan pages) registers a function from its
`AppConfig.ready()`. It takes the request, the contest and the entrant profile (None before the
entrant has one) and returns HTML (empty to show nothing); the dashboard renders each in order.
"""

_PANELS = {}


def register_dashboard_panel(*, key, order, render):
    """Add (or replace) the panel `key`: `render(request, *, contest, entrant)` returns safe HTML or ""."""
    _PANELS[key] = (order, render)


def dashboard_panels(request, *, contest, entrant):
    """The HTML of every registered panel with something to show, in order."""
    rendered = []
    for _order, render in sorted(_PANELS.values(), key=lambda item: item[0]):
        html = render(request, contest=contest, entrant=entrant)
        if html:
            rendered.append(html)
    return rendered
