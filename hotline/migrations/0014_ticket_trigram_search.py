"""Trigram GIN indexes for ticket search (hotline.selectors.search) on PostgreSQL: pg_trgm serves
``LIKE '%word%'`` on content and address from three characters up, Chinese included (the database's
LC_CTYPE must class CJK characters as letters, as C.UTF-8 and zh_CN.UTF-8 do). On any other database
this migration does nothing; the same filters scan there.

Built CONCURRENTLY (outside a transaction) so that a live database keeps taking tickets while the
indexes build. The extension needs a role allowed to create it (superuser, or owner with
pg_trgm trusted, as it is from PostgreSQL 13)."""

from django.db import migrations

INDEXES = {
    "ticket_content_trgm": "content",
    "ticket_address_trgm": "address",
}


def indexes_create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    for name, column in INDEXES.items():
        schema_editor.execute(
            f"CREATE INDEX CONCURRENTLY IF NOT EXISTS {name} ON hotline_ticket USING gin ({column} gin_trgm_ops)"
        )


def indexes_drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name in INDEXES:
        schema_editor.execute(f"DROP INDEX CONCURRENTLY IF EXISTS {name}")


class Migration(migrations.Migration):
    atomic = False

    dependencies = [
        ("hotline", "0013_category_request_type_english_names"),
    ]

    operations = [
        migrations.RunPython(indexes_create, indexes_drop, elidable=False),
    ]
