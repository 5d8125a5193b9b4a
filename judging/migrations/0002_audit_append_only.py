"""The judging log is append-only in the database too, not only in the code.

UPDATE of a record is refused by a trigger on SQLite and PostgreSQL; DELETE is refused on
PostgreSQL (where test databases are emptied with TRUNCATE, which the trigger does not see;
SQLite empties them with DELETE, so there a deletion is caught by the chain instead).
The head row the writers lock is created here.
"""

from django.db import migrations

SQLITE_FORWARD = [
    """
    CREATE TRIGGER judging_auditrecord_no_update BEFORE UPDATE ON judging_auditrecord
    BEGIN SELECT RAISE(ABORT, 'the judging log is append-only'); END;
    """,
]
SQLITE_BACKWARD = ["DROP TRIGGER IF EXISTS judging_auditrecord_no_update;"]

POSTGRES_FORWARD = [
    """
    CREATE OR REPLACE FUNCTION judging_auditrecord_append_only() RETURNS trigger AS $$
    BEGIN
        RAISE EXCEPTION 'the judging log is append-only';
    END;
    $$ LANGUAGE plpgsql;
    """,
    """
    CREATE TRIGGER judging_auditrecord_append_only BEFORE UPDATE OR DELETE ON judging_auditrecord
    FOR EACH ROW EXECUTE FUNCTION judging_auditrecord_append_only();
    """,
]
POSTGRES_BACKWARD = [
    "DROP TRIGGER IF EXISTS judging_auditrecord_append_only ON judging_auditrecord;",
    "DROP FUNCTION IF EXISTS judging_auditrecord_append_only();",
]


def _run(statements_by_vendor):
    def run(apps, schema_editor):
        for statement in statements_by_vendor.get(schema_editor.connection.vendor, []):
            schema_editor.execute(statement)

    return run


def create_head(apps, schema_editor):
    apps.get_model("judging", "AuditHead").objects.get_or_create(pk=1)


class Migration(migrations.Migration):
    dependencies = [("judging", "0001_initial")]

    operations = [
        migrations.RunPython(
            _run({"sqlite": SQLITE_FORWARD, "postgresql": POSTGRES_FORWARD}),
            _run({"sqlite": SQLITE_BACKWARD, "postgresql": POSTGRES_BACKWARD}),
        ),
        migrations.RunPython(create_head, migrations.RunPython.noop),
    ]
