"""The one way Markdown becomes HTML in this project: rendered, then sanitised."""

from __future__ import annotations

import re
from functools import lru_cache

import markdown as markdown_lib
import nh3
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import Truncator

# Spelled out rather than "extra", which also brings attr_list (arbitrary attributes from
# the text) and md_in_html; whatever they let through, nh3 would strip, but there is no
# reason to produce it.
EXTENSIONS = [
    "abbr",
    "def_list",
    "fenced_code",
    "footnotes",
    "tables",
    "sane_lists",
    "smarty",
]

ALLOWED_TAGS = {
    "a", "abbr", "b", "blockquote", "br", "code", "dd", "del", "div", "dl", "dt", "em",
    "h2", "h3", "h4", "h5", "h6", "hr", "i", "ins", "li", "ol", "p", "pre", "q", "s",
    "small", "strong", "sub", "sup", "table", "tbody", "td", "tfoot", "th", "thead", "tr",
    "u", "ul",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title", "id"},
    "abbr": {"title"},
    "li": {"id"},
    "sup": {"id"},
    "ol": {"start"},
    "td": {"align", "colspan", "rowspan"},
    "th": {"align", "colspan", "rowspan", "scope"},
}
ALLOWED_URL_SCHEMES = {"http", "https", "mailto"}
# Only the classes footnotes need, so that text cannot borrow the site's own classes.
ALLOWED_CLASSES = {"div": {"footnote"}, "a": {"footnote-ref", "footnote-backref"}}


_SCHEME = re.compile(r"^([a-z][a-z0-9+.\-]*):")
_IGNORED_IN_URLS = re.compile(r"[\x00-\x20]+")


def _drop_disguised_schemes(element: str, attribute: str, value: str) -> str | None:
    """Drop a link whose scheme is only hidden by spaces or control characters.

    nh3 already refuses javascript: and data:; "java script:" is a harmless relative URL to
    browsers today, but a URL is dropped rather than trusted to stay harmless.
    """
    if attribute in ("href", "src"):
        scheme = _SCHEME.match(_IGNORED_IN_URLS.sub("", value).lower())
        if scheme and scheme.group(1) not in ALLOWED_URL_SCHEMES:
            return None
    return value


# nh3 serialises every attribute as name="value", with & and " escaped inside the value,
# and escapes every < in text: a < followed by a letter always starts a tag.
_START_TAG = re.compile(r'<[a-zA-Z][^\s/>]*(?:\s+[^\s=/>"]+(?:="[^"]*")?)*\s*/?>')
_ID = re.compile(r' id="([^"]*)"')
_FRAGMENT_LINK = re.compile(r' href="#([^"]*)"')


def _scoped_ids(html: str, prefix: str) -> str:
    """Each id becomes `<prefix>:<id>`, and so do the links to it within the text.

    A page shows many texts, each of which may have a footnote 1, and an editor may write
    an id the page itself uses (`main`, the skip link's target; a provision's slug). Page
    ids are slugs, without a colon, so a prefixed id can never equal one. Without a prefix
    the ids are dropped, with the links to them. An id repeated within the text is kept
    once. A link to an id that is not in the text (to another provision of the page) is
    left as it is.
    """
    tags = _START_TAG.findall(html)
    ids = {value for tag in tags for value in _ID.findall(tag)}
    if not ids:
        return html
    seen: set[str] = set()

    def scoped_id(match: re.Match) -> str:
        value = match[1]
        if not prefix or value in seen:
            return ""
        seen.add(value)
        return f' id="{prefix}:{value}"'

    def scoped_link(match: re.Match) -> str:
        value = match[1]
        if value not in ids:
            return match[0]
        return f' href="#{prefix}:{value}"' if prefix else ""

    def scoped_tag(match: re.Match) -> str:
        return _FRAGMENT_LINK.sub(scoped_link, _ID.sub(scoped_id, match[0]))

    return _START_TAG.sub(scoped_tag, html)


@lru_cache(maxsize=4096)
def _render(text: str, id_prefix: str) -> str:
    html = markdown_lib.markdown(text, extensions=EXTENSIONS, output_format="html")
    html = nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        clean_content_tags={"script", "style"},
        attributes=ALLOWED_ATTRIBUTES,
        allowed_classes=ALLOWED_CLASSES,
        attribute_filter=_drop_disguised_schemes,
        url_schemes=ALLOWED_URL_SCHEMES,
        link_rel="noopener noreferrer nofollow",
        strip_comments=True,
    )
    return _scoped_ids(html, id_prefix)


_PREFIX = re.compile(r"[^A-Za-z0-9_-]+")


def render_markdown(text: str, id_prefix: str = "") -> SafeString:
    """Render Markdown to HTML that is safe to put on a page.

    Whatever the input, the output holds no script, event handler, style, iframe, form,
    or javascript:/data: URL: nh3 keeps only the tags, attributes and URL schemes above.

    Ids in the text (footnotes, and those an editor writes) become `<id_prefix>:<id>`;
    give each text on a page its own prefix. Without one they are dropped.
    """
    prefix = _PREFIX.sub("-", str(id_prefix or ""))
    return mark_safe(_render(text or "", prefix))  # noqa: S308 - sanitised by nh3 just above


@lru_cache(maxsize=4096)
def _excerpt(text: str, words: int) -> str:
    return Truncator(_render(text, "")).words(words, html=True, truncate=" …")


def render_markdown_excerpt(text: str, words: int) -> SafeString:
    """The first `words` words of `render_markdown(text)`, its open tags closed (as Django's
    `truncatewords_html`, which cost a tenth of the matrix page when applied to each
    rationale at every request). Ids are dropped, as in `render_markdown` without a prefix."""
    return mark_safe(_excerpt(text or "", words))  # noqa: S308 - truncated nh3 output
