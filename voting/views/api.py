"""The JSON API of the public vote for other channels (the government app, a mini program).

Role: an API client (`Authorization: Bearer <token>`, issued in the admin) acting for an
anonymous voter. Every answer is JSON; a refusal is `{"error": <code>, "message": <text>}`
with the HTTP status of its reason (voting.exceptions). The contract is in the README,
section "Public vote API".
"""

import json
from functools import wraps

from captcha.helpers import captcha_image_url
from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import HttpResponseNotAllowed, JsonResponse
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_POST

from accounts.audience import API_CLIENT
from accounts.services import CodeRateLimited

from .. import live
from ..exceptions import ApiRateLimited, CaptchaRequired, NotVerified, VoteRefused, VotingClosed
from ..models import Vote
from ..queries import (
    active_api_client,
    finalist_cards,
    leaderboard,
    public_counts_mode,
    vote_context,
    voter_today,
)
from ..services import cast_vote, request_vote_code, verify_vote_code
from ..services.captcha import issue_captcha, spend_captcha
from ..voters import clean_device_id, end_of_day, issue_voter_token, read_voter_token
from ..web import client_ip


def error(status, code, message, headers=None, **extra):
    response = JsonResponse({"error": code, "message": str(message), **extra}, status=status)
    if headers is not None and headers.has_header("Allow"):
        response["Allow"] = headers["Allow"]
    return response


def api_view(*, count_request=True):
    """Bearer-token authentication, the client's per-minute rate, JSON errors for refusals."""

    def decorate(view):
        @csrf_exempt
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            scheme, _, token = request.headers.get("Authorization", "").partition(" ")
            client = active_api_client(token.strip()) if scheme.lower() == "bearer" and token.strip() else None
            if client is None:
                return error(401, "unauthorized", "A valid bearer token is required.")
            if count_request and live.store().hit(f"api:{client.pk}", 60) > client.requests_per_minute:
                return error(429, ApiRateLimited.default_code, ApiRateLimited.message, retry_after=60)
            request.api_client = client
            try:
                response = view(request, *args, **kwargs)
                if isinstance(response, HttpResponseNotAllowed):
                    return error(405, "method_not_allowed", "This method is not allowed here.", headers=response)
                return response
            except CaptchaRequired as exc:
                return error(exc.status, exc.default_code, exc.text, captcha=new_captcha(request))
            except VoteRefused as exc:
                return error(exc.status, exc.default_code, exc.text)
            except CodeRateLimited as exc:
                seconds = max(1, int((exc.retry_at - timezone.now()).total_seconds()))
                return error(429, "code_rate_limited", exc.messages[0], retry_after=seconds)
            except ValidationError as exc:
                return error(400, exc.code or "invalid", exc.messages[0])

        wrapped.audience = API_CLIENT
        return wrapped

    return decorate


def _body(request):
    # RecursionError: a body nested thousands of levels deep exhausts the decoder's stack.
    try:
        data = json.loads(request.body or b"{}")
    except (ValueError, UnicodeDecodeError, RecursionError):
        raise ValidationError("The body must be a JSON object.", code="invalid_json") from None
    if not isinstance(data, dict):
        raise ValidationError("The body must be a JSON object.", code="invalid_json")
    return data


def _text(data, name):
    """The string field `name` of a body, "" when absent or null; any other type is a 400.

    A NUL character is refused too: PostgreSQL cannot compare text with one.
    """
    value = data.get(name)
    if value is None:
        return ""
    if not isinstance(value, str) or "\x00" in value:
        raise ValidationError(f"The field {name!r} must be a string.", code="invalid_field")
    return value


def _context():
    context = vote_context()
    if context is None:
        raise VotingClosed
    return context


def new_captcha(request):
    key = issue_captcha()
    return {"key": key, "image_url": request.build_absolute_uri(captcha_image_url(key))}


