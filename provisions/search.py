"""Full-text search over provisions, on PostgreSQL and on SQLite, with one query syntax.

Both databases understand the web-search syntax of PostgreSQL's `websearch_to_tsquery`:
words (all must appear, English stemming, stop words ignored), "quoted phrases", `or`
between alternatives and `-word` or `-"a phrase"` to exclude.

- PostgreSQL: a weighted `tsvector` (label and heading weight A, text weight B) matched with
  `websearch_to_tsquery('english', q)`, ranked with `ts_rank`, excerpts by `ts_headline`.
  The vector is stored in the column `search_vector`, kept up to date by a trigger and
  served by a GIN index (migration 0004, PostgreSQL only; not a model field).
- SQLite: an FTS5 table over the same three columns with the Porter stemmer, kept in sync
  with `provisions_provision` by triggers (migration 0002, SQLite only). The query is parsed
  here, in Python, into an FTS5 expression; ranking is `bm25` with the same column weights
  in spirit, excerpts are FTS5 `snippet()`.

Nothing the user types reaches either database as SQL: on PostgreSQL the string is a bound
parameter of `websearch_to_tsquery`, which accepts any text; on SQLite every term is
re-quoted by `fts5_expression`, so the FTS5 grammar never sees user punctuation.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.contrib.postgres.search import (
    SearchHeadline,
    SearchQuery,
    SearchRank,
    SearchVector,
    SearchVectorField,
)
from django.db import connections
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.models import Expression, FloatField, Q, QuerySet, TextField, Value
from django.db.models.expressions import RawSQL

CONFIG = "english"
# Longer queries are refused by the filter form; this only bounds the SQLite expression.
MAX_TERMS = 32
# Private-use characters mark the start and end of a match in raw excerpts; they cannot
# occur in the corpus and survive escaping, so text.highlighted() can turn them into <mark>.
MARK_START = "\ue000"
MARK_STOP = "\ue001"
FRAGMENT_DELIMITER = " … "

FTS_TABLE = "provisions_provision_fts"
PROVISION_TABLE = "provisions_provision"
# Column weights for bm25 (label, heading, text): the label and heading count as PostgreSQL's
# weight A against B for the text.
BM25 = f"bm25({FTS_TABLE}, 2.5, 2.5, 1.0)"

# PostgreSQL's English stop words (snowball english.stop): PostgreSQL drops them from a query,
# so SQLite must too, or "the weapons" would find fewer provisions there.
STOP_WORDS = frozenset(
    """
    i me my myself we our ours ourselves you your yours yourself yourselves he him his himself
    she her hers herself it its itself they them their theirs themselves what which who whom
    this that these those am is are was were be been being have has had having do does did
    doing a an the and but if or because as until while of at by for with about against
    between into through during before after above below to from up down in out on off over
    under again further then once here there when where why how all any both each few more
    most other some such no nor not only own same so than too very s t can will just don
    should now
    """.split()
)

# A word is a run of letters and digits: what both PostgreSQL's parser and FTS5's unicode61
# tokenizer treat as one token (underscore and punctuation separate words in both).
WORD = re.compile(r"[^\W_]+")
# A quoted phrase (an unclosed quote runs to the end, as in PostgreSQL), or a bare chunk.
CHUNK = re.compile(r'(?P<neg>-?)"(?P<phrase>[^"]*)"?|(?P<bare>[^\s"]+)')


@dataclass(frozen=True)
class Term:
    """One word, or several words that must appear next to each other, maybe excluded."""

    words: tuple[str, ...]
    excluded: bool = False


@dataclass(frozen=True)
class ParsedQuery:
    """Alternatives (`or`) of groups of terms that must all match."""

    groups: tuple[tuple[Term, ...], ...]

    @property
    def is_empty(self) -> bool:
        return not self.groups


def clean_query(q: str) -> str:
    """The query as it may reach a database: no NUL (psycopg2 refuses it), trimmed."""
    return q.replace("\x00", " ").strip()


def parse(q: str) -> ParsedQuery:
    """Parse web-search syntax the way PostgreSQL's `websearch_to_tsquery` reads it."""
    groups: list[list[Term]] = [[]]
    count = 0
    for match in CHUNK.finditer(clean_query(q)):
        if count >= MAX_TERMS:
            break
        if match["bare"] is not None:
            bare = match["bare"]
            if bare.lower() == "or":
                groups.append([])
                continue
            excluded = bare.startswith("-")
            words = tuple(WORD.findall(bare.lower()))
            # A single bare word that PostgreSQL would drop as a stop word is dropped here too.
            if len(words) == 1 and words[0] in STOP_WORDS:
                continue
        else:
            excluded = bool(match["neg"])
            words = tuple(WORD.findall(match["phrase"].lower()))
            if all(word in STOP_WORDS for word in words):
                continue
        if words:
            groups[-1].append(Term(words, excluded))
            count += 1
    return ParsedQuery(tuple(tuple(group) for group in groups if group))


def _vendor(queryset: QuerySet) -> str:
    return connections[queryset.db].vendor


