"""Roman and Chinese numerals, as treaties number their articles."""

from __future__ import annotations

ROMAN = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100, "D": 500, "M": 1000}


def roman_to_int(numeral: str) -> int:
    """ "XIV" -> 14. Upper-case numerals only; a KeyError for anything else."""
    total = 0
    for symbol, following in zip(numeral, numeral[1:] + " ", strict=True):
        value = ROMAN[symbol]
        total += -value if following != " " and ROMAN[following] > value else value
    return total


CHINESE_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7,
                  "八": 8, "九": 9}  # fmt: skip
CHINESE_UNITS = {"十": 10, "百": 100}


def chinese_to_int(numeral: str) -> int:
    """ "二十八" -> 28, "十四" -> 14, "一百零五" -> 105. A KeyError for anything else."""
    total, digit = 0, None
    for symbol in numeral:
        if symbol in CHINESE_UNITS:
            total += (1 if digit is None else digit) * CHINESE_UNITS[symbol]
            digit = None
        else:
            digit = CHINESE_DIGITS[symbol]
    return total + (digit or 0)
