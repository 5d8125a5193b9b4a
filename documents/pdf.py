"""HTML to PDF with WeasyPrint, Chinese set in Noto Sans CJK and embedded as a subset.

Every PDF the portal generates (certificates, work bulletins) goes through `html_to_pdf`, so
the font rules live in one place:
- the CJK font is named in a base stylesheet placed before the document's own styles: a page
  that names no font still gets Chinese glyphs instead of the empty boxes WeasyPrint draws
  silently when fontconfig finds no CJK face;
- WeasyPrint embeds only the glyphs a document uses (a subset of the ~20 MB font). With
  HarfBuzz's subsetter (libharfbuzz-subset0) that takes ~0.1 s per page; without it, ~6 s;
- the family named first is the compact GB 2312 copy of the font (`documents.fonts`), which
  makes the embedded subset less than half as large; the full system font follows it for
  characters outside GB 2312.

WeasyPrint is imported inside the functions: importing it costs a second and most processes
(web workers, the SMS worker) never render a PDF.
"""

import base64
import mimetypes
import uuid

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

from documents import fonts

FAMILIES = f'"{fonts.COMPACT_FAMILY}", "{fonts.FAMILY}", "Noto Sans CJK", sans-serif'


def base_css():
    return f"{fonts.font_face_css()}html {{ font-family: {FAMILIES}; }}\n"


def html_to_pdf(html, *, base_url=None):
    """The PDF bytes of an HTML document (its page size and margins come from its own @page)."""
    import weasyprint
    from weasyprint.text.fonts import FontConfiguration

    font_config = FontConfiguration()
    base = weasyprint.CSS(string=base_css(), font_config=font_config)
    document = weasyprint.HTML(string=html, base_url=base_url)
    # full_fonts=False (the default, said here because it is the point): embed subsets only.
    return document.write_pdf(stylesheets=[base], font_config=font_config, full_fonts=False)


def store_pdf(pdf, *, folder, storage=None):
    """Write PDF bytes to (private) storage under a random name in `folder`; return the name."""
    storage = storage or default_storage
    return storage.save(f"{folder.rstrip('/')}/{uuid.uuid4().hex}.pdf", ContentFile(pdf))


def image_data_uri(field_file):
    """A stored image as a `data:` URI, so that WeasyPrint needs no URL to private storage."""
    if not field_file:
        return ""
    content_type = mimetypes.guess_type(field_file.name)[0] or "application/octet-stream"
    with field_file.open("rb") as stream:
        data = stream.read()
    return f"data:{content_type};base64,{base64.b64encode(data).decode('ascii')}"
