"""Registration's part of the demo contest: twelve entrants of every kind, four entries per track.

Receives `contest.signals.demo_loaded` inside `load_demo`'s transaction. Profiles, members,
entries and submissions go through the registration services with `now=` an instant inside
the registration stage, so the demo data passes the same checks as an entrant's. Each file is
a copy of one PDF and one MP4 generated per load, checked once by the real checks and
recorded the way a finished upload is. Running it again adds nothing that already exists.
"""

import hashlib
import logging
import shutil
import subprocess
import tempfile
from contextlib import ExitStack
from functools import cached_property
from pathlib import Path

from django.core.files import File
from django.core.files.storage import default_storage
from django.utils import timezone

from accounts.demo import passwordless_user
from accounts.phone import normalize_phone
from contest.models import Stage

from . import checks
from .demo_content import ENTRANTS, MATERIALS_SECTIONS
from .models import Entry, EntryFile, FileKind, TeamMember
from .models.files import random_path
from .queries import limits_for
from .services import add_team_member, create_entry, save_entrant_profile, submit_entry, update_entry
from .services.files import record_verdict

logger = logging.getLogger(__name__)


class DemoMedia:
    """One materials PDF and one video, made and checked at most once per load, then copied per entry."""

    def __init__(self, contest):
        self.contest = contest
        self._stack = ExitStack()
        self.workdir = None

    def __enter__(self):
        self.workdir = Path(self._stack.enter_context(tempfile.TemporaryDirectory(prefix="demo-media-")))
        return self

    def __exit__(self, *exc_info):
        self._stack.close()

    @cached_property
    def materials(self):
        path = self.workdir / "materials.pdf"
        _write_materials_pdf(path)
        return self._checked(path, FileKind.MATERIALS)

    @cached_property
    def video(self):
        if shutil.which("ffmpeg") is None or shutil.which("ffprobe") is None:
            logger.warning("ffmpeg or ffprobe is not installed: demo entries without a video stay drafts.")
            return None
        path = self.workdir / "video.mp4"
        subprocess.run(  # noqa: S603 - fixed arguments, no user input
            [  # noqa: S607 - ffmpeg from the system packages, as the file checks use it
                "ffmpeg", "-nostdin", "-v", "error", "-y",
                "-f", "lavfi", "-i", "testsrc=duration=6:size=640x360:rate=25",
                "-c:v", "libx264", "-pix_fmt", "yuv420p", str(path),
            ],
            check=True,
            timeout=120,
        )  # fmt: skip
        return self._checked(path, FileKind.VIDEO)

    def source(self, kind):
        return self.materials if kind == FileKind.MATERIALS else self.video

    def _checked(self, path, kind):
        """Run the real checks once; a file they refuse is not used (the entries stay drafts)."""
        derived = self.workdir / f"{kind}-derived"
        derived.mkdir()
        verdict = checks.check_file(path, kind=kind, limits=limits_for(self.contest, kind), workdir=derived)
        if not verdict.accepted:
            logger.warning("the demo %s was refused by the checks (%s): entries stay drafts.", kind, verdict.code)
            return None
        sha256 = hashlib.sha256(path.read_bytes()).hexdigest()
        return path, verdict, sha256


def _write_materials_pdf(path):
    from weasyprint import HTML

    sections = "".join(
        f"<h2>{number}. {heading}</h2>" + "".join(f"<p>{text}</p>" for text in paragraphs)
        for number, (heading, paragraphs) in enumerate(MATERIALS_SECTIONS, start=1)
    )
    html = (
        '<html lang="zh-Hans"><head><meta charset="utf-8"><style>'
        "@page { size: A4; margin: 2.5cm; @bottom-center { content: counter(page); } }"
        'body { font-family: "Noto Sans CJK SC", sans-serif; font-size: 13pt; line-height: 2; }'
        "h1 { text-align: center; margin-top: 8cm; } .cover { break-after: page; text-align: center; }"
        "h2 { margin-top: 1.5em; } p { text-indent: 2em; }"
        "</style></head><body>"
        '<div class="cover"><h1>参赛作品材料（演示样例）</h1>'
        "<p>河北省首届“智慧政务 创想未来”数据应用创新创业大赛</p></div>"
        f"{sections}</body></html>"
    )
    HTML(string=html).write_pdf(path)


