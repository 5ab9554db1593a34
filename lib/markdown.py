"""The one way Markdown becomes HTML in this project: rendered, then sanitised."""

from __future__ import annotations

import re
from functools import lru_cache

import markdown as markdown_lib
import nh3
from django.utils.safestring import SafeString, mark_safe

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


@lru_cache(maxsize=4096)
def _render(text: str) -> str:
    html = markdown_lib.markdown(text, extensions=EXTENSIONS, output_format="html")
    return nh3.clean(
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


def render_markdown(text: str) -> SafeString:
    """Render Markdown to HTML that is safe to put on a page.

    Whatever the input, the output holds no script, event handler, style, iframe, form,
    or javascript:/data: URL: nh3 keeps only the tags, attributes and URL schemes above.
    """
    return mark_safe(_render(text or ""))  # noqa: S308 - sanitised by nh3 just above
