"""Aligning two instruments' provisions and diffing each pair word by word."""

from __future__ import annotations

from lib.textdiff import Segment, Side, align, label_key, similarity, word_diff

WEAPONS = "States Parties undertake not to place any weapons in outer space."
FORCE = "States Parties undertake not to resort to the threat or use of force against objects."
ENTRY = "This Treaty shall enter into force upon the deposit of twenty ratifications."


def test_word_diff_marks_inserted_and_deleted_words_and_keeps_the_rest():
    assert word_diff("shall not place weapons", "shall never place weapons") == [
        Segment("equal", "shall "),
        Segment("delete", "not"),
        Segment("insert", "never"),
        Segment("equal", " place weapons"),
    ]


def test_word_diff_rebuilds_both_texts():
    old, new = WEAPONS, "States Parties undertake never to place weapons of any kind in orbit."
    segments = word_diff(old, new)
    assert "".join(s.text for s in segments if s.op != "insert") == old
    assert "".join(s.text for s in segments if s.op != "delete") == new


def test_word_diff_of_equal_texts_is_one_equal_run():
    assert word_diff(WEAPONS, WEAPONS) == [Segment("equal", WEAPONS)]


def test_word_diff_shows_a_changed_comma_on_its_own():
    segments = word_diff("space, including the moon", "space including the moon")
    assert [s for s in segments if s.op != "equal"] == [Segment("delete", ",")]


def test_word_diff_keeps_markup_as_plain_text_for_the_template_to_escape():
    segments = word_diff("", "<script>alert(1)</script>")
    assert "".join(s.text for s in segments) == "<script>alert(1)</script>"


def test_labels_compare_by_number_whatever_the_numerals():
    assert label_key("Article IV") == label_key("Article 4") == label_key("ARTICLE IV")
    assert label_key("Article IV, paragraph 1") == "article 4/paragraph 1"
    assert label_key("Guideline B.8") == "guideline b.8"
    assert label_key("Preamble") == "preamble"
    assert label_key("Article IV") != label_key("Article V")


def test_similarity_of_empty_text_is_zero():
    assert similarity("", "") == 0.0
    assert similarity(WEAPONS, WEAPONS) == 1.0


def test_provisions_with_the_same_number_pair_up_and_unchanged_ones_are_counted():
    old = [Side("art-1", "Article I", "", WEAPONS), Side("art-2", "Article II", "", ENTRY)]
    new = [Side("art-1", "Article 1", "", WEAPONS), Side("art-2", "Article 2", "", ENTRY + " X")]
    comparison = align(old, new)
    assert [(p.old.slug, p.new.slug) for p in comparison.pairs] == [
        ("art-1", "art-1"),
        ("art-2", "art-2"),
    ]
    assert [p.status for p in comparison.pairs] == ["changed", "changed"]
    # "Article I" -> "Article 1" is a relabelling, and shows as such.
    assert comparison.pairs[0].renumbered


def test_a_renumbered_article_still_aligns_with_its_earlier_self():
    old = [
        Side("art-1", "Article I", "", WEAPONS),
        Side("art-2", "Article II", "", FORCE),
        Side("art-3", "Article III", "", ENTRY),
    ]
    new = [
        Side("art-1", "Article I", "", WEAPONS),
        Side("art-2", "Article II", "", "Each State Party shall designate a national authority."),
        Side("art-3", "Article III", "", FORCE),
        Side("art-4", "Article IV", "", ENTRY),
    ]
    comparison = align(old, new)
    pairs = [(p.old and p.old.label, p.new and p.new.label, p.status) for p in comparison.pairs]
    assert pairs == [
        ("Article I", "Article I", "unchanged"),
        (None, "Article II", "added"),
        ("Article II", "Article III", "changed"),
        ("Article III", "Article IV", "changed"),
    ]
    assert comparison.counts == {"added": 1, "removed": 0, "changed": 2, "unchanged": 1}
    assert comparison.pairs[2].renumbered and comparison.pairs[2].similarity == 1.0


def test_a_matching_heading_pairs_provisions_whose_numbers_and_texts_differ():
    old = [Side("verification", "Verification (described)", "Verification", "Old words here.")]
    new = [Side("art-7", "Article VII", "Verification", "Entirely different wording now.")]
    comparison = align(old, new)
    assert [(p.old.slug, p.new.slug) for p in comparison.pairs] == [("verification", "art-7")]


def test_removed_provisions_appear_where_they_stood_in_the_old_instrument():
    old = [
        Side("preamble", "Preamble", "", "The States Parties, recalling the Charter."),
        Side("art-1", "Article 1", "", WEAPONS),
        Side("art-2", "Article 2", "", "A clause about consultations that was dropped."),
        Side("art-3", "Article 3", "", ENTRY),
    ]
    new = [old[0], old[1], Side("art-2", "Article 2", "", ENTRY)]
    comparison = align(old, new)
    statuses = [(p.old and p.old.slug, p.new and p.new.slug, p.status) for p in comparison.pairs]
    assert statuses == [
        ("preamble", "preamble", "unchanged"),
        ("art-1", "art-1", "unchanged"),
        ("art-2", None, "removed"),
        ("art-3", "art-2", "changed"),
    ]
    assert comparison.counts == {"added": 0, "removed": 1, "changed": 1, "unchanged": 2}


def test_unrelated_instruments_pair_only_same_numbered_provisions():
    old = [Side("a", "Article 1", "", WEAPONS), Side("b", "Article 2", "", FORCE)]
    new = [Side("x", "Element 1", "", ENTRY), Side("y", "Article 2", "", ENTRY)]
    comparison = align(old, new)
    assert [(p.old and p.old.slug, p.new and p.new.slug) for p in comparison.pairs] == [
        (None, "x"),
        ("a", None),
        ("b", "y"),
    ]


def test_word_diff_folds_spaces_and_short_words_between_changes_into_one_change():
    segments = word_diff("used freely for peaceful purposes", "used not for military purposes")
    assert segments == [
        Segment("equal", "used "),
        Segment("delete", "freely for peaceful"),
        Segment("insert", "not for military"),
        Segment("equal", " purposes"),
    ]
