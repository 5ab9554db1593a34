"""'Did you mean': a search that finds little, re-spelt from the corpus's own vocabulary.

The vocabulary is the words of the published provisions as the English full-text index holds
them (stems: `weapon` for "weapons"), so a suggestion is always a word the search can find:

- PostgreSQL: `ts_stat` over the stored `search_vector`, narrowed with pg_trgm's `%`
  (similarity above `pg_trgm.similarity_threshold`, 0.3 by default); migration 0011.
- SQLite: the `fts5vocab` table over the FTS5 index (one row per occurrence, so that words
  of unpublished instruments can be left out), narrowed by length; migration 0011.

Either way one query fetches the candidates for every word of the query, and Python picks
for each unknown word the candidate at the smallest edit distance. Nothing the user types
reaches the SQL but as bound parameters.
"""

from __future__ import annotations

import re

from django.db import connection

from .search import FTS_TABLE as PROVISION_FTS_TABLE
from .search import STOP_WORDS, WORD, clean_query

VOCABULARY_TABLE = f"{PROVISION_FTS_TABLE}_words"
# At most this many results and the list offers a re-spelt query.
FEW_RESULTS = 2
# A word this far or farther from every word of the corpus is left as it is.
MAX_DISTANCE = 3
MIN_WORD_LENGTH = 3
MAX_WORDS = 8

_PUBLISHED_VECTORS = (
    "SELECT p.search_vector FROM provisions_provision p "
    "JOIN instruments_instrument i ON i.id = p.instrument_id WHERE i.published"
)
_PG_CANDIDATES = "SELECT word, ndoc FROM ts_stat(%s) WHERE word %% ANY(%s)"
_SQLITE_CANDIDATES = (
    f"SELECT v.term, COUNT(DISTINCT v.doc) FROM {VOCABULARY_TABLE} v "
    "JOIN provisions_provision p ON p.id = v.doc "
    "JOIN instruments_instrument i ON i.id = p.instrument_id "
    "WHERE i.published AND length(v.term) BETWEEN %s AND %s GROUP BY v.term"
)

SQLITE_FORWARD = [
    f"CREATE VIRTUAL TABLE IF NOT EXISTS {VOCABULARY_TABLE} "
    f"USING fts5vocab({PROVISION_FTS_TABLE}, instance)"
]
SQLITE_BACKWARD = [f"DROP TABLE IF EXISTS {VOCABULARY_TABLE}"]


def distance(a: str, b: str) -> int:
    """The Levenshtein distance between two words."""
    previous = list(range(len(b) + 1))
    for i, char_a in enumerate(a, 1):
        current = [i]
        for j, char_b in enumerate(b, 1):
            current.append(
                min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (char_a != char_b))
            )
        previous = current
    return previous[-1]


def query_words(q: str) -> list[str]:
    """The words of `q` worth re-spelling: not stop words, not too short, not excluded."""
    words: list[str] = []
    for chunk in clean_query(q).split():
        if chunk.startswith("-") or chunk.lower() == "or":
            continue
        for word in WORD.findall(chunk.lower()):
            if len(word) >= MIN_WORD_LENGTH and word not in STOP_WORDS and not word.isdigit():
                if word not in words:
                    words.append(word)
    return words[:MAX_WORDS]


def _candidates(words: list[str]) -> list[tuple[str, int]]:
    """(word, number of provisions) of the corpus's vocabulary near any of `words`: one
    query."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(_PG_CANDIDATES, [_PUBLISHED_VECTORS, words])
        else:
            # Down to half the length: the stems that tell a word is known ("activ").
            shortest = min(len(word) for word in words) // 2
            longest = max(len(word) for word in words) + MAX_DISTANCE - 1
            cursor.execute(_SQLITE_CANDIDATES, [shortest, longest])
        return [(term, count) for term, count in cursor.fetchall()]


# What the stemmers cut off: a word that is a known stem plus one of these is known.
SUFFIXES = frozenset(
    "s es ed ing ly e er ers al ally ation ations ities ity ive ment ments ness ise ize "
    "ised ized ous".split()
)


def _known(word: str, vocabulary: set[str]) -> bool:
    # The index holds stems: "weapons" is there as "weapon", "activities" as "activ",
    # "party" as "parti"; "weapon" plus a typo ("weaponn") is not known.
    for term in vocabulary:
        if word == term or (word.startswith(term) and word[len(term) :] in SUFFIXES):
            return True
        if term.endswith("i") and word[: len(term) - 1] == term[:-1]:
            if word[len(term) - 1 :] in {"y", "ies", "ied"}:
                return True
    return False


def _closest(word: str, candidates: list[tuple[str, int]]) -> str | None:
    scored = [
        (distance(word, term), -count, term)
        for term, count in candidates
        if abs(len(term) - len(word)) < MAX_DISTANCE
    ]
    best = min(scored, default=None)
    if best is None or best[0] >= MAX_DISTANCE or best[0] == 0:
        return None
    return best[2]


def suggest(q: str) -> list[str]:
    """Queries like `q` with each word the corpus does not hold replaced by the nearest one
    it does; empty when every word is known or nothing is near (one query, none when `q`
    has no word to re-spell)."""
    words = query_words(q)
    if not words:
        return []
    candidates = _candidates(words)
    vocabulary = {term for term, _ in candidates}
    replacements = {}
    for word in words:
        if _known(word, vocabulary):
            continue
        closest = _closest(word, candidates)
        if closest is not None:
            replacements[word] = closest
    if not replacements:
        return []
    pattern = re.compile(
        r"(?<![^\W_])(" + "|".join(map(re.escape, replacements)) + r")(?![^\W_])", re.IGNORECASE
    )
    corrected = pattern.sub(lambda match: replacements[match[1].lower()], clean_query(q))
    return [corrected]
