"""A pasted text in another language is split by its own article headings and aligned to
the provisions the instrument already has."""

from __future__ import annotations

from lib.numerals import chinese_to_int
from provisions.alignment import Target, align_text, inline_paragraphs, paragraphs
from provisions.importer import split_text

TARGETS = [
    Target("preamble", "Preamble"),
    Target("art-1", "Article I"),
    Target("art-2", "Article II", has_text=False),
    Target("art-2-para-1", "Article II, paragraph 1", parent="art-2"),
    Target("art-2-para-2", "Article II, paragraph 2", parent="art-2"),
    Target("final-clause", "Final clause"),
]


def test_chinese_article_numbers_are_read():
    assert [chinese_to_int(n) for n in ("一", "十", "十四", "二十", "二十八", "一百零五")] == [
        1,
        10,
        14,
        20,
        28,
        105,
    ]


def test_russian_spanish_and_chinese_article_headings_start_articles():
    for heading_1, heading_2 in (
        ("Статья I", "Статья II"),
        ("Artículo 1", "Artículo 2"),
        ("第一条", "第二条"),
    ):
        pieces = split_text(f"Intro,\n\n{heading_1}\n\nOne.\n\n{heading_2}\n\nTwo.")
        assert [p.slug for p in pieces] == ["preamble", "art-1", "art-2"], heading_1


def test_the_final_clause_is_recognised_in_each_language():
    for opening in ("EN FOI DE QUOI", "EN TESTIMONIO DE LO CUAL", "В УДОСТОВЕРЕНИЕ ЧЕГО", "为此，"):
        pieces = split_text(f"Article 1\n\nOne.\n\n{opening} signed.")
        assert pieces[-1].slug == "final-clause", opening


def test_a_chinese_numbered_paragraph_needs_no_space():
    assert paragraphs("1.本条约。\n\n2.本条约。") == ["1.本条约。", "2.本条约。"]


def test_paragraphs_run_together_are_cut_only_when_numbered_in_order():
    text = "1. Premier. 2. Deuxième; 3. Troisième."
    assert inline_paragraphs(text, 3) == ["1. Premier.", "2. Deuxième;", "3. Troisième."]
    assert inline_paragraphs(text, 4) is None
    assert inline_paragraphs("Sans numéro. 2. Deux.", 2) is None


def test_each_article_lands_on_the_provision_with_its_number():
    text = (
        "Titre du traité\n\nLes États parties,\n\nSont convenus de ce qui suit :\n\n"
        "Статья I\n\nПервая.\n\nСтатья II\n\nПервый абзац.\n\nВторой абзац.\n\n"
        "В УДОСТОВЕРЕНИЕ ЧЕГО подписали."
    )
    alignment = align_text(text, TARGETS)
    assert alignment.texts == {
        "preamble": "Les États parties,\n\nSont convenus de ce qui suit :",
        "art-1": "Первая.",
        "art-2-para-1": "Первый абзац.",
        "art-2-para-2": "Второй абзац.",
        "final-clause": "В УДОСТОВЕРЕНИЕ ЧЕГО подписали.",
    }
    assert alignment.missing == [] and alignment.unmatched == []


def test_what_cannot_be_aligned_is_reported_not_guessed():
    text = "Article 1\n\nUn.\n\nArticle 2\n\nSeul paragraphe.\n\nArticle 3\n\nDe trop."
    alignment = align_text(text, TARGETS)
    assert alignment.texts["art-2"] == "Seul paragraphe."
    assert "art-2-para-1" not in alignment.texts
    assert alignment.missing == [
        "Preamble",
        "Article II, paragraph 1",
        "Article II, paragraph 2",
        "Final clause",
    ]
    assert [p.slug for p in alignment.unmatched] == ["art-3"]
