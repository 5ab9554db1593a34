"""The one CSV writer for exports: text a spreadsheet would run as a formula stays text.

A cell beginning with `=`, `+`, `-`, `@`, a tab or a carriage return is a formula to Excel,
LibreOffice and Google Sheets, so a heading such as `=HYPERLINK("http://evil.example","x")`
would run when a researcher opens the file. As OWASP recommends, such a cell is written
with a single quote in front; spreadsheets show the text, without the quote, as text.

Only text is escaped: numbers the code writes (counts) stay numbers. A text cell that
already begins with a quote followed by something that would be escaped gets one more
quote, so that `unescape` gives back exactly what was stored (see docs/exports.md).
"""

from __future__ import annotations

import csv
from collections.abc import Iterable
from typing import Any, Protocol

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
QUOTE = "'"


class _Writable(Protocol):
    def write(self, value: str, /) -> Any: ...


def _needs_quote(text: str) -> bool:
    while text.startswith(QUOTE):
        text = text[1:]
    return text.startswith(FORMULA_STARTS)


def escape(value: Any) -> Any:
    """The value as it goes into a cell: a quote before text a spreadsheet would run."""
    if isinstance(value, str) and _needs_quote(value):
        return QUOTE + value
    return value


def unescape(cell: str) -> str:
    """What `escape` was given, from the text of a cell read back from an export."""
    if cell.startswith(QUOTE) and _needs_quote(cell[1:]):
        return cell[1:]
    return cell


class SafeWriter:
    """csv.writer with every cell passed through `escape`."""

    def __init__(self, file: _Writable) -> None:
        self._writer = csv.writer(file)

    def writerow(self, row: Iterable[Any]) -> Any:
        return self._writer.writerow([escape(value) for value in row])


def writer(file: _Writable) -> SafeWriter:
    """A CSV writer for an export (an HttpResponse, or any object with `write`)."""
    return SafeWriter(file)
