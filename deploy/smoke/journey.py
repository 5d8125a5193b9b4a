"""The user-facing steps of the smoke run, all through nginx over HTTPS.

What an organizer would set up in the admin (the edition, its schedule, a judge, an API
channel, a round's panel) is written through the ORM and the services, as the admin does;
what entrants, judges, voters and the organizer do on the site goes through the real pages,
the tus endpoint and the vote API. The smoke process reads the outbox and the rows it
checks with the same ORM (the console SMS backend's codes are in the outbox rows).
"""

import secrets
import subprocess
import time
from datetime import timedelta
from pathlib import Path

from .client import Browser, TusClient, parse
from .stack import CHUNK_BYTES, wait_until

PASSWORD = "smoke-" + secrets.token_hex(8)
ENTRANT_PHONE = "13812340001"
VOTER_PHONES = ["13912340011", "13912340012", "13912340013"]


def make_pdf(path):
    from pypdf import PdfWriter

    writer = PdfWriter()
    for _ in range(3):
        writer.add_blank_page(width=595, height=842)
    writer.add_metadata({"/Title": "Smoke report"})
    with open(path, "wb") as fh:
        writer.write(fh)
    return path


def make_video(path, megabytes):
    """A real six-second H.264 video, padded to `megabytes` with a trailing MP4 `free` box."""
    subprocess.run(
        ["ffmpeg", "-nostdin", "-v", "error", "-y", "-f", "lavfi", "-i", "testsrc=duration=6:size=320x240:rate=25",
         "-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p", str(path)],
        check=True,
    )  # fmt: skip
    target = megabytes * 1024 * 1024
    padding = target - path.stat().st_size - 8
    with open(path, "ab") as fh:
        fh.write(padding.to_bytes(4, "big") + b"free" if padding + 8 < 2**32 else b"")
        remaining = padding - 0
        block = 4 * 1024 * 1024
        while remaining > 0:
            fh.write(secrets.token_bytes(min(block, remaining)))
            remaining -= block
    return path


