"""Roman numerals, as treaties number their articles."""

from __future__ import annotations

ROMAN = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100, "D": 500, "M": 1000}


def roman_to_int(numeral: str) -> int:
    """ "XIV" -> 14. Upper-case numerals only; a KeyError for anything else."""
    total = 0
    for symbol, following in zip(numeral, numeral[1:] + " ", strict=True):
        value = ROMAN[symbol]
        total += -value if following != " " and ROMAN[following] > value else value
    return total
