"""Align two lists of provisions and diff their words.

Pure functions on plain data, no database, no HTML: the view fetches the provisions and
the template renders the segments with autoescaping, wrapping insertions and deletions in
<ins> and <del>. Nothing here ever marks text as safe.

Alignment pairs each provision of the old instrument with at most one of the new. A pair
scores its text similarity (difflib's ratio over words), plus a bonus when the numbers
("Article IV" = "Article 4") or the headings agree; the best-scoring pairs are taken
first. So equal numbers win as long as the texts are related, but an article that kept its
text and changed its number pairs with its old self, not with the new article that now
carries its old number.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from difflib import SequenceMatcher

from .numerals import roman_to_int

# A pair with neither the same number nor the same heading must be at least this similar.
SIMILARITY_THRESHOLD = 0.5
SAME_NUMBER_BONUS = 0.5
SAME_HEADING_BONUS = 0.25

_NUMBERED_PART = re.compile(
    r"\b(?P<kind>article|guideline|paragraph|part|section|element|measure)\s+"
    r"(?P<number>[a-z]\.\d+|\d+|[ivxlc]+\b|[a-z]\b)",
    re.IGNORECASE,
)
_TOKEN = re.compile(r"\w+|[^\w\s]+|\s+")


@dataclass(frozen=True)
class Side:
    """What the comparison needs of one provision."""

    slug: str
    label: str
    heading: str = ""
    text: str = ""


@dataclass(frozen=True)
class Segment:
    op: str  # "equal", "insert" or "delete"
    text: str


@dataclass
class Pair:
    old: Side | None
    new: Side | None
    status: str  # "added", "removed", "changed" or "unchanged"
    similarity: float = 0.0
    text_diff: list[Segment] = field(default_factory=list)
    heading_diff: list[Segment] = field(default_factory=list)

    @property
    def renumbered(self) -> bool:
        return bool(self.old and self.new and self.old.label != self.new.label)


@dataclass
class Alignment:
    pairs: list[Pair]
    counts: dict[str, int]


def label_key(label: str) -> str:
    """A label's number in a comparable form: "Article IV, paragraph 1" -> "article 4/paragraph 1".

    Labels without a number compare as their lower-cased words ("preamble").
    """
    parts = []
    for match in _NUMBERED_PART.finditer(label):
        kind, number = match["kind"].lower(), match["number"].upper()
        if kind in ("article", "part", "paragraph") and re.fullmatch(r"[IVXLC]+", number):
            number = str(roman_to_int(number))
        parts.append(f"{kind} {number.lower()}")
    return "/".join(parts) if parts else " ".join(label.split()).casefold()


def _words(text: str) -> list[str]:
    return text.split()


def similarity(old: str, new: str) -> float:
    """How alike two texts are, 0 to 1, word by word. Empty texts are alike to nothing."""
    if not old.strip() or not new.strip():
        return 0.0
    return SequenceMatcher(None, _words(old), _words(new), autojunk=False).ratio()


def word_diff(old: str, new: str) -> list[Segment]:
    """The differences between two texts as runs of equal, deleted and inserted words.

    Whitespace and punctuation are tokens of their own, so a changed comma shows as such.
    """
    before, after = _TOKEN.findall(old or ""), _TOKEN.findall(new or "")
    segments: list[Segment] = []

    def add(op: str, tokens: list[str]) -> None:
        text = "".join(tokens)
        if not text:
            return
        if segments and segments[-1].op == op:
            segments[-1] = Segment(op, segments[-1].text + text)
        else:
            segments.append(Segment(op, text))

    matcher = SequenceMatcher(None, before, after, autojunk=False)
    opcodes = matcher.get_opcodes()
    pending_delete: list[str] = []
    pending_insert: list[str] = []

    def flush() -> None:
        add("delete", pending_delete)
        add("insert", pending_insert)
        pending_delete.clear()
        pending_insert.clear()

    for index, (op, i1, i2, j1, j2) in enumerate(opcodes):
        between_changes = 0 < index < len(opcodes) - 1
        if op == "equal" and not (between_changes and _trivial(before[i1:i2])):
            flush()
            add("equal", before[i1:i2])
        else:
            # A change, or a run of spaces and short words between two changes: shown as
            # one deletion and one insertion, which reads better than confetti.
            pending_delete.extend(before[i1:i2])
            pending_insert.extend(after[j1:j2])
    flush()
    return segments


def _trivial(tokens: list[str]) -> bool:
    """Spaces, punctuation and at most one short word ("the", "of")."""
    words = [token for token in tokens if token.strip() and token[0].isalnum()]
    return len(words) == 0 or (len(words) == 1 and len(words[0]) <= 3)


def _candidates(old: list[Side], new: list[Side]) -> list[tuple[float, int, int, float]]:
    """Every acceptable pair as (score, old index, new index, similarity)."""
    old_keys = [label_key(side.label) for side in old]
    old_words = [_words(side.text) for side in old]
    matcher = SequenceMatcher(autojunk=False)
    found = []
    for j, right in enumerate(new):
        key, words = label_key(right.label), _words(right.text)
        matcher.set_seq2(words)  # difflib caches its work on the second sequence
        heading = " ".join(right.heading.split()).casefold()
        for i, left in enumerate(old):
            bonus = 0.0
            if old_keys[i] == key:
                bonus += SAME_NUMBER_BONUS
            if heading and " ".join(left.heading.split()).casefold() == heading:
                bonus += SAME_HEADING_BONUS
            ratio = 0.0
            if words and old_words[i]:
                matcher.set_seq1(old_words[i])
                # The cheap upper bounds skip pairs that cannot reach the threshold.
                if bonus or (
                    matcher.real_quick_ratio() >= SIMILARITY_THRESHOLD
                    and matcher.quick_ratio() >= SIMILARITY_THRESHOLD
                ):
                    ratio = matcher.ratio()
            if bonus or ratio >= SIMILARITY_THRESHOLD:
                # Ties go to the pair nearer in document order.
                distance = abs(i / max(len(old), 1) - j / max(len(new), 1))
                found.append((bonus + ratio - distance / 1000, i, j, ratio))
    return found


def align(old: list[Side], new: list[Side]) -> Alignment:
    """Pair the provisions of two instruments and diff each pair, in the new one's order.

    Provisions only in the old instrument are placed after the last paired provision that
    came before them in the old instrument.
    """
    partner_of_new: dict[int, tuple[int, float]] = {}
    taken_old: set[int] = set()
    for _score, i, j, ratio in sorted(_candidates(old, new), key=lambda c: -c[0]):
        if i in taken_old or j in partner_of_new:
            continue
        taken_old.add(i)
        partner_of_new[j] = (i, ratio)

    pairs: list[Pair] = []
    next_old = 0

    def flush_removed(up_to: int) -> None:
        nonlocal next_old
        while next_old < up_to:
            if next_old not in taken_old:
                side = old[next_old]
                pairs.append(Pair(side, None, "removed", text_diff=word_diff(side.text, "")))
            next_old += 1

    for j, right in enumerate(new):
        if j not in partner_of_new:
            pairs.append(Pair(None, right, "added", text_diff=word_diff("", right.text)))
            continue
        i, ratio = partner_of_new[j]
        flush_removed(i)
        next_old = max(next_old, i + 1)
        left = old[i]
        same = (left.label, left.heading, left.text) == (right.label, right.heading, right.text)
        pairs.append(
            Pair(
                left,
                right,
                "unchanged" if same else "changed",
                similarity=ratio,
                text_diff=word_diff(left.text, right.text),
                heading_diff=word_diff(left.heading, right.heading),
            )
        )
    flush_removed(len(old))
    counts = dict.fromkeys(("added", "removed", "changed", "unchanged"), 0)
    for pair in pairs:
        counts[pair.status] += 1
    return Alignment(pairs, counts)
