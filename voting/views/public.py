"""Public pages of the vote; every view here serves the anonymous public, on phones first.

Gallery → finalist page → vote. Voting needs a number verified today on this device: the
vote button leads to the two verification steps (number, then code) and back.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.audience import PUBLIC, audience
from accounts.phone import mask_phone
from accounts.services import CodeRateLimited
from contest.queries import current_contest_or_404
from documents.qr import qr_png, qr_svg

from ..exceptions import CaptchaRequired, VoteRefused, VotingClosed
from ..forms import CodeForm, PhoneForm, VoteForm
from ..models import Vote
from ..queries import (
    finalist_cards,
    leaderboard,
    public_board,
    public_counts_mode,
    public_finalists,
    public_media,
    vote_context,
    voter_today,
)
from ..services import cast_vote, request_vote_code, verify_vote_code
from ..voters import end_of_day, issue_voter_token, vote_day
from ..web import (
    client_ip,
    cookie_voter,
    forget_pending_vote,
    page_seconds,
    pending_vote,
    remember_pending_vote,
    remember_vote_page,
    remember_voter,
    with_device,
)

PHONE_COOKIE = "vote_phone"
PHONE_SALT = "voting.phone"


def _context(request):
    return vote_context(current_contest_or_404(request))


def _public_entry(context, code):
    """A finalist of the current edition once the vote has begun; 404 otherwise."""
    if not context.has_started():
        raise Http404
    return get_object_or_404(public_finalists(context.contest), code=code)


def _next_url(request, default):
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return target
    return default


@audience(PUBLIC)
@require_GET
@with_device
def gallery(request):
    context = _context(request)
    state = context.state()
    entries = []
    tracks = list(context.contest.tracks.all())
    track = next((t for t in tracks if t.code == request.GET.get("track")), None)
    mode = ""
    voted, votes_left = set(), None
    if state in {"open", "closed"}:
        mode, entries = finalist_cards(context, track=track, by_rank=True)
        voter = cookie_voter(request)
        voted, votes_left = voter_today(voter, context) if voter else (set(), None)
    response = render(
        request,
        "voting/gallery.html",
        {
            "state": state,
            "stage": context.stage,
            "entries": entries,
            "tracks": tracks,
            "track": track,
            "mode": mode,
            "voted": voted,
            "votes_left": votes_left,
            "votes_back": _votes_back(context),
            "votes_per_day": context.settings.votes_per_phone_per_day,
        },
    )
    return remember_vote_page(response, request) if state == "open" else response


def _votes_back(context):
    """When a voter who used today's votes may vote again: tomorrow at midnight, or None when the vote closes first."""
    back = end_of_day(vote_day())
    return back if context.stage is not None and context.stage.is_open(back) else None


def _finalist_page(request, context, entry, *, form=None, status=200):
    voter = cookie_voter(request)
    voted, votes_left = voter_today(voter, context) if voter else (set(), None)
    mode, board = public_board(context)
    page_url = request.build_absolute_uri(reverse("voting:finalist", args=[entry.code]))
    return render(
        request,
        "voting/finalist.html",
        {
            "state": context.state(),
            "stage": context.stage,
            "entry": entry,
            "media": public_media(entry),
            "mode": mode,
            "board": board.get(entry.pk),
            "excluded": entry.pk in context.excluded,
            "voter": voter,
            "votes_left": votes_left,
            "votes_back": _votes_back(context),
            "voted": entry.code in voted,
            "form": form or VoteForm(),
            "page_url": page_url,
        },
        status=status,
    )


@audience(PUBLIC)
@require_GET
@with_device
def finalist(request, code):
    context = _context(request)
    response = _finalist_page(request, context, _public_entry(context, code))
    return remember_vote_page(response, request) if context.is_open() else response


@audience(PUBLIC)
@require_POST
@with_device
def vote(request, code):
    context = _context(request)
    entry = _public_entry(context, code)
    page = reverse("voting:finalist", args=[entry.code])
    voter = cookie_voter(request)
    if voter is None:
        messages.info(
            request,
            _("Verify your mobile number: your vote for %(name)s is cast as soon as it is verified.")
            % {"name": entry.display_name},
        )
        response = redirect(f"{reverse('voting:verify')}?next={page}")
        return remember_pending_vote(response, request, code=entry.code, seconds=page_seconds(request))
    form = VoteForm(request.POST, captcha="captcha_0" in request.POST)
    captcha_passed = form.is_valid() and form.has_captcha
    if form.has_captcha and not captcha_passed:
        return _finalist_page(request, context, entry, form=form, status=400)
    try:
        return _cast(request, context, entry.code, voter, seconds=page_seconds(request), captcha_passed=captcha_passed)
    except CaptchaRequired as exc:
        messages.warning(request, exc.text)
        return _finalist_page(request, context, entry, form=VoteForm(captcha=True), status=428)


