"""Full-text search over the texts in other languages: see provisions/multilingual_search.py.

PostgreSQL: a stored tsvector per text in its language's configuration, a trigger and a GIN
index, and a pg_trgm index for Chinese. SQLite: an FTS5 trigram table with triggers. Neither
is a model field, so the migration state does not change.
"""

from django.db import migrations

from provisions import multilingual_search


def create_index(apps, schema_editor):
    connection = schema_editor.connection
    if connection.vendor == "postgresql":
        multilingual_search.create_postgresql_index(connection)
    elif connection.vendor == "sqlite":
        multilingual_search.create_sqlite_index(connection)


def drop_index(apps, schema_editor):
    connection = schema_editor.connection
    if connection.vendor == "postgresql":
        multilingual_search.drop_postgresql_index(connection)
    elif connection.vendor == "sqlite":
        multilingual_search.drop_sqlite_index(connection)


class Migration(migrations.Migration):
    dependencies = [
        ("provisions", "0007_provision_texts"),
    ]

    operations = [
        migrations.RunPython(create_index, drop_index, elidable=False),
    ]
