"""Find what a strict Content Security Policy would block in an HTML page."""

from __future__ import annotations

from html.parser import HTMLParser

# <script> elements of these types are data, never run, so the policy allows them.
DATA_SCRIPT_TYPES = {"application/json", "application/ld+json"}


class _InlineCodeFinder(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.found: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        if tag == "script" and "src" not in attributes:
            if (attributes.get("type") or "").lower() not in DATA_SCRIPT_TYPES:
                self.found.append(f"inline <script> at line {self.getpos()[0]}")
        if tag == "style":
            self.found.append(f"<style> element at line {self.getpos()[0]}")
        for name, value in attributes.items():
            if name == "style":
                self.found.append(f'style="{value}" on <{tag}> at line {self.getpos()[0]}')
            elif name.startswith("on"):
                self.found.append(f"{name} handler on <{tag}> at line {self.getpos()[0]}")
            elif (value or "").strip().lower().startswith("javascript:"):
                self.found.append(f"javascript: URL in {name} on <{tag}>")


def inline_code(html: str) -> list[str]:
    """Inline scripts, <style> elements, style="" and on* attributes, javascript: URLs."""
    finder = _InlineCodeFinder()
    finder.feed(html)
    finder.close()
    return finder.found


class _IdCollector(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.ids: list[str] = []
        self.fragment_links: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        if attributes.get("id") is not None:
            self.ids.append(attributes["id"] or "")
        href = attributes.get("href") or ""
        if tag == "a" and href.startswith("#") and len(href) > 1:
            self.fragment_links.append(href[1:])


def _collected(html: str) -> _IdCollector:
    collector = _IdCollector()
    collector.feed(html)
    collector.close()
    return collector


def duplicate_ids(html: str) -> list[str]:
    """Each id that more than one element of the page carries."""
    ids = _collected(html).ids
    return sorted({value for value in ids if ids.count(value) > 1})


def dangling_fragment_links(html: str) -> list[str]:
    """Same-page links (href="#x") to an id that no element of the page carries."""
    collected = _collected(html)
    return sorted(set(collected.fragment_links) - set(collected.ids))
