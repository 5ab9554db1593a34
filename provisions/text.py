"""Plain-text excerpts and highlighted search excerpts for list pages.

List pages show many provisions at once, so they never render Markdown: they show the text
with its Markdown syntax stripped, cut to a few dozen words (cached per text). Full texts
on provision and instrument pages go through lib.markdown.render_markdown.
"""

from __future__ import annotations

import re
from functools import lru_cache

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

from .search import MARK_START, MARK_STOP

EXCERPT_WORDS = 40

_MARKDOWN = [
    (re.compile(r"!?\[([^\]]*)\]\([^)]*\)"), r"\1"),  # links and images: keep their text
    (re.compile(r"\[([^\]]*)\]\[[^\]]*\]"), r"\1"),  # reference links
    (re.compile(r"</?[A-Za-z][^>\n]*>"), " "),  # raw HTML tags (not "a < b > c")
    (re.compile(r"^[ \t]{0,3}(?:#{1,6}|>|[-*+]|\d+[.)])[ \t]+", re.MULTILINE), ""),
    (re.compile(r"\*\*|__|[*`~]|(?<!\w)_|_(?!\w)"), ""),  # emphasis and code marks
    (re.compile(r"\s+"), " "),
]


@lru_cache(maxsize=8192)
def plain_text(markdown: str) -> str:
    """The text without Markdown syntax, on one line."""
    text = markdown or ""
    for pattern, replacement in _MARKDOWN:
        text = pattern.sub(replacement, text)
    return text.strip()


@lru_cache(maxsize=8192)
def excerpt(markdown: str, words: int = EXCERPT_WORDS) -> str:
    """The first `words` words of the plain text, with an ellipsis when cut."""
    parts = plain_text(markdown).split(" ")
    if len(parts) <= words:
        return " ".join(parts)
    return " ".join(parts[:words]) + " …"


@lru_cache(maxsize=8192)
def excerpt_around(markdown: str, phrase: str, words: int = EXCERPT_WORDS) -> str:
    """`words` words of the plain text from just before `phrase`, else from the start.

    A definition article defines several terms; each term's excerpt shows its own definition.
    """
    text = plain_text(markdown)
    at = text.lower().find(phrase.lower())
    if at < 0:
        return excerpt(markdown, words)
    before, rest = text[:at], text[at:]
    if before and not before[-1].isspace():  # the phrase starts inside a word, e.g. '"space'
        glued = before.split(" ")[-1]
        before, rest = before[: -len(glued)], glued + rest
    context = before.split()
    parts = context[-3:] + rest.split()
    cut = " ".join(parts[:words]) + (" …" if len(parts) > words else "")
    return ("… " if len(context) > 3 else "") + cut


def marked_excerpt(markdown: str, phrases: list[str], before: int = 60, after: int = 240) -> str:
    """A raw excerpt of the plain text around the first of `phrases`, every occurrence of
    each between MARK_START and MARK_STOP, for highlighted().

    Cut by characters, not words: Chinese puts no spaces between words. Matching ignores
    case; it is used for the texts in other languages, matched as substrings.
    """
    text = plain_text(markdown)
    lowered = text.lower()
    found = [at for at in (lowered.find(p.lower()) for p in phrases if p) if at >= 0]
    start = max(0, min(found) - before) if found else 0
    end = min(len(text), start + before + after)
    window = text[start:end]
    for phrase in sorted({p for p in phrases if p}, key=len, reverse=True):
        window = re.sub(
            re.escape(phrase), lambda m: f"{MARK_START}{m.group(0)}{MARK_STOP}", window,
            flags=re.IGNORECASE,
        )  # fmt: skip
    return ("… " if start else "") + window + (" …" if end < len(text) else "")


_MARKED = re.compile(f"{MARK_START}(.*?){MARK_STOP}", re.DOTALL)


def highlighted(raw: str) -> SafeString:
    """HTML for a raw search excerpt: text escaped, matches (and only they) in <mark>.

    `raw` comes from the database (ts_headline or FTS5 snippet) with matches between
    MARK_START and MARK_STOP; everything else in it is escaped by format_html.
    """
    text = plain_text(raw)
    pieces = _MARKED.split(text)  # plain, marked, plain, marked, ..., plain
    pairs = zip(pieces[0::2], pieces[1::2], strict=False)
    stray = str.maketrans("", "", MARK_START + MARK_STOP)
    return format_html(
        "{}{}",
        format_html_join(
            "",
            "{}<mark>{}</mark>",
            ((before.translate(stray), mark.translate(stray)) for before, mark in pairs),
        ),
        pieces[-1].translate(stray),
    )
