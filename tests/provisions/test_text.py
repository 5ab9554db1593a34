"""Plain-text excerpts and highlighted search excerpts."""

from __future__ import annotations

from provisions.search import MARK_START, MARK_STOP
from provisions.text import excerpt, excerpt_around, highlighted, plain_text


def test_plain_text_strips_markdown_but_keeps_the_words():
    markdown = (
        "## Heading\n\n1. **Bold** and *em* `code`, [a link](https://x.org) <b>tag</b>\n> quoted"
    )
    assert plain_text(markdown) == "Heading Bold and em code, a link tag quoted"


def test_plain_text_keeps_comparisons_that_look_like_tags():
    assert plain_text("if a < b and c > d") == "if a < b and c > d"


def test_excerpt_cuts_at_a_word_count_with_an_ellipsis():
    assert excerpt("one two three four", words=3) == "one two three …"
    assert excerpt("one two three", words=3) == "one two three"


def test_excerpt_around_starts_near_the_phrase():
    text = 'Intro words here. (a) The term "damage" means loss. (b) The term "space object" means.'
    assert excerpt_around(text, "space object", 6) == '… (b) The term "space object" means.'
    assert excerpt_around(text, "absent", 2) == "Intro words …"


def test_highlighted_escapes_everything_and_marks_only_the_matches():
    raw = (
        f"a <i>b</i> & {MARK_START}weapons{MARK_STOP} <script>x</script> {MARK_START}<b>{MARK_STOP}"
    )
    html = highlighted(raw)
    assert html == "a b &amp; <mark>weapons</mark> x <mark> </mark>"


def test_highlighted_drops_unpaired_markers():
    assert highlighted(f"{MARK_START}half & half") == "half &amp; half"


def test_an_excerpt_in_another_language_marks_each_match_and_cuts_by_characters():
    from provisions.search import MARK_START, MARK_STOP
    from provisions.text import marked_excerpt

    text = "甲" * 100 + "不在天体配置这种武器，也不以任何其他方式部署此种武器。" + "乙" * 400
    raw = marked_excerpt(text, ["武器"])
    assert raw.startswith("… ") and raw.endswith(" …")
    assert raw.count(f"{MARK_START}武器{MARK_STOP}") == 2
    assert marked_excerpt("Les Armes nucléaires.", ["armes"]) == (
        f"Les {MARK_START}Armes{MARK_STOP} nucléaires."
    )
