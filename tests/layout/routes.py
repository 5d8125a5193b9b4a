"""Every URL of the site, made concrete with one entrant's objects (Alice's), for the layout tests."""

import re
import uuid

from django.urls import URLPattern, URLResolver, get_resolver

# Alice's private words: none may reach anyone else.
SECRET_TITLE = "爱丽丝的秘密作品"
SECRET_MEMBER = "欧阳秘密"
SECRET_PHONE = "13912340000"
SECRET_INSTRUCTIONS = "测试账号 alice-secret-account"
SECRETS = (SECRET_TITLE, SECRET_MEMBER, SECRET_PHONE, SECRET_INSTRUCTIONS)


def _routes(patterns, prefix=""):
    for pattern in patterns:
        route = prefix + str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            yield from _routes(pattern.url_patterns, route)
        elif isinstance(pattern, URLPattern):
            yield route, pattern.callback


ROUTES = sorted({(route, callback) for route, callback in _routes(get_resolver().url_patterns)}, key=lambda r: r[0])


# Values for the parameters of a route, by the parameter's name (what the URL means by it).
def _values(world):
    alice = world["alice"]
    return {
        "code": alice.code,
        "entry_code": alice.code,
        "round_code": world["round"].code,
        "sheet": world["sheet"].code,
        "uid": str(world["file"].uid),
        "upload_id": str(uuid.uuid4()),
        "kind": "materials",
        "variant": "file",
        "step": "description",
        "position": "1",
        "pk": "1",
        "id": "1",
        "object_id": "1",
        "content_type_id": "1",
        "key": "abc",
    }


def _overrides(route, world):
    """Routes whose `code` names something else than an entry."""
    if route.startswith("organize/judging/"):
        return {"code": world["round"].code}
    if route.startswith("tracks/"):
        return {"code": world["alice"].track.code}
    if route.startswith("announcements/"):
        return {"code": world["announcement"].code}
    return {}


def concrete(route, world):
    values = {**_values(world), **_overrides(route, world)}
    url = re.sub(r"<(?:\w+:)?(\w+)>", lambda m: values.get(m.group(1), "x"), route)
    url = re.sub(r"\(\?P<(\w+)>[^)]*\)", lambda m: values.get(m.group(1), "x"), url)
    return "/" + url.replace("^", "").replace("$", "").replace("\\", "")
