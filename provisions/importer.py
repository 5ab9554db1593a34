"""Split the pasted text of an instrument into provisions.

Pure functions, no database: the admin's import view shows the result for correction
before anything is written. The splitter knows the shapes UN documents take:

- a preamble (everything before the first article, guideline or heading);
- articles, "Article I", "Article 1", "ARTICLE IV", optionally followed by a heading, on
  the same line ("Article 2 — Obligations") or on the next ("Definitions");
- numbered paragraphs "1.", "2." inside an article, which become child provisions
  ("Article II, paragraph 1"; the article's own text is then empty, as in the corpus),
  with lettered sub-paragraphs "(a)" kept inside their paragraph;
- guidelines, "Guideline B.8" or "B.8", the rest of the line being their heading;
- parts ("Part II", "II. Title") and sections ("Section A", "A. Title"), which the
  articles or guidelines after them belong to;
- Markdown headings ("## Article 3", or "## Annex" for a heading of its own);
- the final clause, from "IN WITNESS WHEREOF" to the end or to an annex;
- annexes ("Annex", "Annex II", optionally with a title), after the articles or the
  final clause.

Numbering that jumps or repeats stops the split with the line where it happened, so that
the admin can fix the text instead of saving a wrong structure.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from django.utils.text import slugify

from lib.numerals import chinese_to_int, roman_to_int

_MARKDOWN_HEADING = re.compile(r"^(?P<marks>#{1,6})\s+(?P<content>.*?)\s*#*\s*$")
_BOLD = re.compile(r"^(\*\*|__)(?P<content>.+?)\1$")
# "Article" in English and French, "Статья" in Russian, "Artículo" in Spanish; Chinese numbers
# its articles "第四条" (see _CJK_ARTICLE).
_ARTICLE = re.compile(
    r"^(?:Article|ARTICLE|Art\.|Статья|СТАТЬЯ|Artículo|ARTÍCULO)\s+(?P<number>[IVXLC]+|\d+)\.?"
    r"(?=[\s:.—–-]|$)\s*(?P<rest>.*)$"
)
_CJK_ARTICLE = re.compile(r"^第(?P<number>[零〇一二三四五六七八九十百]+)条\s*(?P<rest>.*)$")
_GUIDELINE = re.compile(
    r"^(?:Guideline|GUIDELINE)\s+(?:(?P<letter>[A-Z])\.)?(?P<number>\d+)\.?(?=[\s:.—–-]|$)"
    r"\s*(?P<rest>.*)$"
)
_BARE_GUIDELINE = re.compile(r"^(?P<letter>[A-Z])\.(?P<number>\d+)\.?(?=\s|$)\s*(?P<rest>.*)$")
_PART = re.compile(r"^(?:Part|PART)\s+(?P<number>[IVXLC]+|\d+)\.?(?=[\s:.—–-]|$)\s*(?P<rest>.*)$")
_BARE_PART = re.compile(r"^(?P<number>[IVX]+)\.\s+(?P<rest>[A-Z].*)$")
_SECTION = re.compile(
    r"^(?:Section|SECTION)\s+(?P<letter>[A-Z]|\d+)\.?(?=[\s:.—–-]|$)\s*(?P<rest>.*)$"
)
_BARE_SECTION = re.compile(r"^(?P<letter>[A-Z])\.\s+(?P<rest>[A-Z].*)$")
# "1. Text", or "1.本条约" in Chinese, which puts no space after the number.
_PARAGRAPH = re.compile(r"^(?P<number>\d+)\.(?:\s+\S|(?=[^\W\d_]))")
# The testimonium in English, French, Spanish, Russian and Chinese.
_FINAL_CLAUSE = re.compile(
    r"^(?:IN WITNESS WHEREOF\b|EN FOI DE QUOI\b|EN TESTIMONIO DE LO CUAL\b|"
    r"В УДОСТОВЕРЕНИЕ ЧЕГО\b|为此，)",
    re.IGNORECASE,
)
_ANNEX = re.compile(
    r"^(?:Annex|ANNEX)(?:\s+(?P<number>[IVXLC]+|\d+))?\.?(?=[\s:.—–-]|$)\s*(?P<rest>.*)$"
)
_SEPARATORS = " \t:.—–-"

# Depth of each kind of unit: a unit belongs to the nearest unit above it of lower depth.
_DEPTH = {"annex": 1, "part": 1, "section": 2, "heading": 2, "article": 3, "guideline": 3}


class SplitError(ValueError):
    """The text cannot be split; says at which line the splitter stopped and why."""

    def __init__(self, reason: str, line_number: int, line: str) -> None:
        self.reason, self.line_number, self.line = reason, line_number, line
        shown = line.strip()
        if len(shown) > 80:
            shown = shown[:80] + "…"
        where = f"Stopped at line {line_number}" + (f" (“{shown}”)" if shown else "")
        super().__init__(f"{where}: {reason}")


@dataclass
class Piece:
    """One provision as split from the text, before it is saved."""

    label: str
    slug: str
    text: str = ""
    heading: str = ""
    parent: str = ""  # the parent's slug
    line: int = 0  # where it starts in the pasted text, for messages

    def as_initial(self) -> dict[str, str]:
        return {
            "label": self.label,
            "slug": self.slug,
            "parent": self.parent,
            "heading": self.heading,
            "text": self.text,
        }


@dataclass
class _Unit:
    kind: str
    label: str
    slug: str
    line: int
    heading: str = ""
    number: int = 0
    letter: str = ""
    body: list[tuple[int, str]] = field(default_factory=list)
    parent: str = ""


def _number(text: str) -> int:
    return int(text) if text.isdigit() else roman_to_int(text)


def _titleish(text: str) -> bool:
    """Whether a line reads as a heading rather than as a sentence of treaty text."""
    text = text.strip()
    return (
        0 < len(text) <= 120
        and text[0].isupper()
        and not text.endswith((".", ";", ",", ":"))
        and not _PARAGRAPH.match(text)
    )


def _normalise(text: str) -> str:
    return " ".join(text.split()).casefold()


def _strip_markup(line: str) -> tuple[str, bool]:
    """The line without Markdown heading marks or bold, and whether it was a heading."""
    stripped = line.strip()
    heading = _MARKDOWN_HEADING.match(stripped)
    if heading:
        stripped = heading["content"]
    bold = _BOLD.match(stripped)
    if bold:
        stripped = bold["content"].strip()
    return stripped, bool(heading)


def split_text(text: str, *, title: str = "", split_paragraphs: bool = True) -> list[Piece]:
    """Split an instrument's text into provisions in document order.

    `title`, when the text starts with it (as copied documents do), is not made part of the
    preamble. Raises SplitError when the text has no structure the splitter knows or when
    its numbering jumps or repeats.
    """
    lines = [line.rstrip() for line in (text or "").replace("\r\n", "\n").split("\n")]
    lines = [line.replace("\r", "").replace("\ufeff", "") for line in lines]
    if not any(line.strip() for line in lines):
        raise SplitError("the text is empty. Paste the whole text of the instrument.", 1, "")

    start = next(index for index, line in enumerate(lines) if line.strip())
    first, first_is_heading = _strip_markup(lines[start])
    if (first_is_heading and lines[start].lstrip().startswith("# ")) or (
        title and _normalise(first) == _normalise(title)
    ):
        if not _structural(first):
            start += 1  # the document's title is the instrument's title, not its preamble

    units = _read_units(lines, start)
    if not any(unit.kind != "preamble" for unit in units):
        last = max(index for index, line in enumerate(lines) if line.strip())
        raise SplitError(
            "found no article, guideline, part, section or Markdown heading anywhere, so the "
            "whole text would be one preamble. Check that articles start on a line of their "
            "own, e.g. “Article 1” or “Article I”.",
            last + 1,
            lines[last],
        )
    _check_numbering(units)
    _assign_parents(units)
    return _pieces(units, split_paragraphs)


def _structural(content: str) -> bool:
    return any(
        pattern.match(content)
        for pattern in (_ARTICLE, _CJK_ARTICLE, _GUIDELINE, _BARE_GUIDELINE, _PART, _SECTION)
    ) or bool(_FINAL_CLAUSE.match(content))


def _read_units(lines: list[str], start: int) -> list[_Unit]:
    first_text = next((i for i in range(start, len(lines)) if lines[i].strip()), start)
    units = [_Unit("preamble", "Preamble", "preamble", first_text + 1)]
    used_slugs: set[str] = set()
    for index in range(start, len(lines)):
        line = lines[index]
        unit = _unit_for(line, index + 1, units, used_slugs)
        if unit is None:
            units[-1].body.append((index + 1, line))
            continue
        used_slugs.add(unit.slug)
        units.append(unit)
    if not "".join(text for _, text in units[0].body).strip():
        units.pop(0)
    for unit in units:
        _take_heading_from_body(unit)
    return units


def _unit_for(line: str, number: int, units: list[_Unit], used: set[str]) -> _Unit | None:
    """The unit this line starts, or None when it is body text."""
    content, is_heading = _strip_markup(line)
    if not content:
        return None
    if match := _ANNEX.match(content):
        if not match["rest"] or match["rest"][0] in _SEPARATORS or _titleish(match["rest"]):
            numeral = match["number"] or ""
            suffix = f"-{_number(numeral)}" if numeral else ""
            unit = _Unit("annex", f"Annex {numeral}".strip(), f"annex{suffix}", number)
            _split_rest(unit, match["rest"], number, rest_is_heading=True)
            return unit
    if units[-1].kind == "final":
        return None  # all up to an annex after "IN WITNESS WHEREOF" is the final clause
    if _FINAL_CLAUSE.match(content):
        unit = _Unit("final", "Final clause", "final-clause", number)
        unit.body.append((number, line.strip()))
        return unit
    if match := _CJK_ARTICLE.match(content):
        value = chinese_to_int(match["number"])
        unit = _Unit("article", f"Article {value}", f"art-{value}", number, number=value)
        _split_rest(unit, match["rest"], number, rest_is_heading=False)
        return unit
    if match := _ARTICLE.match(content):
        rest = match["rest"]
        if rest and rest[0].islower():
            return None  # "Article 5 of the Charter ..." is a sentence, not a heading
        value = _number(match["number"])
        numeral = match["number"].upper() if not match["number"].isdigit() else match["number"]
        unit = _Unit("article", f"Article {numeral}", f"art-{value}", number, number=value)
        _split_rest(unit, rest, number, rest_is_heading=False)
        return unit
    if match := _GUIDELINE.match(content) or _BARE_GUIDELINE.match(content):
        letter, value = match["letter"] or "", int(match["number"])
        unit = _Unit(
            "guideline",
            f"Guideline {letter}.{value}" if letter else f"Guideline {value}",
            f"guideline-{letter.lower()}-{value}" if letter else f"guideline-{value}",
            number,
            number=value,
            letter=letter,
        )
        _split_rest(unit, match["rest"], number, rest_is_heading=True)
        return unit
    part = _PART.match(content) or _bare_part(content, units)
    if part:
        value = _number(part["number"])
        numeral = part["number"].upper() if not part["number"].isdigit() else part["number"]
        unit = _Unit("part", f"Part {numeral}", f"part-{value}", number, number=value)
        unit.heading = part["rest"].strip(_SEPARATORS)
        return unit
    section = _SECTION.match(content) or _bare_section(content)
    if section:
        letter = section["letter"]
        unit = _Unit("section", f"Section {letter}", f"section-{letter.lower()}", number)
        unit.letter, unit.number = letter, _section_number(letter)
        unit.heading = section["rest"].strip(_SEPARATORS)
        return unit
    if is_heading:
        slug = base = slugify(content)[:60].strip("-") or "section"
        suffix = 2
        while slug in used:
            slug, suffix = f"{base[:55]}-{suffix}", suffix + 1
        return _Unit("heading", content, slug, number)
    return None


def _bare_part(content: str, units: list[_Unit]) -> re.Match | None:
    match = _BARE_PART.match(content)
    if not match or not _titleish(match["rest"]):
        return None
    # "I. Title" after section "H. ..." is section I, not part I.
    last_section = next((unit for unit in reversed(units) if unit.kind == "section"), None)
    if len(match["number"]) == 1 and last_section and last_section.letter.isalpha():
        if ord(match["number"]) == ord(last_section.letter) + 1:
            return None
    return match


def _bare_section(content: str) -> re.Match | None:
    match = _BARE_SECTION.match(content)
    return match if match and _titleish(match["rest"]) else None


def _section_number(letter: str) -> int:
    return int(letter) if letter.isdigit() else ord(letter) - ord("A") + 1


def _split_rest(unit: _Unit, rest: str, number: int, *, rest_is_heading: bool) -> None:
    """What follows "Article 2" on its line: a heading ("— Obligations") or the first text."""
    rest = rest.strip()
    if not rest:
        return
    if rest[0] in "—–-:." or rest_is_heading or _titleish(rest):
        unit.heading = rest.strip(_SEPARATORS)
    else:
        unit.body.append((number, rest))


def _take_heading_from_body(unit: _Unit) -> None:
    """A short line right after a bare "Article 1" is its heading, e.g. "Definitions"."""
    if unit.kind not in ("article", "guideline", "annex") or unit.heading:
        return
    for position, (_line_number, line) in enumerate(unit.body):
        if not line.strip():
            continue
        content, _ = _strip_markup(line)
        following = [text for _, text in unit.body[position + 1 :] if text.strip()]
        if _titleish(content) and following:
            unit.heading = content
            del unit.body[: position + 1]
        return


def _check_numbering(units: list[_Unit]) -> None:
    previous: dict[str, _Unit] = {}
    for unit in units:
        if unit.kind in ("article", "part", "section"):
            _check_next(previous.get(unit.kind), unit, first_must_be_one=unit.kind != "part")
            previous[unit.kind] = unit
        elif unit.kind == "guideline":
            before = previous.get("guideline")
            if before is not None and before.letter == unit.letter:
                _check_next(before, unit, first_must_be_one=True)
            elif before is not None and unit.letter < before.letter:
                _stop(unit, f"{unit.label} comes after {before.label}: out of order.")
            elif unit.number != 1:
                _stop(unit, f"{unit.label} is the first guideline of {unit.letter}: expected "
                      f"Guideline {unit.letter}.1.")  # fmt: skip
            previous["guideline"] = unit
        if unit.kind in ("article", "guideline"):
            _check_paragraphs(unit)


def _check_next(before: _Unit | None, unit: _Unit, *, first_must_be_one: bool) -> None:
    if before is None:
        if first_must_be_one and unit.number != 1:
            _stop(unit, f"the first {unit.kind} found is {unit.label}; numbering should start "
                  "at 1 (or the earlier ones are not on lines of their own).")  # fmt: skip
        return
    if unit.number == before.number:
        _stop(unit, f"{unit.label} repeats the number of the {unit.kind} at line {before.line}.")
    if unit.number != before.number + 1:
        _stop(unit, f"{unit.label} follows {before.label}: the numbering jumps or goes back.")


def _check_paragraphs(unit: _Unit) -> None:
    expected = 1
    for number, line in unit.body:
        match = _PARAGRAPH.match(line.strip())
        if not match:
            continue
        value = int(match["number"])
        if value != expected:
            problem = "repeats" if value < expected else "jumps"
            raise SplitError(
                f"paragraph {value} of {unit.label} {problem}: expected paragraph {expected}. "
                "If this line starts a new part of the document rather than a paragraph, "
                f"make it a Markdown heading (“## {line.strip()[:30]}”).",
                number,
                line,
            )
        expected += 1


def _stop(unit: _Unit, reason: str) -> None:
    raise SplitError(reason, unit.line, unit.label)


def _assign_parents(units: list[_Unit]) -> None:
    stack: list[_Unit] = []
    for unit in units:
        depth = _DEPTH.get(unit.kind)
        if depth is None:  # preamble and final clause stand outside any part or section
            stack = []
            continue
        while stack and _DEPTH[stack[-1].kind] >= depth:
            stack.pop()
        unit.parent = stack[-1].slug if stack else ""
        stack.append(unit)


def _joined(body: list[tuple[int, str]]) -> str:
    return "\n".join(line for _, line in body).strip("\n")


def _pieces(units: list[_Unit], split_paragraphs: bool) -> list[Piece]:
    pieces: list[Piece] = []
    for unit in units:
        piece = Piece(unit.label, unit.slug, _joined(unit.body), unit.heading, unit.parent)
        piece.line = unit.line
        pieces.append(piece)
        if unit.kind != "article" or not split_paragraphs:
            continue
        paragraphs = _paragraphs(unit)
        if paragraphs:
            intro = [entry for entry in unit.body if entry[0] < paragraphs[0][0]]
            piece.text = _joined(intro)
            for position, (line, body) in enumerate(paragraphs, start=1):
                pieces.append(
                    Piece(
                        f"{unit.label}, paragraph {position}",
                        f"{unit.slug}-para-{position}",
                        _joined(body),
                        parent=unit.slug,
                        line=line,
                    )
                )
    return pieces


def _paragraphs(unit: _Unit) -> list[tuple[int, list[tuple[int, str]]]]:
    paragraphs: list[tuple[int, list[tuple[int, str]]]] = []
    for number, line in unit.body:
        if _PARAGRAPH.match(line.strip()):
            paragraphs.append((number, []))
        if paragraphs:
            paragraphs[-1][1].append((number, line))
    return paragraphs
