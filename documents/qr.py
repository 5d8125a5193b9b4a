"""QR codes of public URLs: finalist pages on posters and in chat groups, certificate checks on
printed certificates. PNG through Pillow, SVG through qrcode's own path writer (small and sharp
at any size on a web page)."""

import base64
import io


def qr_png(url, *, box_size=10):
    import qrcode

    image = qrcode.make(url, box_size=box_size, border=2, error_correction=qrcode.constants.ERROR_CORRECT_M)
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return buffer.getvalue()


def qr_svg(url):
    import qrcode
    import qrcode.image.svg

    image = qrcode.make(
        url,
        image_factory=qrcode.image.svg.SvgPathFillImage,
        border=2,
        error_correction=qrcode.constants.ERROR_CORRECT_M,
    )
    return image.to_string(encoding="unicode").encode()


def qr_png_data_uri(url):
    """A small PNG QR code as a `data:` URI, for an <img> in HTML that WeasyPrint turns into a PDF.

    A PNG rather than the SVG: WeasyPrint parses an SVG path in Python, which made the QR code
    about a third of a certificate's rendering time. Four pixels a module are enough when the
    stylesheet asks for `image-rendering: pixelated`, which keeps the modules sharp in print.
    """
    return "data:image/png;base64," + base64.b64encode(qr_png(url, box_size=4)).decode("ascii")
