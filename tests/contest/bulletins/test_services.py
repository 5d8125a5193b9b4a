"""Building, publishing and the immutability of a published bulletin; its PDF's text and fonts."""

import shutil
import subprocess

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from contest.bulletins.models import Bulletin
from contest.bulletins.services import build_bulletin, publish_bulletin, write_lead
from tests.factories import EntrantFactory, EntryFactory


@pytest.fixture
def entries(contest, tracks):
    from django.utils import timezone

    now = timezone.now()
    return [
        EntryFactory(
            entrant=EntrantFactory(contest=contest),
            track=tracks[n % 2],
            status="submitted",
            first_submitted_at=now,
            submitted_at=now,
        )
        for n in range(3)
    ]


def test_build_makes_a_numbered_draft_with_pdf(registration, entries, organizer):
    bulletin = build_bulletin(stage=registration, by=organizer)

    assert (bulletin.number, bulletin.version, bulletin.status) == (1, 1, "draft")
    assert bulletin.figures[0]["key"] == "registration"
    assert "<svg" in bulletin.body_html
    assert bulletin.pdf.read(5) == b"%PDF-"


def test_building_a_draft_again_refreshes_it(registration, entries, organizer):
    first = build_bulletin(stage=registration, by=organizer)
    write_lead(bulletin=first, lead="导语。")

    again = build_bulletin(stage=registration, by=organizer)

    assert again.pk == first.pk
    assert Bulletin.objects.get(pk=first.pk).lead == "导语。"
    assert Bulletin.objects.count() == 1


def test_a_published_bulletin_is_immutable_and_a_rebuild_makes_version_2(registration, entries, organizer):
    draft = build_bulletin(stage=registration, by=organizer)
    published = publish_bulletin(bulletin=draft, by=organizer, lead="报名阶段顺利结束。")
    before = Bulletin.objects.values().get(pk=published.pk)

    with pytest.raises(ValidationError):
        write_lead(bulletin=published, lead="改写")
    with pytest.raises(ValidationError):
        publish_bulletin(bulletin=published, by=organizer, lead="再次发布")
    # The database itself refuses, whatever the code path.
    with pytest.raises(IntegrityError), transaction.atomic():
        Bulletin.objects.filter(pk=published.pk).update(lead="改写")

    rebuilt = build_bulletin(stage=registration, by=organizer)

    assert (rebuilt.number, rebuilt.version, rebuilt.status) == (1, 2, "draft")
    assert Bulletin.objects.values().get(pk=published.pk) == before


def test_publishing_needs_a_lead(registration, entries, organizer):
    draft = build_bulletin(stage=registration, by=organizer)

    with pytest.raises(ValidationError):
        publish_bulletin(bulletin=draft, by=organizer)
    assert Bulletin.objects.get(pk=draft.pk).status == "draft"


def test_the_next_stage_gets_the_next_issue_number(contest, registration, entries, organizer):
    build_bulletin(stage=registration, by=organizer)
    launch = contest.stages.create(
        kind="launch", starts_at=registration.starts_at.replace(year=2000), ends_at=registration.starts_at
    )

    assert build_bulletin(stage=launch, by=organizer).number == 2


def test_pdf_text_holds_the_figures_and_its_fonts_are_embedded_subsets(registration, entries, organizer, tmp_path):
    bulletin = publish_bulletin(
        bulletin=build_bulletin(stage=registration, by=organizer), by=organizer, lead="报名阶段顺利结束。"
    )
    path = tmp_path / "bulletin.pdf"
    path.write_bytes(bulletin.pdf.open("rb").read())

    text = subprocess.run(
        [shutil.which("pdftotext"), "-layout", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
    fonts = subprocess.run([shutil.which("pdffonts"), str(path)], capture_output=True, text=True, check=True).stdout

    assert "工作简报" in text
    assert "报名阶段顺利结束。" in text
    assert "数字支撑政务服务" in text
    # The track table: 2 entries submitted in the first track, 1 in the second.
    rows = [line.split() for line in text.splitlines() if "数字" in line]
    assert ["数字支撑政务服务", "2", "0"] in rows
    assert ["数字赋能经济发展", "1", "0"] in rows
    font_rows = [line.split() for line in fonts.splitlines()[2:]]
    assert font_rows
    assert any("+Noto-Sans-CJK" in row[0] for row in font_rows)
    # name ABCDEF+Font (subset), "emb" and "sub" columns both yes for every font
    for row in font_rows:
        assert "+" in row[0], row
        assert row[-5:-3] == ["yes", "yes"], row
