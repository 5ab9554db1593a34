import pytest

from lib.numerals import roman_to_int


def test_roman_numerals_convert_to_numbers():
    numerals = ("I", "IV", "IX", "XIV", "XVII", "XL", "XCIX", "MCMLXVII")
    assert [roman_to_int(n) for n in numerals] == [1, 4, 9, 14, 17, 40, 99, 1967]


def test_a_letter_that_is_no_numeral_is_refused():
    with pytest.raises(KeyError):
        roman_to_int("IIA")
