"""The full score sheet of a round in Excel: every judge's scores, totals, aggregates and ranks.

openpyxl is imported inside `documents.spreadsheets.new_workbook` and here for the header
font: it is heavy, and only this download needs it.
"""

from django.utils import timezone
from django.utils.translation import gettext as _

from documents.spreadsheets import add_sheet, excel_instant, new_workbook, sheet_title, workbook_bytes

from .models import AuditHead, Score
from .queries import round_criteria, round_sheets
from .ranking import ranking
from .services.common import number

# openpyxl's own format for a datetime cell, seconds included, as the score sheet always showed it.
DATE_FORMAT = "yyyy-mm-dd h:mm:ss"


def score_sheet_workbook(round_):
    """The .xlsx bytes: sheet "Scores" (entry × judge × criterion) and sheet "Ranking"."""
    from openpyxl.styles import Font

    criteria = round_criteria(round_)
    book = new_workbook()
    scores = add_sheet(book, _("Scores"), *score_rows(round_, criteria), date_format=DATE_FORMAT)
    ranked = add_sheet(book, _("Ranking"), *_ranking_rows(round_, criteria), date_format=DATE_FORMAT)
    _fill_about(book.create_sheet(sheet_title(_("How to read this file"))), round_)
    for worksheet in (scores, ranked):
        for cell in worksheet[1]:
            cell.font = Font(bold=True)
    return workbook_bytes(book)


def score_rows(round_, criteria=None):
    """Header and rows of the "Scores" sheet (also the CSV): entry, judge, status, each criterion's
    score, the weighted total, one row per sheet."""
    criteria = round_criteria(round_) if criteria is None else criteria
    sheets = list(round_sheets(round_).select_related("entry__entrant"))
    values = {}
    for assignment_id, criterion_id, value in Score.objects.filter(assignment__round=round_).values_list(
        "assignment_id", "criterion_id", "value"
    ):
        values[(assignment_id, criterion_id)] = value
    header = [
        _("Entry code"),
        _("Display name"),
        _("Track"),
        _("Judge"),
        _("Status"),
        *[f"{c.tr('name')} ({number(c.weight)}%)" for c in criteria],
        _("Weighted total"),
        _("Recused"),
        _("Submitted at"),
    ]
    rows = [
        [
            sheet.entry.code,
            sheet.entry.display_name,
            sheet.entry.track.tr("name"),
            sheet.judge.name,
            sheet.get_status_display(),
            *[values.get((sheet.pk, c.pk)) for c in criteria],
            sheet.total,
            _("yes") if sheet.recused_at else "",
            excel_instant(sheet.submitted_at),
        ]
        for sheet in sheets
    ]
    return header, rows


def _ranking_rows(round_, criteria):
    """Header and rows of the "Ranking" sheet: one row per entry, by track and rank, as the ranking
    page shows it."""
    header = [
        _("Track"),
        _("Rank"),
        _("Tied"),
        _("Entry code"),
        _("Display name"),
        _("Aggregate"),
        _("Scores"),
        _("Spread"),
        _("Judges disagree"),
        *[_("Mean: %(criterion)s") % {"criterion": c.tr("name")} for c in criteria],
        _("Advances by the rule"),
    ]
    rows = [
        [
            track.track.tr("name"),
            row.rank,
            _("yes") if row.tied else "",
            row.entry.code,
            row.entry.display_name,
            round(row.aggregate, 3) if row.aggregate is not None else None,
            row.count,
            round(row.spread, 3) if row.spread is not None else None,
            _("yes") if row.disagreement else "",
            *[
                round(row.criterion_means[c.pk], 3) if row.criterion_means.get(c.pk) is not None else None
                for c in criteria
            ],
            "" if row.rule_advances is None else (_("yes") if row.rule_advances else _("no")),
        ]
        for track in ranking(round_)
        for row in track.rows
    ]
    return header, rows


def _fill_about(about, round_):
    """What the file was made from: the round, the instant, the aggregation, the judging log's head."""
    head = AuditHead.objects.filter(pk=1).first()
    about.append([_("Round"), str(round_)])
    about.append([_("Exported at"), excel_instant(timezone.now())])
    about.append([_("Aggregation"), round_.get_aggregation_display()])
    about.append([_("Judging log head"), f"#{head.seq} {head.hash}" if head else ""])
