from django.contrib.postgres.operations import TrigramExtension
from django.db import migrations

from provisions import suggestions

# The vocabulary behind "did you mean" (provisions/suggestions.py): pg_trgm on PostgreSQL
# (TrigramExtension does nothing on other databases), an fts5vocab table over the FTS5 index
# on SQLite. Neither is part of the migration state.


def create_vocabulary(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        for sql in suggestions.SQLITE_FORWARD:
            schema_editor.execute(sql)


def drop_vocabulary(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        for sql in suggestions.SQLITE_BACKWARD:
            schema_editor.execute(sql)


class KeepTrigramExtension(TrigramExtension):
    """Created on the way forward, kept on the way back: other objects in the database (the
    test database of another app, an operator's index) may depend on pg_trgm."""

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        pass


class Migration(migrations.Migration):
    dependencies = [
        ("provisions", "0010_coverage_qualifier"),
    ]

    operations = [
        KeepTrigramExtension(),
        migrations.RunPython(create_vocabulary, drop_vocabulary, elidable=False),
    ]
