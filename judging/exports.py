"""The full score sheet of a round in Excel: every judge's scores, totals, aggregates and ranks.

openpyxl is imported inside the function: it is heavy, and only this download needs it.
"""

from django.utils import timezone
from django.utils.translation import gettext as _

from documents.spreadsheets import keep_text_as_text, sheet_title, workbook_bytes

from .models import AuditHead, Score
from .queries import round_criteria, round_sheets
from .ranking import ranking
from .services.common import number


def score_sheet_workbook(round_):
    """The .xlsx bytes: sheet "Scores" (entry × judge × criterion) and sheet "Ranking"."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    criteria = round_criteria(round_)
    book = Workbook()
    scores = book.active
    scores.title = sheet_title(_("Scores"))
    _fill_scores(scores, round_, criteria)
    ranked = book.create_sheet(sheet_title(_("Ranking")))
    _fill_ranking(ranked, round_, criteria)
    _fill_about(book.create_sheet(sheet_title(_("How to read this file"))), round_)
    for worksheet in (scores, ranked):
        keep_text_as_text(worksheet)
        for cell in worksheet[1]:
            cell.font = Font(bold=True)
        worksheet.freeze_panes = "A2"
    return workbook_bytes(book)


def _fill_scores(scores, round_, criteria):
    header, rows = score_rows(round_, criteria)
    scores.append(header)
    for row in rows:
        scores.append(row)


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
            timezone.localtime(sheet.submitted_at).replace(tzinfo=None) if sheet.submitted_at else None,
        ]
        for sheet in sheets
    ]
    return header, rows


def _fill_ranking(ranked, round_, criteria):
    """One row per entry, by track and rank, as the ranking page shows it."""
    ranked.append(
        [
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
    )
    for track in ranking(round_):
        for row in track.rows:
            ranked.append(
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
            )


def _fill_about(about, round_):
    """What the file was made from: the round, the instant, the aggregation, the judging log's head."""
    head = AuditHead.objects.filter(pk=1).first()
    about.append([_("Round"), str(round_)])
    about.append([_("Exported at"), timezone.localtime().replace(tzinfo=None)])
    about.append([_("Aggregation"), round_.get_aggregation_display()])
    about.append([_("Judging log head"), f"#{head.seq} {head.hash}" if head else ""])
