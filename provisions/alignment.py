"""Align a text in another language to the provisions an instrument already has.

Pure functions, no database. The pasted text is split as the draft importer splits it
(provisions/importer.py); each piece then goes to the existing provision with the same slug,
so "Статья IV" and "第四条" both land on `art-4`. Where the English divides an article into
paragraph provisions, the article's text in the other language is cut into as many
paragraphs (numbered ones when it numbers them, else blank-line blocks); when the counts
differ, nothing is guessed: the paragraphs are reported as missing for the editor to fill.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .importer import _PARAGRAPH, Piece, split_text


@dataclass(frozen=True)
class Target:
    """An existing provision, as the aligner needs it."""

    slug: str
    label: str
    parent: str = ""
    has_text: bool = True


@dataclass
class AlignedRow:
    slug: str
    label: str
    text: str = ""


@dataclass
class Alignment:
    rows: list[AlignedRow]
    # Provisions with English text that received nothing, and pieces that matched nothing.
    missing: list[str] = field(default_factory=list)
    unmatched: list[Piece] = field(default_factory=list)

    @property
    def texts(self) -> dict[str, str]:
        return {row.slug: row.text for row in self.rows if row.text}


def paragraphs(text: str) -> list[str]:
    """The paragraphs of an article: numbered ones if it numbers them, else blank-line blocks."""
    blocks = [block.strip() for block in re.split(r"\n\s*\n", text) if block.strip()]
    if any(_PARAGRAPH.match(block) for block in blocks):
        numbered: list[list[str]] = []
        for block in blocks:
            if _PARAGRAPH.match(block) or not numbered:
                numbered.append([])
            numbered[-1].append(block)
        return ["\n\n".join(group) for group in numbered]
    return blocks


def inline_paragraphs(text: str, count: int) -> list[str] | None:
    """Cut "1. … 2. … 3. …" run together on one line into `count` paragraphs, or None.

    Only when the text starts with "1." and "2." to "count." follow in order, each after the
    end of a sentence: extracted PDFs often lose the line breaks between paragraphs.
    """
    if count < 2 or not re.match(r"1\.\s", text.strip()):
        return None
    text, cuts, start = text.strip(), [0], 0
    for number in range(2, count + 1):
        match = re.compile(rf"(?<=[.;:»”)])\s+{number}\.\s").search(text, start)
        if match is None:
            return None
        cuts.append(match.start())
        start = match.end()
    cuts.append(len(text))
    return [text[a:b].strip() for a, b in zip(cuts, cuts[1:], strict=False)]


def align(pieces: list[Piece], targets: list[Target]) -> Alignment:
    """Give each target provision the text of the piece with its slug (see module docstring)."""
    by_slug = {piece.slug: piece for piece in pieces}
    children: dict[str, list[Target]] = {}
    for target in targets:
        if target.parent:
            children.setdefault(target.parent, []).append(target)
    texts: dict[str, str] = {}
    used: set[str] = set()
    for target in targets:
        piece = by_slug.get(target.slug)
        if piece is None:
            continue
        used.add(piece.slug)
        own_children = children.get(target.slug, [])
        if own_children and not any(child.slug in by_slug for child in own_children):
            parts = paragraphs(piece.text)
            if len(parts) != len(own_children):
                parts = inline_paragraphs(piece.text, len(own_children)) or parts
            if len(parts) == len(own_children):
                for child, part in zip(own_children, parts, strict=True):
                    texts[child.slug] = part
                continue
        texts[target.slug] = piece.text
    rows = [AlignedRow(t.slug, t.label, texts.get(t.slug, "")) for t in targets]
    return Alignment(
        rows=rows,
        missing=[t.label for t in targets if t.has_text and not texts.get(t.slug)],
        unmatched=[piece for piece in pieces if piece.slug not in used],
    )


def align_text(text: str, targets: list[Target], *, title: str = "") -> Alignment:
    """Split `text` (raises importer.SplitError) and align it to `targets`."""
    pieces = split_text(text, title=title, split_paragraphs=False)
    # A title that is not the instrument's English title is still a title, not a preamble.
    if pieces and pieces[0].slug == "preamble":
        first, _, rest = pieces[0].text.partition("\n\n")
        if rest and _looks_like_title(first):
            pieces[0].text = rest.strip("\n")
    return align(pieces, targets)


def _looks_like_title(block: str) -> bool:
    # A title is one line without the comma or colon that ends the first preamble line.
    line = block.strip()
    return "\n" not in line and not line.endswith((",", ":", "，", "：", ";"))