# PostgreSQL ------------------------------------------------------------------------


def search_vector() -> SearchVector:
    """The weighted document vector, as an expression.

    Queries read the stored copy instead (`StoredVector`); migration 0004's trigger computes
    that copy with this very expression. Change both together.
    """
    return SearchVector("label", "heading", weight="A", config=CONFIG) + SearchVector(
        "text", weight="B", config=CONFIG
    )


VECTOR_COLUMN = "search_vector"


class StoredVector(Expression):
    """The provision table's stored `search_vector` column (PostgreSQL only).

    Not a model field, since SQLite has no such column; this expression names it under
    whatever alias the query gives the provision table, so that it works in subqueries too
    (the facet counts filter through them).
    """

    output_field = SearchVectorField()

    def __init__(self, alias: str | None = None) -> None:
        super().__init__()
        self.alias = alias

    def resolve_expression(self, query=None, *args, **kwargs) -> StoredVector:
        clone = self.copy()
        clone.alias = query.get_initial_alias()
        return clone

    def relabeled_clone(self, change_map: dict[str, str]) -> StoredVector:
        clone = self.copy()
        clone.alias = change_map.get(self.alias, self.alias)
        return clone

    @property
    def identity(self) -> tuple:
        return (type(self), self.alias)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, StoredVector) and other.alias == self.alias

    def __hash__(self) -> int:
        return hash((type(self), self.alias))

    def as_sql(self, compiler, connection) -> tuple[str, list]:
        table = compiler.quote_name(self.alias)
        return f"{table}.{connection.ops.quote_name(VECTOR_COLUMN)}", []

    def get_group_by_cols(self) -> list:
        return [self]


def _pg_query(q: str) -> SearchQuery:
    return SearchQuery(clean_query(q), search_type="websearch", config=CONFIG)


# SQLite ----------------------------------------------------------------------------


def _phrase(term: Term) -> str:
    # Words hold only letters and digits, so quoting them is all the escaping FTS5 needs.
    return '"' + " ".join(term.words) + '"'


def fts5_expression(group: tuple[Term, ...]) -> str | None:
    """The FTS5 MATCH expression for one group, or None when it only excludes words."""
    included = [_phrase(term) for term in group if not term.excluded]
    excluded = [_phrase(term) for term in group if term.excluded]
    if not included:
        return None
    expression = "(" + " AND ".join(included) + ")"
    if excluded:
        expression += " NOT (" + " OR ".join(excluded) + ")"
    return expression


def _fts_ids(expression: str) -> RawSQL:
    return RawSQL(f"SELECT rowid FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s", [expression])


def _sqlite_condition(parsed: ParsedQuery) -> Q:
    condition = Q()
    for group in parsed.groups:
        expression = fts5_expression(group)
        if expression is None:
            # Only exclusions, e.g. "-debris": everything that does not match them.
            excluded = " OR ".join(_phrase(term) for term in group)
            part = ~Q(pk__in=_fts_ids(excluded))
        else:
            part = Q(pk__in=_fts_ids(expression))
        condition |= part
    return condition


def _sqlite_positive_expression(parsed: ParsedQuery) -> str | None:
    expressions = [e for e in (fts5_expression(g) for g in parsed.groups) if e is not None]
    return " OR ".join(expressions) if expressions else None


# Both ------------------------------------------------------------------------------


def matching(
    queryset: QuerySet,
    q: str,
    *,
    english: bool = True,
    or_in: QuerySet | None = None,
    walk: bool = False,
) -> QuerySet:
    """Provisions of `queryset` matching the web-search query `q` (no ordering added).

    `english=False` leaves the English text out; `or_in`, a query of provision ids (those
    whose texts in other languages match: see multilingual_search.py), adds them. `walk`
    writes the condition for reading the rows in document order and stopping after a page:
    see WALK_FROM in listing.py.
    """
    parsed = parse(q)
    if parsed.is_empty or (not english and or_in is None):
        return queryset.none()
    condition = Q(pk__in=or_in) if or_in is not None else Q()
    if english and _vendor(queryset) == "postgresql":
        queryset = queryset.alias(search_document=StoredVector())
        if or_in is None:
            return queryset.filter(search_document=_pg_query(q))
        if walk:
            # Tested row by row: PostgreSQL can walk the index of the order and stop after a
            # page, where the UNION below makes it collect and sort every match first.
            return queryset.filter(Q(search_document=_pg_query(q)) | Q(pk__in=or_in.order_by()))
        # A UNION of ids rather than OR: each side keeps its GIN index (an OR with a
        # subquery cannot be a bitmap OR, so it would scan every provision).
        english_ids = (
            queryset.model.objects.alias(search_document=StoredVector())
            .filter(search_document=_pg_query(q))
            .order_by()
            .values("pk")
        )
        return queryset.filter(pk__in=english_ids.union(or_in.order_by()))
    if english:
        return queryset.filter(_sqlite_condition(parsed) | condition)
    return queryset.filter(condition)


