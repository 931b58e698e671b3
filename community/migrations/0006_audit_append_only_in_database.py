"""The audit trail is append-only in the database itself, not only through the model's save()/delete().

A bulk ``AuditLog.objects.update()`` or ``.delete()`` (or any UPDATE/DELETE in SQL) is refused by a
trigger: on PostgreSQL a row trigger raising an exception, on SQLite ``RAISE(ABORT)``. Emptying the
whole database (``manage.py flush``, used between transactional tests) stays possible: PostgreSQL's
TRUNCATE fires no row trigger, and on SQLite the flush command first writes a row into
``community_audit_unlock`` (see community/management/commands/flush.py), the one way past the trigger.

Comes after 0005: on SQLite an AlterField rebuilds the table and would drop the triggers with it.
"""

from django.db import migrations

PG_FORWARD = """
CREATE OR REPLACE FUNCTION community_auditlog_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'audit rows are append-only: % on community_auditlog refused', TG_OP;
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER community_auditlog_append_only BEFORE UPDATE OR DELETE ON community_auditlog
    FOR EACH ROW EXECUTE FUNCTION community_auditlog_append_only();
"""
PG_BACKWARD = """
DROP TRIGGER IF EXISTS community_auditlog_append_only ON community_auditlog;
DROP FUNCTION IF EXISTS community_auditlog_append_only();
"""
SQLITE_FORWARD = [
    "CREATE TABLE IF NOT EXISTS community_audit_unlock (reason TEXT NOT NULL)",
    """CREATE TRIGGER community_auditlog_no_update BEFORE UPDATE ON community_auditlog
       WHEN NOT EXISTS (SELECT 1 FROM community_audit_unlock)
       BEGIN SELECT RAISE(ABORT, 'audit rows are append-only: UPDATE on community_auditlog refused'); END""",
    """CREATE TRIGGER community_auditlog_no_delete BEFORE DELETE ON community_auditlog
       WHEN NOT EXISTS (SELECT 1 FROM community_audit_unlock)
       BEGIN SELECT RAISE(ABORT, 'audit rows are append-only: DELETE on community_auditlog refused'); END""",
]
SQLITE_BACKWARD = [
    "DROP TRIGGER IF EXISTS community_auditlog_no_update",
    "DROP TRIGGER IF EXISTS community_auditlog_no_delete",
    "DROP TABLE IF EXISTS community_audit_unlock",
]


def forward(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(PG_FORWARD, params=None)
    elif vendor == "sqlite":
        for statement in SQLITE_FORWARD:
            schema_editor.execute(statement)


def backward(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(PG_BACKWARD, params=None)
    elif vendor == "sqlite":
        for statement in SQLITE_BACKWARD:
            schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [("community", "0005_account_controls")]
    operations = [migrations.RunPython(forward, backward)]
