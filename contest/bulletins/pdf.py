"""A bulletin as a PDF: its stored body (charts included) and lead, through `documents.pdf`."""

from django.template.loader import render_to_string
from django.utils import translation

from documents.pdf import html_to_pdf


def bulletin_pdf(bulletin):
    """The PDF bytes of `bulletin` as it stands (draft or about to be published), in Chinese."""
    with translation.override("zh-hans"):
        html = render_to_string("bulletins/pdf.html", {"bulletin": bulletin, "contest": bulletin.contest})
    return html_to_pdf(html)
