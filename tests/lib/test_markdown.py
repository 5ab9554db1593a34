"""The one Markdown renderer: cross-site-scripting vectors go, treaty formatting stays."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest

from lib.markdown import EXTENSIONS, render_markdown, render_markdown_excerpt

# Each vector must lose everything that could run script, load a frame or post a form.
VECTORS = [
    "<script>alert(1)</script>",
    "<SCRIPT SRC=//evil.example/x.js></SCRIPT>",
    "<scr<script>ipt>alert(1)</script>",
    '<img src=x onerror="alert(1)">',
    "<img src=x onerror=alert(1)//",
    "<svg onload=alert(1)>",
    "<svg><script>alert(1)</script></svg>",
    "<body onload=alert(1)>",
    '<div onmouseover="alert(1)">hover</div>',
    '<p style="background:url(javascript:alert(1))">styled</p>',
    '<a href="#" style="position:fixed;top:0">cover</a>',
    "[x](javascript:alert(1))",
    "[x](JaVaScRiPt:alert(1))",
    "[x](&#106;avascript:alert(1))",
    "[x](&#x6A;avascript:alert(1))",
    "[x](java\tscript:alert(1))",
    "[x]( javascript:alert(1))",
    "[x][ref]\n\n[ref]: javascript:alert(1)",
    "<javascript:alert(1)>",
    '<a href="javascript:alert(1)">html link</a>',
    '<a href="JAVASCRIPT:alert(1)">upper</a>',
    '<a href="&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;:alert(1)">entities</a>',
    '<a href="data:text/html,<script>alert(1)</script>">data</a>',
    "[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    '<a href="vbscript:msgbox(1)">vb</a>',
    "![img](javascript:alert(1))",
    '<iframe src="https://evil.example"></iframe>',
    '<form action="https://evil.example"><input name="q"><button>Go</button></form>',
    '<object data="x.swf"></object><embed src="x.swf">',
    '<meta http-equiv="refresh" content="0;url=https://evil.example">',
    '<link rel="stylesheet" href="https://evil.example/x.css">',
    "<style>body{display:none}</style>",
    "<a href='x' onclick='alert(1)'>unclosed <b onmouseover=alert(1)>bold",
    "<img src=x onerror=alert(1) <b>",
    "<details open ontoggle=alert(1)>",
    '<math><mtext><table><mglyph><style><img src=x onerror="alert(1)">',
    "<!--<img src=x onerror=alert(1)>-->",
    '<a href="https://ok.example" target="_blank" id="x" class="skip-link">ok</a>',
]

FORBIDDEN_TAGS = {
    "script", "iframe", "frame", "form", "input", "button", "textarea", "object", "embed",
    "meta", "link", "style", "svg", "math", "img", "body", "details", "base",
}  # fmt: skip
# Stricter than a browser: a scheme counts even when spaces or control characters hide it.
SCHEME = re.compile(r"^([a-z][a-z0-9+.\-]*):")


def unsafe_url(value: str) -> bool:
    scheme = SCHEME.match(re.sub(r"[\x00-\x20]+", "", value).lower())
    return bool(scheme) and scheme.group(1) not in ("http", "https", "mailto")


class Elements(HTMLParser):
    """Every element of the output with its attributes, as a browser would parse it."""

    def __init__(self, html: str) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[tuple[str, dict[str, str]]] = []
        self.feed(html)
        self.close()

    def handle_starttag(self, tag: str, attrs: list) -> None:
        self.found.append((tag, {name: value or "" for name, value in attrs}))


def dangers(html: str) -> list[str]:
    problems = []
    for tag, attrs in Elements(html).found:
        if tag in FORBIDDEN_TAGS:
            problems.append(f"<{tag}>")
        for name, value in attrs.items():
            if name.startswith("on") or name in ("style", "target", "srcdoc", "formaction"):
                problems.append(f"{tag}[{name}]")
            if name in ("href", "src", "action", "xlink:href") and unsafe_url(value):
                problems.append(f"{tag}[{name}={value!r}]")
    return problems


@pytest.mark.parametrize("vector", VECTORS)
def test_no_script_handler_url_style_frame_or_form_survives(vector):
    html = str(render_markdown(vector))
    assert dangers(html) == [], html
    assert "<script" not in html.lower()


def test_the_danger_check_itself_finds_what_it_looks_for():
    found = dangers(
        '<img src=x onerror=alert(1)><a href="javascript:x" style="x">a</a><iframe></iframe>'
    )
    assert found == ["<img>", "img[onerror]", "a[href='javascript:x']", "a[style]", "<iframe>"]


@pytest.mark.parametrize(
    "text",
    ["[x](https://example.org)", '<a href="https://example.org">x</a>', "<https://example.org>"],
)
def test_links_keep_their_address_and_get_a_safe_rel(text):
    html = str(render_markdown(text))
    assert 'href="https://example.org"' in html
    assert 'rel="noopener noreferrer nofollow"' in html


def test_a_link_cannot_borrow_the_sites_own_classes():
    html = str(render_markdown('<a href="https://ok.example" class="skip-link">ok</a>'))
    assert "skip-link" not in html


def test_escaped_markup_in_text_stays_text():
    html = str(render_markdown("Use `<script>` tags & 1 < 2"))
    assert "<code>&lt;script&gt;</code>" in html
    assert "&amp;" in html and "&lt; 2" in html


def test_the_extension_list_is_explicit_and_leaves_out_attribute_lists():
    assert "extra" not in EXTENSIONS and "attr_list" not in EXTENSIONS
    html = str(render_markdown("Paragraph {: onclick=alert(1) style=color:red }"))
    assert "onclick" not in html.replace("onclick=alert(1)", "")  # left as text at most
    assert "<p " not in html


def test_paragraphs_emphasis_and_lettered_subparagraphs_survive():
    text = (
        "States Parties *undertake* not to place **any** objects.\n\n"
        "(a) in orbit;\n\n(b) on celestial bodies."
    )
    html = str(render_markdown(text))
    assert "<em>undertake</em>" in html and "<strong>any</strong>" in html
    assert "<p>(a) in orbit;</p>" in html and "<p>(b) on celestial bodies.</p>" in html


def test_ordered_lists_keep_their_numbering():
    html = str(render_markdown("3. Third paragraph.\n4. Fourth paragraph."))
    assert '<ol start="3">' in html
    assert html.count("<li>") == 2


def test_tables_survive_with_their_cells():
    html = str(render_markdown("| Level | Meaning |\n|---|---|\n| prohibits | forbids |"))
    assert "<table>" in html and "<th>Level</th>" in html and "<td>forbids</td>" in html


def test_footnotes_survive_with_their_links_and_back_links_under_the_prefix():
    html = str(render_markdown("As agreed.[^1]\n\n[^1]: CD/1839, para. 3.", id_prefix="art-1"))
    assert 'href="#art-1:fn:1"' in html and 'id="art-1:fn:1"' in html
    assert 'class="footnote"' in html and "CD/1839, para. 3." in html
    assert 'href="#art-1:fnref:1"' in html and 'id="art-1:fnref:1"' in html


def test_without_a_prefix_ids_and_the_links_to_them_are_dropped():
    html = str(render_markdown('As agreed.[^1] <a id="main">x</a>\n\n[^1]: CD/1839.'))
    assert " id=" not in html and 'href="#' not in html
    assert "CD/1839." in html and ">1</a></sup>" in html


def test_an_id_an_editor_writes_gets_the_prefix():
    html = str(render_markdown('<a id="main">anchor</a>', id_prefix="art-1"))
    assert 'id="art-1:main"' in html and 'id="main"' not in html


def test_an_id_repeated_within_one_text_is_kept_once():
    html = str(render_markdown('<a id="x">one</a> <a id="x">two</a>', id_prefix="p"))
    assert html.count('id="p:x"') == 1


def test_a_link_to_another_part_of_the_page_is_left_alone():
    html = str(render_markdown("See [Article IV](#art-4).", id_prefix="art-1"))
    assert 'href="#art-4"' in html


def test_id_like_text_in_code_is_not_rewritten():
    html = str(render_markdown('Write `<a id="x">` and <a id="x">this</a>.', id_prefix="p"))
    assert '&lt;a id="x"&gt;' in html and 'id="p:x"' in html


def test_the_prefix_cannot_break_out_of_the_attribute():
    html = str(render_markdown("Note.[^1]\n\n[^1]: Text.", id_prefix='"><script>'))
    assert "<script>" not in html and 'id="-script-:fn:1"' in html


def test_the_filter_prefixes_ids_with_a_string_or_with_a_row():
    from django.template import Context, Template

    from instruments.models import Instrument

    template = Template('{% load markdown %}{{ text|markdown:"summary" }}|{{ text|markdown:row }}')
    html = template.render(Context({"text": "Note.[^1]\n\n[^1]: Text.", "row": Instrument(pk=7)}))
    assert 'id="summary:fn:1"' in html and 'id="instrument-7:fn:1"' in html


def test_empty_and_missing_text_render_as_nothing():
    assert render_markdown("") == ""
    assert render_markdown(None) == ""


def test_an_excerpt_is_what_the_template_filters_would_give_and_stays_sanitised():
    from django.template import Context, Template

    text = "**Shall not** place " + " ".join(f"word{n}" for n in range(80)) + " <script>x</script>"
    template = Template(
        "{% load markdown %}{{ text|markdown|truncatewords_html:60 }}|"
        "{{ text|markdown_excerpt:60 }}"
    )
    expected, excerpt = template.render(Context({"text": text})).split("|")
    assert excerpt == expected and excerpt.endswith("…</p>")
    assert "<strong>Shall not</strong>" in excerpt and "word56" in excerpt
    assert "word57" not in excerpt and "<script" not in excerpt
    assert dangers(str(render_markdown_excerpt(VECTORS[3] + " " + text, 60))) == []
