"""Read an admin form's fields and values out of its HTML, as a browser would submit them."""

from __future__ import annotations

from html.parser import HTMLParser

SKIPPED_INPUTS = {"submit", "button", "image", "reset", "file"}


class _FormReader(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.data: dict[str, list[str]] = {}
        self._select: str | None = None
        self._textarea: str | None = None

    def _add(self, name: str, value: str) -> None:
        self.data.setdefault(name, []).append(value)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {key: value or "" for key, value in attrs}
        name = a.get("name")
        if tag == "input" and name and a.get("type", "text") not in SKIPPED_INPUTS:
            if a.get("type") in {"checkbox", "radio"}:
                if "checked" in a:
                    self._add(name, a.get("value") or "on")
            else:
                self._add(name, a.get("value", ""))
        elif tag == "select" and name:
            self._select = name
            self.data.setdefault(name, [])
        elif tag == "option" and self._select and "selected" in a:
            self._add(self._select, a.get("value", ""))
        elif tag == "textarea" and name:
            self._textarea = name
            self._add(name, "")

    def handle_endtag(self, tag: str) -> None:
        if tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None

    def handle_data(self, data: str) -> None:
        if self._textarea:
            # The parser hands over a textarea's text in pieces.
            values = self.data[self._textarea]
            values[-1] += data.removeprefix("\n") if not values[-1] else data


def form_data(html: str) -> dict[str, str | list[str]]:
    """Every named field of the page's forms with its current value, ready to post back."""
    reader = _FormReader()
    reader.feed(html)
    return {
        name: values[0] if len(values) == 1 else values
        for name, values in reader.data.items()
        if values and name != "csrfmiddlewaretoken"
    }


def change_form_data(response) -> dict[str, str | list[str]]:
    """The fields of an admin change page and its inlines, as a browser would post them."""
    return form_data(response.content.decode())
