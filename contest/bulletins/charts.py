"""The bulletin's charts as SVG drawn on the server, the same markup in the page and the PDF.

Hand-written like `voting/charts.py` rather than a chart library: a bulletin needs two simple
kinds (horizontal bars, a cumulative line); WeasyPrint draws inline SVG itself, so the PDF and
the page show identical charts with no JavaScript; and a library such as pygal would bring
its own styles and fonts to fight for a CJK face inside WeasyPrint, for ~100 lines saved.
Every text is escaped; the font is named so that WeasyPrint sets Chinese labels.
"""

from django.utils.html import escape

WIDTH = 640
FONT = 'font-family="Noto Sans CJK SC, sans-serif"'
BAR_COLOUR = "#11498f"
LINE_COLOUR = "#b4232a"
LABEL_WIDTH = 200
ROW = 22


def _number(value):
    return f"{value:,}" if isinstance(value, int) else str(value)


def bar_chart(chart):
    """Horizontal bars, one row per item, on one scale from zero to the largest value."""
    items = chart["items"]
    if not items:
        return ""
    peak = max((value for _label, value in items), default=0) or 1
    span = WIDTH - LABEL_WIDTH - 70
    height = ROW * len(items) + 6
    parts = [_open(height, chart["title"])]
    for index, (label, value) in enumerate(items):
        y = index * ROW + 4
        length = max(span * value / peak, 1 if value else 0)
        parts.append(
            f'<text x="{LABEL_WIDTH - 6}" y="{y + 13}" text-anchor="end" font-size="11" {FONT}>{escape(label)}</text>'
            f'<rect x="{LABEL_WIDTH}" y="{y + 2}" width="{length:.1f}" height="{ROW - 8}" fill="{BAR_COLOUR}"/>'
            f'<text x="{LABEL_WIDTH + length + 5:.1f}" y="{y + 13}" font-size="11" {FONT}>{_number(value)}</text>'
        )
    parts.append("</svg>")
    return "".join(parts)


def line_chart(chart):
    """A line through (label, value) points in order, with the first and last labels and the peak."""
    points = chart["points"]
    if not points:
        return ""
    height, top, bottom, left, right = 180, 16, 150, 50, WIDTH - 20
    peak = max(value for _label, value in points) or 1
    step = (right - left) / max(len(points) - 1, 1)
    coords = [(left + index * step, bottom - (bottom - top) * value / peak) for index, (_l, value) in enumerate(points)]
    path = " ".join(f"{x:.1f},{y:.1f}" for x, y in coords)
    first, last = points[0], points[-1]
    parts = [
        _open(height, chart["title"]),
        f'<line x1="{left}" y1="{bottom}" x2="{right}" y2="{bottom}" stroke="#9aa4b2" stroke-width="1"/>',
        f'<line x1="{left}" y1="{top}" x2="{left}" y2="{bottom}" stroke="#9aa4b2" stroke-width="1"/>',
        f'<text x="{left - 4}" y="{top + 4}" text-anchor="end" font-size="10" {FONT}>{_number(peak)}</text>',
        f'<text x="{left - 4}" y="{bottom}" text-anchor="end" font-size="10" {FONT}>0</text>',
        f'<polyline points="{path}" fill="none" stroke="{LINE_COLOUR}" stroke-width="2"/>',
        f'<text x="{left}" y="{bottom + 16}" font-size="10" {FONT}>{escape(first[0])}</text>',
        f'<text x="{right}" y="{bottom + 16}" text-anchor="end" font-size="10" {FONT}>'
        f"{escape(last[0])} · {_number(last[1])}</text>",
    ]
    if len(points) == 1:
        x, y = coords[0]
        parts.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="3" fill="{LINE_COLOUR}"/>')
    parts.append("</svg>")
    return "".join(parts)


def _open(height, title):
    return (
        f'<svg class="bulletin-chart" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {height}" '
        f'width="{WIDTH}" height="{height}" role="img"><title>{escape(title)}</title>'
    )


DRAWERS = {"bars": bar_chart, "line": line_chart}


def draw(chart):
    """SVG markup of one chart of a section (`registry.bars` or `registry.line`)."""
    return DRAWERS[chart["type"]](chart)
