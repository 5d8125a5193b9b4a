"""One signed JSON request to a provider, with failures sorted for the outbox.

The standard library's urllib is enough here: each message is one small HTTPS request
(two when a lookup comes first), there is nothing to pool at this volume, and the
providers' official SDKs would pull large dependency trees into every worker.
"""

import http.client
import json
import socket
import urllib.error
import urllib.request
from urllib.parse import urlsplit

from django.conf import settings

from .base import PermanentSmsError, RetryableSmsError


def checked_endpoint(url, setting):
    """The endpoint URL if it is http(s); urllib would also open file:// and others."""
    if urlsplit(url).scheme not in {"http", "https"} or not urlsplit(url).netloc:
        raise PermanentSmsError(f"{setting}={url!r} is not an http(s) URL")
    return url


def post(url, *, body, headers):
    """POST `body` and return (HTTP status, decoded JSON answer).

    Raises RetryableSmsError when no usable answer came back: `in_doubt` is false only
    when the request certainly never reached the provider (connection refused, unknown
    host), because a timeout or a dropped connection may follow an accepted message.
    """
    request = urllib.request.Request(url, data=body, headers=headers, method="POST")  # noqa: S310 - scheme checked by checked_endpoint
    try:
        with urllib.request.urlopen(request, timeout=settings.SMS_HTTP_TIMEOUT) as response:  # noqa: S310 - as above
            status, raw = response.status, response.read()
    except urllib.error.HTTPError as exc:
        status, raw = exc.code, exc.read()
    except urllib.error.URLError as exc:
        never_arrived = isinstance(exc.reason, ConnectionRefusedError | socket.gaierror)
        raise RetryableSmsError(f"no answer from {url}: {exc.reason}", in_doubt=not never_arrived) from exc
    except (OSError, http.client.HTTPException) as exc:
        raise RetryableSmsError(f"no answer from {url}: {exc!r}", in_doubt=True) from exc
    try:
        data = json.loads(raw)
    except ValueError:
        data = None
    if not isinstance(data, dict):
        if status >= 500:
            raise RetryableSmsError(f"HTTP {status} from {url}", in_doubt=True)
        raise RetryableSmsError(f"unreadable answer (HTTP {status}) from {url}: {raw[:200]!r}", in_doubt=True)
    return status, data
