"""lib.csv_export: text cells a spreadsheet would run get a quote; undoing it is exact."""

from __future__ import annotations

import csv
import io

import pytest

from lib.csv_export import escape, unescape, writer


@pytest.mark.parametrize(
    "text",
    ['=HYPERLINK("http://evil.example","x")', "+1", "-1", "@SUM(A1)", "\tx", "\rx"],
)
def test_text_beginning_like_a_formula_gets_a_quote(text):
    assert escape(text) == "'" + text


@pytest.mark.parametrize("text", ["Article IV", "", "1967", "a=b", "'quoted", "'"])
def test_other_text_is_written_unchanged(text):
    assert escape(text) == text


@pytest.mark.parametrize("value", [-1, 0, 3, -2.5, None])
def test_numbers_the_code_writes_are_not_text_and_stay_unchanged(value):
    assert escape(value) == value


@pytest.mark.parametrize(
    "text", ["=1+1", "'=1+1", "''=1+1", "'quoted", "-", "'", "", "plain", "'-1"]
)
def test_unescape_gives_back_exactly_what_was_escaped(text):
    assert unescape(escape(text)) == text


def test_a_text_already_quoted_before_a_formula_gets_one_more_quote():
    assert escape("'=1+1") == "''=1+1"


def test_the_writer_escapes_every_cell_of_a_row():
    out = io.StringIO()
    writer(out).writerow(["=1+1", "fine", -3, "@x"])
    assert next(csv.reader(io.StringIO(out.getvalue()))) == ["'=1+1", "fine", "-3", "'@x"]