def _attach(entry, kind, source, *, by):
    """Store a copy of a checked file for the entry the way a finished upload becomes an EntryFile."""
    path, verdict, sha256 = source
    storage = default_storage
    names = []
    try:
        with open(path, "rb") as fh:
            names.append(storage.save(random_path(entry, path.suffix), File(fh)))
        poster_name = ""
        if verdict.poster_path:
            with open(verdict.poster_path, "rb") as fh:
                poster_name = storage.save(random_path(entry, ".webp"), File(fh))
            names.append(poster_name)
        entry_file = EntryFile.objects.create(
            entry=entry,
            kind=kind,
            file=names[0],
            original_name=checks.display_name(f"{entry.title}{path.suffix}"),
            size=path.stat().st_size,
            status=EntryFile.Status.PENDING,
            is_current=False,
            uploaded_by=by,
        )
        # The verdict of the identical bytes, recorded as the check task records its own.
        record_verdict(entry_file, verdict, sha256, "", poster_name)
    except Exception:
        for name in names:
            storage.delete(name)
        raise


def _has_accepted(entry, kind):
    return entry.files.filter(kind=kind, is_current=True, status=EntryFile.Status.ACCEPTED).exists()


def _entrant_account(spec):
    """The account of a demo entrant that is not a demo login: it has no usable password."""
    return passwordless_user(
        spec["username"],
        display_name=spec["members"][0][0] if spec["members"] else spec["profile"]["name"],
        phone=spec["phone"],
        phone_verified=True,
    )


def _instants(stage, count, now):
    """`count` instants spread through the registration stage up to now, for profiles and submissions."""
    end = min(now, stage.ends_at)
    step = (end - stage.starts_at) / (count + 1)
    return [stage.starts_at + step * (number + 1) for number in range(count)], end


def load_demo_data(sender, *, contest, stage, users, **kwargs):
    """Receiver of `demo_loaded`: entrants, team members, entries and their files.

    Every entry is submitted, except, while registration is open, the drafts the demo logins
    show. Before registration opens there is nothing to add.
    """
    kinds = list(Stage.Kind.values)
    if kinds.index(stage) < kinds.index(Stage.Kind.REGISTRATION):
        return
    registration_open = stage == Stage.Kind.REGISTRATION
    registration = contest.stages.get(kind=Stage.Kind.REGISTRATION)
    instants, end = _instants(registration, len(ENTRANTS), timezone.now())
    tracks = {track.code: track for track in contest.tracks.all()}
    with DemoMedia(contest) as media:
        for spec, at in zip(ENTRANTS, instants, strict=True):
            user = users.get(spec["username"]) or _entrant_account(spec)
            # Submitted halfway between registering and the end of the window (or now).
            submit_at = at + (end - at) / 2
            keep_draft = registration_open and spec.get("draft_while_open", False)
            _load_entrant(contest, user, spec, tracks, media, at=at, submit_at=submit_at, keep_draft=keep_draft)


def _load_entrant(contest, user, spec, tracks, media, *, at, submit_at, keep_draft):
    entrant = save_entrant_profile(
        contest=contest, user=user, accept_rules=True, accept_privacy=True, now=at, **spec["profile"]
    )
    for name, phone, organisation, role in spec["members"]:
        if not TeamMember.objects.filter(contest=contest, phone=normalize_phone(phone)).exists():
            add_team_member(
                entrant=entrant, by=user, name=name, phone=phone, organisation=organisation, role=role, now=at
            )
    fields = dict(spec["entry"])
    track = tracks[fields.pop("track")]
    # Every demo entry introduces its people (without names: judges read it blind) and commits to the events.
    fields.setdefault(
        "self_introduction",
        f"研发团队{max(len(spec['members']), 1)}人，长期从事数据应用开发，参与过多个省市数字化项目的设计与实施。",
    )
    fields.setdefault("commits_to_events", True)
    entry = entrant.entries.filter(title=fields["title"]).first()
    if entry is None:
        entry = create_entry(entrant=entrant, by=user, track=track, now=at, **fields)
    elif entry.status == Entry.Status.DRAFT:
        entry = update_entry(entry=entry, by=user, track=track, now=at, **fields)

    # The draft shown during registration has its materials but still waits for its video.
    wanted = [FileKind.MATERIALS] if keep_draft else [FileKind.MATERIALS, FileKind.VIDEO]
    complete = True
    for kind in wanted:
        if _has_accepted(entry, kind):
            continue
        source = media.source(kind)
        if source is None:
            complete = False
            continue
        _attach(entry, kind, source, by=user)
    if not keep_draft and complete and entry.status in (Entry.Status.DRAFT, Entry.Status.WITHDRAWN):
        submit_entry(entry=entry, by=user, now=submit_at)
