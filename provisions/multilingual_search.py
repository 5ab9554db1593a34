"""Full-text search over the texts in other languages (ProvisionText), on both databases.

The query syntax is the same as for English (provisions/search.py parses it); each language
is matched the way it is written:

- PostgreSQL: a `tsvector` per text in the column `search_vector`, computed by a trigger
  with the text-search configuration of the row's language (`russian`, `french`,
  `spanish`, `arabic`: stemming and stop words of that language), GIN-indexed (migration
  0007, PostgreSQL only; not a model field). A query is matched against each language with
  that language's configuration. Chinese has no word boundaries and PostgreSQL no Chinese
  parser, so Chinese is matched as substrings (`LIKE '%武器%'`), served by a pg_trgm GIN
  index on the Chinese texts where the extension is available.
- SQLite: an FTS5 table over the texts with the `trigram` tokenizer (case-insensitive), kept
  in sync by triggers (migration 0007, SQLite only): every term is matched as a substring,
  which suits Chinese and finds inflected forms (`оружие` in `оружием`). FTS5 trigrams need
  three characters; shorter terms (`武器`) are matched with LIKE.

A query group made only of exclusions ("-debris") is applied to the English only: against
the other languages it would find nearly every text.
"""

from __future__ import annotations

from django.contrib.postgres.search import SearchQuery
from django.db import connections
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.models import Q, QuerySet
from django.db.models.expressions import RawSQL

from .search import StoredVector, Term, clean_query, parse

# The PostgreSQL text-search configuration of each language; Chinese is matched as substrings.
CONFIGS = {"ar": "arabic", "fr": "french", "ru": "russian", "es": "spanish"}
SUBSTRING_LANGUAGES = ("zh",)
TEXT_TABLE = "provisions_provisiontext"
FTS_TABLE = "provisions_provisiontext_fts"
VECTOR_COLUMN = "search_vector"
TRIGRAM = 3  # the shortest string an FTS5 trigram index can match


def matching_texts(texts: QuerySet, q: str) -> QuerySet:
    """The ProvisionText rows of `texts` matching the web-search query `q`."""
    parsed = parse(q)
    groups = [group for group in parsed.groups if any(not term.excluded for term in group)]
    if not groups:
        return texts.none()
    if connections[texts.db].vendor == "postgresql":
        query = clean_query(q)
        condition = Q()
        for language, config in CONFIGS.items():
            condition |= Q(language=language) & Q(
                search_document=SearchQuery(query, search_type="websearch", config=config)
            )
        substrings = _any_group(groups, _substring)
        condition |= Q(language__in=SUBSTRING_LANGUAGES) & substrings
        return texts.alias(search_document=StoredVector()).filter(condition)
    return texts.filter(_any_group(groups, _sqlite_term))


def _any_group(groups, condition_for) -> Q:
    result = Q()
    for group in groups:
        part = Q()
        for term in group:
            matched = condition_for(term)
            part &= ~matched if term.excluded else matched
        result |= part
    return result


def _phrase_text(term: Term) -> str:
    return " ".join(term.words)


def _substring(term: Term) -> Q:
    return Q(text__contains=_phrase_text(term))


def _sqlite_term(term: Term) -> Q:
    phrase = _phrase_text(term)
    if len(phrase) < TRIGRAM:
        return Q(text__icontains=phrase)
    # Words hold only letters, digits and spaces, so quoting is all FTS5 needs.
    ids = RawSQL(f"SELECT rowid FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s", [f'"{phrase}"'])
    return Q(pk__in=ids)


# PostgreSQL: the stored vector, its trigger and indexes ------------------------------

_PG_DOCUMENT = (
    "to_tsvector((CASE {row}language "
    + " ".join(f"WHEN '{code}' THEN '{config}'" for code, config in CONFIGS.items())
    + " ELSE 'simple' END)::regconfig, COALESCE({row}text, ''))"
)