def captcha_passed(data):
    return spend_captcha(key=_text(data, "captcha_key"), value=_text(data, "captcha_value"))


# --- Endpoints -------------------------------------------------------------------------------


@api_view()
@require_GET
def finalists(request):
    context = _context()
    mode, cards = finalist_cards(context) if context.has_started() else ("", [])

    def absolute(url):
        return request.build_absolute_uri(url) if url else None

    items = []
    for card in cards:
        entry, media = card.entry, card.media
        item = {
            "code": entry.code,
            "display_name": entry.display_name,
            "track": {"code": entry.track.code, "name": entry.track.name, "name_en": entry.track.name_en},
            "summary": card.line,
            "page_url": absolute(reverse("voting:finalist", args=[entry.code])),
            "poster_url": absolute(media.poster_url),
            "video_url": absolute(media.video_url),
            "document_url": absolute(media.document_url),
            "qr_png_url": absolute(reverse("voting:qr_png", args=[entry.code])),
            "qr_svg_url": absolute(reverse("voting:qr_svg", args=[entry.code])),
            "excluded": card.excluded,
        }
        if card.standing is not None:
            item["rank"] = card.standing.rank
            if card.standing.votes is not None:
                item["votes"] = card.standing.votes
        items.append(item)
    stage = context.stage
    return JsonResponse(
        {
            "state": context.state(),
            "opens_at": stage.starts_at.isoformat() if stage else None,
            "closes_at": stage.ends_at.isoformat() if stage else None,
            "votes_per_day": context.settings.votes_per_phone_per_day,
            "counts": mode or "hidden",
            "finalists": items,
        }
    )


@api_view()
@require_POST
def codes(request):
    data = _body(request)
    request_vote_code(
        phone=_text(data, "phone"),
        ip=client_ip(request),
        captcha_passed=captcha_passed(data),
        context=_context(),
    )
    return JsonResponse({"sent": True, "expires_in": settings.ACCOUNTS_CODE_VALIDITY}, status=202)


@api_view()
@require_POST
def verify(request):
    data = _body(request)
    device_id = clean_device_id(data.get("device_id"))
    voter = verify_vote_code(phone=_text(data, "phone"), code=_text(data, "code"), device_id=device_id)
    return JsonResponse(
        {
            "voter_token": issue_voter_token(voter),
            "masked_phone": voter.masked_phone,
            "expires_at": end_of_day(voter.day).isoformat(),
            "votes_left": voter_today(voter, _context())[1],
        }
    )


@api_view(count_request=False)  # counted by cast_vote together with the address, in one round trip
@require_POST
def votes(request):
    data = _body(request)
    device_id = clean_device_id(data.get("device_id"))
    finalist = _text(data, "finalist")
    voter = read_voter_token(_text(data, "voter_token"), device_id=device_id)
    if voter is None:
        raise NotVerified
    vote = cast_vote(
        finalist_code=finalist,
        voter=voter,
        ip=client_ip(request),
        device_id=device_id,
        user_agent=request.headers.get("User-Agent", ""),
        channel=Vote.Channel.API,
        api_client=request.api_client,
        captcha_passed=captcha_passed(data) if _text(data, "captcha_key") else False,
        context=_context(),
    )
    return JsonResponse({"finalist": finalist, "votes_left": max(0, vote.day_limit - vote.slot)}, status=201)


@api_view()
@require_GET
def counts(request):
    context = _context()
    mode = public_counts_mode(context)
    if not mode:
        return error(403, "counts_hidden", "The counts are not public yet.")
    rows = []
    for row in leaderboard(context):
        item = {"code": row.finalist.code, "rank": row.rank}
        if mode == "counts":
            item["votes"] = row.votes
        rows.append(item)
    return JsonResponse({"counts": mode, "finalists": rows, "frozen": context.state() == "closed"})


@api_view()
@require_POST
def captcha(request):
    return JsonResponse(new_captcha(request), status=201)
