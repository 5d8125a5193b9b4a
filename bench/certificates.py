"""Certificates benchmark: render 500 certificates through the task, then stream them as one ZIP.

    .venv/bin/python bench/certificates.py [--certs 500] [--smoke]

Builds, in a throwaway SQLite database and media folder, a contest whose certificate template
names two issuing organisations and shows the English wording, and `--certs` confirmed awards
of teams of three. Then it times

* `issue_all_certificates` — the organizer's button: one row per award, each rendered after the
  commit by `awards.render_certificate` (eager here, so in this process, as a heavy worker
  would): WeasyPrint, the CJK subset, the QR code, the storage write (per_cert_ms);
* as a baseline in the same run, a one-line page in the same font through the same
  `documents.pdf.html_to_pdf` (baseline_ms), after a warm-up that loads WeasyPrint and the font;
* the organizers' ZIP view, consumed block by block as a browser would, with the growth of this
  process's peak RSS over its RSS before the download (zip_rss_growth_mb).

Both timings are CPU time of this process (tasks run eagerly in it): a machine shared with
other work stretches wall time, not CPU time; the wall times are printed above the last line.
It checks that every certificate is READY and that the archive holds each of them once.
Goal: ratio ≤ 3, kb_per_cert ≤ 150, zip_rss_growth_mb < 64. `--smoke` renders 4 certificates,
in a few seconds, so that the script is checked with the test suite.

Last line: certs=<n> per_cert_ms=<x> baseline_ms=<x> ratio=<x> kb_per_cert=<x> zip_rss_growth_mb=<x>
"""

import argparse
import sys
import tempfile
import time
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.lib.database import setup_django  # noqa: E402
from bench.lib.fixtures import entry_fields  # noqa: E402
from bench.lib.measure import reset_peak, status_kb  # noqa: E402

SMOKE_CERTS = 4
BASELINE_RUNS = 5
MEMBERS = ("张三丰", "李四光", "王五常")


def build(count):
    """A contest with `count` confirmed awards of three-member teams; return it and an organizer."""
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group
    from django.utils import timezone

    from accounts.roles import ORGANIZERS
    from awards.models import Award, AwardType, CertificateTemplate
    from contest.models import Contest, Track
    from registration.models import Entry

    contest = Contest.objects.create(
        name="第一届数据应用创新创业大赛",
        name_en="Data Application Contest",
        short_name="数创赛",
        slug="bench",
        is_current=True,
    )
    track = Track.objects.create(contest=contest, code="gov", name="数字支撑政务服务", order=1)
    award_type = AwardType.objects.create(
        contest=contest, name="一等奖", name_en="First Prize", scope="per_track", count=count, order=1
    )
    CertificateTemplate.objects.create(
        contest=contest,
        issuers="河北省数据应用创新大赛组委会\n河北省数据和政务服务局",
        wording_zh="经大赛评审委员会评定，荣获",
        wording_en="is awarded, by decision of the jury,",
        show_english=True,
    )
    organizer = get_user_model().objects.create(username="organizer", phone="+8613900000000", is_staff=True)
    organizer.groups.add(Group.objects.get_or_create(name=ORGANIZERS)[0])
    entries = Entry.objects.bulk_create(
        Entry(**entry_fields(entrant, track, f"智慧政务作品{n}", status="draft"))
        for n, entrant in enumerate(teams(contest, count))
    )
    Award.objects.bulk_create(
        Award(
            contest=contest,
            award_type=award_type,
            track=track,
            entry=entry,
            place=n + 1,
            status="confirmed",
            confirmed_at=timezone.now(),
        )
        for n, entry in enumerate(entries)
    )
    return contest, organizer


def teams(contest, count):
    """`count` teams of three members, registered with the rules and privacy notice accepted."""
    from django.contrib.auth import get_user_model
    from django.utils import timezone

    from registration.models import Entrant, TeamMember

    user_model = get_user_model()
    now = timezone.now()
    users = user_model.objects.bulk_create(
        user_model(username=f"entrant{n}", phone=f"+86138{n:08d}") for n in range(count)
    )
    entrants = Entrant.objects.bulk_create(
        Entrant(
            contest=contest,
            user=user,
            kind="team",
            name=f"数据创新团队{n}",
            region="shijiazhuang",
            accepted_rules_at=now,
            accepted_privacy_at=now,
        )
        for n, user in enumerate(users)
    )
    TeamMember.objects.bulk_create(
        TeamMember(
            entrant=entrant,
            contest=contest,
            position=position,
            is_leader=position == 1,
            name=name,
            phone=f"+86137{n:06d}{position:02d}",
            organisation="河北大学",
            role="开发",
        )
        for n, entrant in enumerate(entrants)
        for position, name in enumerate(MEMBERS, start=1)
    )
    return entrants