PG_FORWARD = [
    f"ALTER TABLE {TEXT_TABLE} ADD COLUMN {VECTOR_COLUMN} tsvector",
    f"""CREATE FUNCTION {TEXT_TABLE}_search_vector() RETURNS trigger
        LANGUAGE plpgsql AS $$
        BEGIN
          NEW.{VECTOR_COLUMN} := {_PG_DOCUMENT.format(row="NEW.")};
          RETURN NEW;
        END $$""",
    f"""CREATE TRIGGER {TEXT_TABLE}_search_vector
        BEFORE INSERT OR UPDATE OF language, text ON {TEXT_TABLE}
        FOR EACH ROW EXECUTE FUNCTION {TEXT_TABLE}_search_vector()""",
    f"UPDATE {TEXT_TABLE} SET {VECTOR_COLUMN} = {_PG_DOCUMENT.format(row='')}",
    f"CREATE INDEX provisiontext_search_idx ON {TEXT_TABLE} USING gin ({VECTOR_COLUMN})",
]
PG_TRIGRAM = [
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    f"CREATE INDEX provisiontext_trigram_idx ON {TEXT_TABLE} USING gin (text gin_trgm_ops) "
    "WHERE language = 'zh'",
]
PG_BACKWARD = [
    "DROP INDEX IF EXISTS provisiontext_trigram_idx",
    "DROP INDEX IF EXISTS provisiontext_search_idx",
    f"DROP TRIGGER IF EXISTS {TEXT_TABLE}_search_vector ON {TEXT_TABLE}",
    f"DROP FUNCTION IF EXISTS {TEXT_TABLE}_search_vector()",
    f"ALTER TABLE {TEXT_TABLE} DROP COLUMN IF EXISTS {VECTOR_COLUMN}",
]


def create_postgresql_index(connection: BaseDatabaseWrapper) -> None:
    with connection.cursor() as cursor:
        for sql in PG_FORWARD:
            cursor.execute(sql)
        cursor.execute("SELECT 1 FROM pg_available_extensions WHERE name = 'pg_trgm'")
        if cursor.fetchone():
            for sql in PG_TRIGRAM:
                cursor.execute(sql)


def drop_postgresql_index(connection: BaseDatabaseWrapper) -> None:
    with connection.cursor() as cursor:
        for sql in PG_BACKWARD:
            cursor.execute(sql)


# SQLite: the FTS5 table and its triggers ---------------------------------------------

_TRIGGERS = {
    f"{FTS_TABLE}_ai": f"""
        CREATE TRIGGER IF NOT EXISTS {FTS_TABLE}_ai AFTER INSERT ON {TEXT_TABLE} BEGIN
          INSERT INTO {FTS_TABLE}(rowid, text) VALUES (new.id, new.text);
        END""",
    f"{FTS_TABLE}_ad": f"""
        CREATE TRIGGER IF NOT EXISTS {FTS_TABLE}_ad AFTER DELETE ON {TEXT_TABLE} BEGIN
          INSERT INTO {FTS_TABLE}({FTS_TABLE}, rowid, text) VALUES ('delete', old.id, old.text);
        END""",
    f"{FTS_TABLE}_au": f"""
        CREATE TRIGGER IF NOT EXISTS {FTS_TABLE}_au AFTER UPDATE ON {TEXT_TABLE} BEGIN
          INSERT INTO {FTS_TABLE}({FTS_TABLE}, rowid, text) VALUES ('delete', old.id, old.text);
          INSERT INTO {FTS_TABLE}(rowid, text) VALUES (new.id, new.text);
        END""",
}


def _sqlite_names(connection: BaseDatabaseWrapper, kind: str) -> set[str]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT name FROM sqlite_master WHERE type = %s", [kind])
        return {row[0] for row in cursor.fetchall()}


def create_sqlite_index(connection: BaseDatabaseWrapper) -> None:
    """Create the FTS5 table and its triggers and index every text."""
    with connection.cursor() as cursor:
        cursor.execute(
            f"CREATE VIRTUAL TABLE IF NOT EXISTS {FTS_TABLE} USING fts5(text, "
            f"content='{TEXT_TABLE}', content_rowid='id', tokenize='trigram case_sensitive 0')"
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
    """Re-create lost triggers (a later migration may copy the table); see search.py."""
    if connection.vendor != "sqlite" or FTS_TABLE not in _sqlite_names(connection, "table"):
        return False
    if set(_TRIGGERS) <= _sqlite_names(connection, "trigger"):
        return False
    create_sqlite_index(connection)
    return True
