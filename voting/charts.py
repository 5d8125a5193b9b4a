"""Votes per hour per finalist as an inline SVG, drawn on the server (no chart library in the browser).

One row per finalist on one shared scale, so a finalist whose votes jump stands out against
the others; each hour's bar stacks valid, flagged and invalid votes.
"""

from django.utils import timezone
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

WIDTH = 720
LABEL_HEIGHT = 16
BAR_HEIGHT = 30
ROW_GAP = 10
AXIS_HEIGHT = 22
COLOURS = {"valid": "#11498f", "flagged": "#d97706", "invalid": "#9aa4b2"}


def hourly_chart(series, rows, *, title):
    """SVG markup for `series` (queries.HourlySeries); `rows` are (entry id, label) in display order."""
    hours = series.hours
    if not hours:
        return ""
    peak = max((sum(values) for per_hour in series.series.values() for values in per_hour), default=0) or 1
    step = WIDTH / len(hours)
    row_height = LABEL_HEIGHT + BAR_HEIGHT + ROW_GAP
    height = row_height * len(rows) + AXIS_HEIGHT
    parts = [
        f'<svg class="vote-chart" viewBox="0 0 {WIDTH} {height}" role="img" aria-labelledby="vote-chart-title" '
        f'xmlns="http://www.w3.org/2000/svg" preserveAspectRatio="none">',
        f'<title id="vote-chart-title">{escape(title)}</title>',
    ]
    empty = [(0, 0, 0)] * len(hours)
    for row, (entry_id, label) in enumerate(rows):
        top = row * row_height
        base = top + LABEL_HEIGHT + BAR_HEIGHT
        per_hour = series.series.get(entry_id, empty)
        total = sum(sum(values) for values in per_hour)
        parts.append(
            f'<text x="0" y="{top + 12}" class="vote-chart__label">{escape(label)} · {total}</text>'
            f'<line x1="0" x2="{WIDTH}" y1="{base}" y2="{base}" class="vote-chart__base"/>'
        )
        for index, (valid, flagged, invalid) in enumerate(per_hour):
            if not valid + flagged + invalid:
                continue
            x = index * step
            y = base
            tip = _("%(hour)s: %(valid)d valid, %(flagged)d flagged, %(invalid)d invalid") % {
                "hour": timezone.localtime(hours[index]).strftime("%m-%d %H:00"),
                "valid": valid,
                "flagged": flagged,
                "invalid": invalid,
            }
            parts.append("<g>")
            parts.append(f"<title>{escape(tip)}</title>")
            for kind, n in (("valid", valid), ("flagged", flagged), ("invalid", invalid)):
                if not n:
                    continue
                h = max(1.0, BAR_HEIGHT * n / peak)
                y -= h
                parts.append(
                    f'<rect x="{x:.2f}" y="{y:.2f}" width="{max(step - 1, 1):.2f}" height="{h:.2f}" '
                    f'fill="{COLOURS[kind]}" class="vote-chart__{kind}"/>'
                )
            parts.append("</g>")
    axis_y = row_height * len(rows) + 14
    every = max(1, len(hours) // 6)
    for index in range(0, len(hours), every):
        parts.append(
            f'<text x="{index * step:.2f}" y="{axis_y}" class="vote-chart__axis">'
            f"{timezone.localtime(hours[index]).strftime('%m-%d %H:00')}</text>"
        )
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 - every interpolated text is escaped above