def totp_code(secret):
    from allauth.mfa import app_settings
    from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value

    return format_hotp_value(hotp_value(secret, int(time.time()) // app_settings.TOTP_PERIOD))


class Journey:
    """The steps, in order; each passed step counts once."""

    def __init__(self, stack, work, *, video_mb):
        self.stack = stack
        self.work = Path(work)
        self.video_mb = video_mb
        self.steps = 0
        self.entry_code = None
        self.api_token = None

    def step(self, name):
        self.steps += 1
        print(f"step {self.steps}: {name}", flush=True)

    def browser(self):
        return Browser(self.stack.base, self.stack.cert)

    # --- the organizer's set-up, as in the admin -------------------------------------------

    def setup(self):
        from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
        from django.contrib.auth.models import Group
        from django.utils import timezone

        from accounts.models import User
        from accounts.roles import JUDGES, ORGANIZERS
        from contest.models import Contest, Stage, Track
        from contest.services import set_up_regions
        from judging.models import JudgeProfile
        from voting.models import ApiClient

        now = timezone.now()
        contest = Contest.objects.create(
            name="冒烟测试大赛", name_en="Smoke contest", short_name="冒烟", slug="smoke", is_current=True,
            hosts="主办单位", introduction="简介", rules_text="规则", ip_terms="条款",
        )  # fmt: skip
        Stage.objects.create(
            contest=contest,
            kind=Stage.Kind.REGISTRATION,
            starts_at=now - timedelta(days=1),
            ends_at=now + timedelta(days=1),
        )
        for offset, kind in enumerate([Stage.Kind.PRELIMINARY, Stage.Kind.PUBLIC_VOTE], start=1):
            Stage.objects.create(
                contest=contest,
                kind=kind,
                starts_at=now + timedelta(days=10 * offset),
                ends_at=now + timedelta(days=10 * offset + 5),
            )
        self.track = Track.objects.create(contest=contest, code="smoke", name="赛道", description="说明")
        # Regions are data of each contest, as the admin's inline adds them.
        set_up_regions(contest=contest)
        self.contest = contest
        self.secrets = {}
        for username, group, phone in (
            ("smoke-judge", JUDGES, "+8613712340021"),
            ("smoke-organizer", ORGANIZERS, "+8613712340022"),
        ):
            user = User.objects.create_user(
                username=username, password=PASSWORD, phone=phone, phone_verified=True, is_staff=group == ORGANIZERS
            )
            user.groups.add(Group.objects.get_or_create(name=group)[0])
            secret = generate_totp_secret()
            TOTP.activate(user, secret)
            self.secrets[username] = secret
        self.judge = JudgeProfile.objects.create(
            contest=contest, user=User.objects.get(username="smoke-judge"), name="评委", organisation="评审单位"
        )
        self.organizer = User.objects.get(username="smoke-organizer")
        client = ApiClient(name="冒烟渠道")
        self.api_token = client.set_new_token()
        client.save()

    # --- entrant ------------------------------------------------------------------------------

    def sign_up(self):
        from notifications.models import SmsMessage

        self.entrant = browser = self.browser()
        browser.get("/accounts/signup/")
        response = browser.submit("/accounts/signup/", {"phone": ENTRANT_PHONE, "password1": PASSWORD})
        assert response.url.endswith("/accounts/phone/verify/"), response.url
        sms = SmsMessage.objects.filter(phone="+86" + ENTRANT_PHONE).order_by("-pk").first()
        response = browser.submit("/accounts/phone/verify/", {"code": sms.params["code"]})
        assert "/accounts/" not in response.url, (response.url, parse(response.text).messages)
        wait_until(lambda: _sent(sms.pk), timeout=60, what="the sign-up code's SMS to be sent")
        self.step("signed up by phone with the SMS code")

    def create_entry(self):
        from registration.models import Entry

        browser = self.entrant
        response = browser.submit(
            "/register/profile/",
            {"kind": "individual", "name": "冒烟测试者", "organisation": "测试单位", "region": "shijiazhuang",
             "accept_rules": "on", "accept_privacy": "on"},
        )  # fmt: skip
        assert "/register/profile/" not in response.url, parse(response.text).messages
        response = browser.submit(
            "/register/entries/new/", {"track": str(self.track.pk), "title": "冒烟作品", "kind": "solution"}
        )
        assert "/edit/" in response.url, response.url
        self.entry_code = response.url.split("/register/entries/")[1].split("/")[0]
        texts = {
            name: f"{name} 的说明"
            for name in ("summary", "scenario", "problem", "data_used", "results", "self_introduction")
        }
        for step, values in (
            ("description", texts),
            ("prototype", {"keywords": "冒烟"}),
            ("consents", {"consent_original": "on", "consent_publicity": "on", "commits_to_events": "on"}),
        ):
            response = browser.submit(f"/register/entries/{self.entry_code}/edit/{step}/", values)
            assert response.ok, response.status_code
        entry = Entry.objects.get(code=self.entry_code)
        assert entry.consent_publicity, "the consents step did not save"
        assert entry.summary, "the description step did not save"
        self.step("profile and entry written through the forms")

    def tus(self):
        return TusClient(self.entrant, chunk_bytes=CHUNK_BYTES)

    def upload(self, path, kind, filetype, *, before_chunk=None, client=None):
        client = client or self.tus()
        location = client.create(path=path, entry=self.entry_code, kind=kind, filename=path.name, filetype=filetype)
        client.upload(location, path, before_chunk=before_chunk)
        return location, client

    def wait_checked(self, kind, *, timeout=300):
        from registration.models import EntryFile

        def done():
            row = EntryFile.objects.filter(entry__code=self.entry_code, kind=kind).order_by("-pk").first()
            return row if row and row.status not in (EntryFile.Status.PENDING, EntryFile.Status.CHECKING) else None

        row = wait_until(done, timeout=timeout, interval=0.5, what=f"the {kind} check")
        assert row.status == EntryFile.Status.ACCEPTED, (kind, row.status)
        status = self.entrant.get(f"/files/entries/{self.entry_code}/status").json()
        return row, status

    def submit(self):
        from notifications.models import SmsMessage

        response = self.entrant.post(f"/register/entries/{self.entry_code}/submit/", {})
        messages = parse(response.text).messages
        assert any("submitted" in message for message in messages), messages
        row = wait_until(
            lambda: (
                SmsMessage.objects.filter(phone="+86" + ENTRANT_PHONE)
                .exclude(purpose=SmsMessage.Purpose.VERIFICATION_CODE)
                .filter(status=SmsMessage.Status.SENT)
                .first()
            ),
            timeout=60,
            what="the confirmation SMS",
        )
        self.step(f"entry submitted; confirmation SMS sent from the outbox ({row.purpose})")

    # --- staff --------------------------------------------------------------------------------------

    def staff_browser(self, username):
        browser = self.browser()
        browser.get("/accounts/login/")
        response = browser.submit("/accounts/login/", {"login": username, "password": PASSWORD})
        assert response.url.endswith("/accounts/2fa/authenticate/"), (response.url, parse(response.text).messages)
        response = browser.submit("/accounts/2fa/authenticate/", {"code": totp_code(self.secrets[username])})
        assert "/accounts/" not in response.url, response.url
        return browser

    def open_round(self):
        """The organizer's schedule moves on: registration closes, the preliminary opens with its panel."""
        from django.utils import timezone

        from contest.models import Stage
        from judging.models import Round
        from judging.services import assign_judges, create_default_rounds, populate_round

        now = timezone.now()
        Stage.objects.filter(contest=self.contest, kind=Stage.Kind.REGISTRATION).update(
            ends_at=now - timedelta(seconds=1)
        )
        Stage.objects.filter(contest=self.contest, kind=Stage.Kind.PRELIMINARY).update(
            starts_at=now - timedelta(seconds=1), ends_at=now + timedelta(days=1)
        )
        create_default_rounds(contest=self.contest)
        round_ = Round.objects.get(stage__contest=self.contest, stage__kind=Stage.Kind.PRELIMINARY)
        Round.objects.filter(pk=round_.pk).update(judges_per_entry=1, advance_count=1)
        round_.refresh_from_db()
        round_.panel.add(self.judge)
        populate_round(round=round_, by=self.organizer)
        assign_judges(round=round_, by=self.organizer)
        self.round = round_

    def judge_scores(self):
        browser = self.staff_browser("smoke-judge")
        path = f"/judge/{self.round.code}/{self.entry_code}/"
        page = browser.get(path)
        assert page.status_code == 200, page.status_code
        fields = {name for form in parse(page.text).forms for name in form["fields"]}
        values = {name: "8" for name in fields if name.startswith("criterion_")}
        assert values, f"no score fields on {path}"
        response = browser.submit(path, {**values, "submit": "1"})
        assert any("submitted" in message for message in parse(response.text).messages), parse(response.text).messages
        self.step("the judge signed in with TOTP and submitted scores")

    def release_results(self):
        from registration.models import Entry

        browser = self.staff_browser("smoke-organizer")
        self.organizer_browser = browser
        response = browser.submit(f"/organize/judging/{self.round.code}/advance/", {f"advance_{self.entry_code}": "on"})
        assert any("Advancement decided" in m for m in parse(response.text).messages), parse(response.text).messages
        response = browser.post(f"/organize/judging/{self.round.code}/release/", {})
        assert any("Results released" in m for m in parse(response.text).messages), parse(response.text).messages
        assert Entry.objects.get(code=self.entry_code).round_reached == "reselection"
        self.step("the organizer decided advancement and released the results")

    # --- the public vote -----------------------------------------------------------------------------

    def open_vote(self):
        """The later rounds stand in: the entry reached the final; the public vote opens today."""
        from django.utils import timezone

        from contest.models import Stage
        from registration.models import Entry

        today = timezone.localdate()
        midnight = timezone.make_aware(timezone.datetime.combine(today, timezone.datetime.min.time()))
        now = timezone.now()
        Stage.objects.filter(contest=self.contest, kind=Stage.Kind.PRELIMINARY).update(
            ends_at=now - timedelta(seconds=1)
        )
        Stage.objects.filter(contest=self.contest, kind=Stage.Kind.PUBLIC_VOTE).update(
            starts_at=midnight - timedelta(days=1), ends_at=midnight + timedelta(days=2)
        )
        Entry.objects.filter(code=self.entry_code).update(round_reached="final")
        time.sleep(6)  # VOTE_CONTEXT_TTL: every process sees the new schedule

    def api(self, method, path, payload=None):
        browser = self.entrant
        return browser.session.request(
            method,
            browser.url(f"/api/vote/v1/{path}"),
            json=payload,
            headers={"Authorization": f"Bearer {self.api_token}"},
            timeout=30,
            verify=browser.session.verify,
        )

    def vote(self, phone):
        from notifications.models import SmsMessage

        finalists = self.api("GET", "finalists").json()["finalists"]
        code = finalists[0]["code"]
        response = self.api("POST", "codes", {"phone": phone})
        assert response.status_code == 202, (response.status_code, response.text)
        sms = SmsMessage.objects.filter(phone="+86" + phone).order_by("-pk").first()
        device = f"smoke-{phone}"
        response = self.api("POST", "verify", {"phone": phone, "code": sms.params["code"], "device_id": device})
        assert response.status_code == 200, (response.status_code, response.text)
        token = response.json()["voter_token"]
        response = self.api("POST", "votes", {"finalist": code, "voter_token": token, "device_id": device})
        assert response.status_code == 201, (response.status_code, response.text)
        return code

    def publish_counts(self):
        response = self.organizer_browser.post("/organize/voting/publish/", {"reason": "冒烟测试公布"})
        assert any("public" in m for m in parse(response.text).messages), parse(response.text).messages


def _sent(pk):
    from notifications.models import SmsMessage

    return SmsMessage.objects.filter(pk=pk, status=SmsMessage.Status.SENT).exists()