def _cast(request, context, code, voter, *, seconds, captcha_passed=False):
    """Cast `voter`'s vote for `code`: the thanks page, or the finalist page with why it was refused.

    Raises CaptchaRequired for the caller to ask for the picture.
    """
    try:
        cast_vote(
            finalist_code=code,
            voter=voter,
            ip=client_ip(request),
            device_id=request.vote_device,
            user_agent=request.headers.get("User-Agent", ""),
            page_seconds=seconds,
            channel=Vote.Channel.WEB,
            captcha_passed=captcha_passed,
            context=context,
        )
    except CaptchaRequired:
        raise
    except VoteRefused as exc:
        messages.error(request, exc.text)
        return redirect("voting:finalist", code=code)
    return redirect("voting:thanks", code=code)


def _finish_pending_vote(request, voter, next_url):
    """Cast the vote the voter asked for before verifying, if they come back to its finalist's page."""
    pending = pending_vote(request)
    if pending is None:
        return None
    code, seconds = pending
    if next_url != reverse("voting:finalist", args=[code]):
        return None
    context = _context(request)
    try:
        return _cast(request, context, code, voter, seconds=seconds)
    except CaptchaRequired as exc:
        messages.warning(request, exc.text)
        return redirect(next_url)


@audience(PUBLIC)
@require_GET
@with_device
def thanks(request, code):
    context = _context(request)
    entry = _public_entry(context, code)
    voter = cookie_voter(request)
    voted, votes_left = voter_today(voter, context) if voter else (set(), 0)
    if entry.code not in voted:
        return redirect("voting:finalist", code=entry.code)
    return render(
        request,
        "voting/thanks.html",
        {
            "entry": entry,
            "voter": voter,
            "votes_left": votes_left,
            "votes_back": _votes_back(context),
            "page_url": request.build_absolute_uri(reverse("voting:finalist", args=[entry.code])),
        },
    )


@audience(PUBLIC)
@require_http_methods(["GET", "POST"])
@with_device
def verify(request):
    """Step 1: the number, to which a code is sent."""
    context = _context(request)
    next_url = _next_url(request, reverse("voting:gallery"))
    if not context.is_open():
        messages.info(request, _("The public vote is not open."))
        return redirect("voting:gallery")
    form = PhoneForm(request.POST or None, captcha="captcha_0" in request.POST)
    if request.method == "POST" and form.is_valid():
        try:
            request_vote_code(
                phone=form.cleaned_data["phone"],
                ip=client_ip(request),
                captcha_passed=form.has_captcha,
                context=context,
            )
        except CaptchaRequired as exc:
            form = PhoneForm(initial={"phone": form.cleaned_data["phone"]}, captcha=True)
            messages.warning(request, exc.text)
        except (CodeRateLimited, VotingClosed, VoteRefused) as exc:
            form.add_error(None, exc.messages[0])
        else:
            response = redirect(f"{reverse('voting:verify_code')}?next={next_url}")
            response.set_signed_cookie(
                PHONE_COOKIE,
                form.cleaned_data["phone"],
                salt=PHONE_SALT,
                max_age=1800,
                httponly=True,
                samesite="Lax",
                secure=request.is_secure(),
            )
            return response
    return render(request, "voting/verify_phone.html", {"form": form, "next": next_url, "voter": cookie_voter(request)})


@audience(PUBLIC)
@require_http_methods(["GET", "POST"])
@with_device
def verify_code(request):
    """Step 2: the code from the SMS; the number then stays verified on this device until midnight."""
    next_url = _next_url(request, reverse("voting:gallery"))
    phone = request.get_signed_cookie(PHONE_COOKIE, default="", salt=PHONE_SALT, max_age=1800)
    if not phone:
        return redirect(f"{reverse('voting:verify')}?next={next_url}")
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            voter = verify_vote_code(phone=phone, code=form.cleaned_data["code"], device_id=request.vote_device)
        except ValidationError as exc:
            form.add_error("code", exc.messages[0])
        else:
            messages.success(
                request, _("Your number %(phone)s is verified until midnight.") % {"phone": voter.masked_phone}
            )
            # The voter's cookie is only on the response yet: the vote asked for takes the voter directly.
            response = _finish_pending_vote(request, voter, next_url) or redirect(next_url)
            remember_voter(response, request, issue_voter_token(voter), voter)
            response.delete_cookie(PHONE_COOKIE, samesite="Lax")
            return forget_pending_vote(response)
    return render(
        request, "voting/verify_code.html", {"form": form, "next": next_url, "masked_phone": mask_phone(phone)}
    )


@audience(PUBLIC)
@require_GET
def results(request):
    context = _context(request)
    mode = public_counts_mode(context)
    return render(
        request,
        "voting/results.html",
        {"state": context.state(), "stage": context.stage, "mode": mode, "board": leaderboard(context) if mode else []},
    )


@audience(PUBLIC)
@require_GET
@cache_control(public=True, max_age=86400)
def qr(request, code, fmt):
    context = _context(request)
    entry = _public_entry(context, code)
    url = request.build_absolute_uri(reverse("voting:finalist", args=[entry.code]))
    if fmt == "svg":
        return HttpResponse(qr_svg(url), content_type="image/svg+xml")
    response = HttpResponse(qr_png(url), content_type="image/png")
    response["Content-Disposition"] = f'inline; filename="{entry.code}.png"'
    return response