def rank(queryset: QuerySet, q: str) -> Expression:
    """An expression for the relevance of each provision to `q`: higher is better.

    Only for the outermost query: on SQLite it refers to the provision table by name.
    """
    if _vendor(queryset) == "postgresql":
        return SearchRank(StoredVector(), _pg_query(q))
    expression = _sqlite_positive_expression(parse(q))
    if expression is None:
        return Value(0.0, output_field=FloatField())
    return RawSQL(
        f"SELECT -{BM25} FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s "
        f'AND rowid = "{PROVISION_TABLE}"."id"',
        [expression],
        output_field=FloatField(),
    )


def headline(queryset: QuerySet, q: str) -> Expression:
    """An expression for an excerpt of the text around the matches of `q`.

    Matches are wrapped in MARK_START/MARK_STOP; the result is raw Markdown source and must go
    through text.highlighted() before it reaches a page. NULL when there is nothing to show.
    """
    if _vendor(queryset) == "postgresql":
        return SearchHeadline(
            "text",
            _pg_query(q),
            config=CONFIG,
            start_sel=MARK_START,
            stop_sel=MARK_STOP,
            max_words=30,
            min_words=12,
            max_fragments=2,
            fragment_delimiter=FRAGMENT_DELIMITER,
        )
    expression = _sqlite_positive_expression(parse(q))
    if expression is None:
        return Value(None, output_field=TextField())
    return RawSQL(
        f"SELECT snippet({FTS_TABLE}, 2, %s, %s, %s, 24) FROM {FTS_TABLE} "
        f'WHERE {FTS_TABLE} MATCH %s AND rowid = "{PROVISION_TABLE}"."id"',
        [MARK_START, MARK_STOP, "…", expression],
        output_field=TextField(),
    )


# The SQLite index and its triggers ---------------------------------------------------

_FTS_COLUMNS = "label, heading, text"
_TRIGGERS = {
    f"{FTS_TABLE}_ai": f"""
        CREATE TRIGGER IF NOT EXISTS {FTS_TABLE}_ai AFTER INSERT ON {PROVISION_TABLE} BEGIN
          INSERT INTO {FTS_TABLE}(rowid, {_FTS_COLUMNS})
          VALUES (new.id, new.label, new.heading, new.text);
        END""",
    f"{FTS_TABLE}_ad": f"""
        CREATE TRIGGER IF NOT EXISTS {FTS_TABLE}_ad AFTER DELETE ON {PROVISION_TABLE} BEGIN
          INSERT INTO {FTS_TABLE}({FTS_TABLE}, rowid, {_FTS_COLUMNS})
          VALUES ('delete', old.id, old.label, old.heading, old.text);
        END""",
    f"{FTS_TABLE}_au": f"""
        CREATE TRIGGER IF NOT EXISTS {FTS_TABLE}_au AFTER UPDATE ON {PROVISION_TABLE} BEGIN
          INSERT INTO {FTS_TABLE}({FTS_TABLE}, rowid, {_FTS_COLUMNS})
          VALUES ('delete', old.id, old.label, old.heading, old.text);
          INSERT INTO {FTS_TABLE}(rowid, {_FTS_COLUMNS})
          VALUES (new.id, new.label, new.heading, new.text);
        END""",
}


def _sqlite_names(connection: BaseDatabaseWrapper, kind: str) -> set[str]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT name FROM sqlite_master WHERE type = %s", [kind])
        return {row[0] for row in cursor.fetchall()}


def create_sqlite_index(connection: BaseDatabaseWrapper) -> None:
    """Create the FTS5 table and its triggers and index every provision."""
    with connection.cursor() as cursor:
        cursor.execute(
            f"CREATE VIRTUAL TABLE IF NOT EXISTS {FTS_TABLE} USING fts5({_FTS_COLUMNS}, "
            f"content='{PROVISION_TABLE}', content_rowid='id', "
            "tokenize='porter unicode61 remove_diacritics 2')"
        )
        for sql in _TRIGGERS.values():
            cursor.execute(sql)
        cursor.execute(f"INSERT INTO {FTS_TABLE}({FTS_TABLE}) VALUES ('rebuild')")


def drop_sqlite_index(connection: BaseDatabaseWrapper) -> None:
    with connection.cursor() as cursor:
        for name in _TRIGGERS:
            cursor.execute(f"DROP TRIGGER IF EXISTS {name}")
        cursor.execute(f"DROP TABLE IF EXISTS {FTS_TABLE}")


def repair_sqlite_index(connection: BaseDatabaseWrapper) -> bool:
    """Re-create lost triggers and re-index; returns whether anything was missing.

    SQLite cannot alter most columns in place, so a later migration of Provision copies the
    table and drops the old one, and its triggers go with it. Run after every `migrate`.
    """
    if connection.vendor != "sqlite" or FTS_TABLE not in _sqlite_names(connection, "table"):
        return False
    if set(_TRIGGERS) <= _sqlite_names(connection, "trigger"):
        return False
    create_sqlite_index(connection)
    return True
