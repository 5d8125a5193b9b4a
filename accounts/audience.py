"""Who a view serves, declared on the view itself; tests/layout/test_audience.py reads it.

Every URL pattern of the site must lead to a view with a declared audience, and the test
asks each URL as each role with someone else's objects. The staff gates declare theirs
(`organizer_required` → organizer, `judge_required` → the judges it assigns), the vote API's
`api_view` declares the API client; every other view says it with `@audience(...)`. Views of
other packages (the admin, allauth) are declared by module in `config.urls.INCLUDED_AUDIENCES`.
"""

PUBLIC = "public"  # anyone, signed in or not
ENTRANT_OWNER = "entrant-owner"  # a signed-in person, about their own account, profile, entries
JUDGE_ASSIGNED = "judge-assigned"  # a judge, about the entries assigned to them
ORGANIZER = "organizer"  # the organizers (staff with TOTP)
API_CLIENT = "api-client"  # another channel's app, with its bearer token

AUDIENCES = (PUBLIC, ENTRANT_OWNER, JUDGE_ASSIGNED, ORGANIZER, API_CLIENT)


def audience(kind):
    """Declare the audience of a view; decorators that use functools.wraps carry it outwards."""
    if kind not in AUDIENCES:
        raise ValueError(f"unknown audience {kind!r}")

    def decorate(view):
        view.audience = kind
        return view

    return decorate


def audience_of(view, included=None):
    """The audience declared on a view (function or class-based), or None.

    Views of other packages have no attribute: the admin site's own views (those it wraps
    in its staff check) are the organizers'; the rest are looked up by module in `included`
    (module prefix → audience, the longest prefix wins).
    """
    callback = view
    while view is not None:
        found = getattr(view, "audience", None) or getattr(getattr(view, "view_class", None), "audience", None)
        if found:
            return found
        view = getattr(view, "__wrapped__", None)
    if hasattr(callback, "admin_site") or hasattr(callback, "model_admin"):
        return ORGANIZER
    module = getattr(callback, "__module__", "")
    prefixes = [prefix for prefix in included or {} if module == prefix or module.startswith(prefix + ".")]
    return included[max(prefixes, key=len)] if prefixes else None
