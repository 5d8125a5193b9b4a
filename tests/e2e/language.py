"""One language per page: what a page shows besides the text its users typed.

A page in English shows no Chinese characters and a page in Chinese no Latin words, except in
text marked with another `lang` (foreign on purpose: the language switch names each language in
itself, the SMS is quoted as sent), the strings users typed (passed as `typed`), entry codes and
words that are the same in both languages.
"""

import re

# Words that are the same in both languages: units, file types, the entry code's alphabet.
NEUTRAL = re.compile(r"\b(PDF|PPTX?|MP4|MOV|WebM|AVI|MKV|MB|GB|KB|App|JSON|CSV|Excel|EXCEL|PNG|SVG|https?://\S+)\b")
ENTRY_CODE = re.compile(r"[A-Z0-9]{8}")
CJK = re.compile(r"[\u3400-\u9fff]+")
LATIN_WORD = re.compile(r"[A-Za-z]{3,}")

OWN_LANGUAGE_TEXT = (
    "(() => { const body = document.body.cloneNode(true); const own = document.documentElement.lang;"
    " body.querySelectorAll('[lang]').forEach((node) => {"
    " if (!node.lang.toLowerCase().startsWith(own.slice(0, 2))) node.remove(); });"
    " document.documentElement.append(body); const text = body.innerText; body.remove(); return text; })()"
)


def stray_text(page, language, typed=()):
    """The other language's words on the page, each with 20 characters of context either side.

    Typed text is taken out line by line: a page may lay out a long answer's paragraphs apart."""
    text = page.evaluate(OWN_LANGUAGE_TEXT)
    lines = {line.strip() for value in typed if value for line in str(value).splitlines()}
    # Longest first, so a typed string containing another is taken out whole.
    for line in sorted(lines - {""}, key=len, reverse=True):
        text = text.replace(line, " ")
    text = NEUTRAL.sub(" ", ENTRY_CODE.sub(" ", text))
    foreign = CJK if language == "en" else LATIN_WORD
    found = [text[max(0, m.start() - 20) : m.end() + 20].replace("\n", " ") for m in foreign.finditer(text)]
    return list(dict.fromkeys(found))


def assert_one_language(page, language, typed=()):
    stray = stray_text(page, language, typed)
    assert stray == [], f"{page.url} shows text foreign to {language}: {stray[:8]}"
