"""PostgreSQL: keep each provision's weighted tsvector in a column, maintained by a trigger.

Migration 0003 indexed the tsvector *expression*. Matching through that index is fast, but
everything else recomputed `to_tsvector` for every row it touched: ranking a common word
over 100,000 provisions took seconds, and a plan that filters provisions one instrument at a
time paid for the parsing on every row. A stored column is computed once per write.

The column is not a model field (SQLite keeps its FTS5 table instead; see provisions.search),
and a trigger rather than a generated column fills it, so that later migrations may still
alter the label, heading and text columns. Nothing changes on SQLite.
"""

from django.contrib.postgres.indexes import GinIndex
from django.db import migrations

from provisions import search

SEARCH_INDEX = "provision_search_idx"  # the same name as 0003's index, which it replaces

# Exactly the expression of search.search_vector(), as Django writes it (see 0003).
DOCUMENT = (
    "setweight(to_tsvector('english'::regconfig, COALESCE({row}label, '') || ' ' || "
    "COALESCE({row}heading, '')), 'A') || "
    "setweight(to_tsvector('english'::regconfig, COALESCE({row}text, '')), 'B')"
)

FORWARD = [
    f"ALTER TABLE provisions_provision ADD COLUMN {search.VECTOR_COLUMN} tsvector",
    f"""CREATE FUNCTION provisions_provision_search_vector() RETURNS trigger
        LANGUAGE plpgsql AS $$
        BEGIN
          NEW.{search.VECTOR_COLUMN} := {DOCUMENT.format(row="NEW.")};
          RETURN NEW;
        END $$""",
    f"""CREATE TRIGGER provisions_provision_search_vector
        BEFORE INSERT OR UPDATE OF label, heading, text ON provisions_provision
        FOR EACH ROW EXECUTE FUNCTION provisions_provision_search_vector()""",
    f"UPDATE provisions_provision SET {search.VECTOR_COLUMN} = {DOCUMENT.format(row='')}",
    f"DROP INDEX IF EXISTS {SEARCH_INDEX}",
    f"CREATE INDEX {SEARCH_INDEX} ON provisions_provision USING gin ({search.VECTOR_COLUMN})",
]

BACKWARD = [
    f"DROP INDEX IF EXISTS {SEARCH_INDEX}",
    "DROP TRIGGER IF EXISTS provisions_provision_search_vector ON provisions_provision",
    "DROP FUNCTION IF EXISTS provisions_provision_search_vector()",
    f"ALTER TABLE provisions_provision DROP COLUMN IF EXISTS {search.VECTOR_COLUMN}",
]


def store_search_vector(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for sql in FORWARD:
        schema_editor.execute(sql)


def drop_search_vector(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for sql in BACKWARD:
        schema_editor.execute(sql)
    Provision = apps.get_model("provisions", "Provision")
    schema_editor.add_index(Provision, GinIndex(search.search_vector(), name=SEARCH_INDEX))


class Migration(migrations.Migration):

    dependencies = [
        ("provisions", "0003_definedterm_provision_search"),
    ]

    operations = [
        migrations.RunPython(store_search_vector, drop_search_vector, elidable=False),
    ]
