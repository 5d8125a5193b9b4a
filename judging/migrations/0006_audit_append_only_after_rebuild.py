"""The append-only trigger again on SQLite, which lost it when 0005 rebuilt the table.

SQLite adds a check constraint by copying the table into a new one, and a table's triggers go
with the old copy; PostgreSQL alters the table in place and keeps its trigger.
"""

from django.db import migrations

SQLITE_FORWARD = """
    CREATE TRIGGER IF NOT EXISTS judging_auditrecord_no_update BEFORE UPDATE ON judging_auditrecord
    BEGIN SELECT RAISE(ABORT, 'the judging log is append-only'); END;
"""


def restore_trigger(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        schema_editor.execute(SQLITE_FORWARD)


class Migration(migrations.Migration):
    dependencies = [("judging", "0005_text_limits")]

    operations = [migrations.RunPython(restore_trigger, migrations.RunPython.noop)]