def baseline_ms():
    """A one-line page in the same font through the same function, after a warm-up."""
    from documents.pdf import html_to_pdf

    html_to_pdf("<p>预热</p>")
    started, cpu = time.perf_counter(), time.process_time()
    for _ in range(BASELINE_RUNS):
        html_to_pdf("<p>数据应用创新创业大赛荣誉证书</p>")
    wall_ms = (time.perf_counter() - started) / BASELINE_RUNS * 1000
    return wall_ms, (time.process_time() - cpu) / BASELINE_RUNS * 1000


def stream_zip_download(organizer, target):
    """The organizers' ZIP view, consumed block by block into `target` as a browser would;
    return the growth of the peak RSS in MB while it ran."""
    from django.test import RequestFactory

    from awards.views.organize_certificates import certificates_zip

    request = RequestFactory().get("/organize/awards/certificates.zip")
    request.user = organizer
    reset_peak("self")  # the peak RSS (VmHWM) starts again from now
    before_kb = status_kb("self", "VmRSS")
    # The gate (an organizer with TOTP) is the gates' tests' business; this measures the download.
    response = certificates_zip.__wrapped__(request)
    with target.open("wb") as sink:
        for block in response.streaming_content:
            sink.write(block)
    peak_kb = status_kb("self", "VmHWM")
    print(f"zip: RSS {before_kb / 1024:.1f} MB before the download, peak {peak_kb / 1024:.1f} MB during it")
    return (peak_kb - before_kb) / 1024


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--certs", type=int, default=500)
    parser.add_argument("--smoke", action="store_true", help=f"Tiny size ({SMOKE_CERTS} certificates).")
    args = parser.parse_args()
    if args.smoke:
        args.certs = SMOKE_CERTS

    with tempfile.TemporaryDirectory() as work:
        setup_django(f"sqlite:///{work}/bench.sqlite3", f"{work}/media")
        from awards.models import Certificate
        from awards.services import issue_all_certificates

        contest, organizer = build(args.certs)
        base_wall_ms, base_ms = baseline_ms()
        print(f"baseline: one-line page {base_wall_ms:.0f} ms wall, {base_ms:.0f} ms CPU")

        started, cpu = time.perf_counter(), time.process_time()
        issued = issue_all_certificates(contest=contest, by=organizer)  # renders after its commit
        elapsed, elapsed_cpu = time.perf_counter() - started, time.process_time() - cpu
        per_cert_ms = elapsed_cpu / args.certs * 1000
        print(
            f"issued and rendered {issued} certificates: {elapsed:.1f} s wall ({elapsed / args.certs * 1000:.0f} ms "
            f"each), {elapsed_cpu:.1f} s CPU"
        )
        certificates = list(Certificate.objects.for_contest(contest))
        statuses = {certificate.status for certificate in certificates}
        if len(certificates) != args.certs or statuses != {Certificate.Status.READY}:
            sys.exit(f"expected {args.certs} ready certificates, got {len(certificates)} in {statuses}")
        kb_per_cert = sum(certificate.file.size for certificate in certificates) / args.certs / 1024

        archive = Path(work) / "certificates.zip"
        growth_mb = stream_zip_download(organizer, archive)
        with zipfile.ZipFile(archive) as unzipped:
            codes = sorted(name.rsplit("-", 1)[1].removesuffix(".pdf") for name in unzipped.namelist())
        if codes != sorted(certificate.code for certificate in certificates):
            sys.exit("the archive does not hold every certificate once")
        print(f"zip: {archive.stat().st_size / 1024 / 1024:.1f} MB streamed")
        print(
            f"certs={args.certs} per_cert_ms={per_cert_ms:.0f} baseline_ms={base_ms:.0f} "
            f"ratio={per_cert_ms / base_ms:.2f} kb_per_cert={kb_per_cert:.0f} zip_rss_growth_mb={growth_mb:.1f}"
        )


if __name__ == "__main__":
    main()
