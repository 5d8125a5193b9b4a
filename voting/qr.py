"""QR codes of finalist pages, for posters and chat groups: PNG (Pillow) and SVG (qrcode's own)."""

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
