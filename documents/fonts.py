"""A compact copy of the CJK font for PDFs: the Noto Sans CJK SC glyphs of GB 2312 and Latin.

WeasyPrint embeds a subset of each font, but it keeps the font's glyph numbering, so the
subset of Noto Sans CJK (65,000 glyphs) still carries metrics and an empty outline slot for
every glyph below the highest one used: ~150 KB per certificate whatever its text. Rendering
with a font that holds only the ~8,000 characters of GB 2312 (every common Chinese character,
the Chinese punctuation) and Latin numbers its glyphs densely, and the embedded subset falls
to ~60 KB. A character outside it (a rare one in a name) still prints: the stylesheet names
the full system font next, and WeasyPrint embeds a subset of that one too.

Building the compact fonts takes fontTools ~15 s per weight, so they are built once into
`settings.PDF_FONT_DIR` (by `python -m documents.fonts`, which `make run`, `make test` and the
Docker image call) and reused by every process; a process that finds them missing builds them
itself.
"""

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from django.conf import settings

FAMILY = "Noto Sans CJK SC"
COMPACT_FAMILY = "Noto Sans CJK SC Common"
WEIGHTS = {400: "Regular", 700: "Bold"}

# Latin with accents (pinyin and English wording), general punctuation, CJK punctuation and
# the full-width forms; GB 2312 adds the rest.
_RANGES = ((0x20, 0x7F), (0xA0, 0x250), (0x2000, 0x2070), (0x2100, 0x2190), (0x3000, 0x3040), (0xFF00, 0xFFF0))


def _characters():
    codepoints = {point for start, end in _RANGES for point in range(start, end)}
    for high in range(0xA1, 0xF8):
        for low in range(0xA1, 0xFF):
            try:
                codepoints.add(ord(bytes((high, low)).decode("gb2312")))
            except UnicodeDecodeError:
                continue  # an unassigned cell of the GB 2312 table
    return codepoints


def _system_font(style):
    """(path, index in the collection) of the installed face, as fontconfig resolves it."""
    fc_match = shutil.which("fc-match")
    if fc_match is None:
        raise OSError("fc-match (fontconfig) is not installed")
    found = subprocess.run(  # noqa: S603 - fixed arguments, no user input
        [fc_match, "-f", "%{file}|%{index}", f"{FAMILY}:style={style}"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    path, index = found.rsplit("|", 1)
    return path, int(index)


def _build(style, target):
    from fontTools import subset
    from fontTools.ttLib import TTFont

    path, index = _system_font(style)
    font = TTFont(path, fontNumber=index, lazy=True)
    options = subset.Options()
    options.name_IDs = ["*"]
    options.hinting = False  # WeasyPrint drops hinting when it embeds; it only slows shaping
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=_characters())
    subsetter.subset(font)
    target.parent.mkdir(parents=True, exist_ok=True)
    # Written beside the target and renamed: a concurrent process sees the whole file or none.
    with tempfile.NamedTemporaryFile(dir=target.parent, suffix=".tmp", delete=False) as partial:
        font.save(partial)
    os.replace(partial.name, target)


def compact_fonts():
    """{weight: path} of the compact fonts, built first if missing; {} without the system font."""
    folder = Path(settings.PDF_FONT_DIR)
    paths = {}
    for weight, style in WEIGHTS.items():
        target = folder / f"NotoSansCJKsc-{style}-GB2312.otf"
        if not target.exists():
            try:
                _build(style, target)
            except (OSError, subprocess.CalledProcessError, ValueError):
                return {}  # no fontconfig or no Noto CJK: the stylesheet's system fallback applies
        paths[weight] = target
    return paths


def font_face_css():
    """@font-face rules declaring the compact fonts under COMPACT_FAMILY."""
    return "".join(
        f'@font-face {{ font-family: "{COMPACT_FAMILY}"; font-weight: {weight}; src: url("{path.as_uri()}"); }}\n'
        for weight, path in compact_fonts().items()
    )


if __name__ == "__main__":
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    django.setup()
    for built in compact_fonts().values():
        print(f"PDF font: {built}")  # noqa: T201 - a build step's one line of output
