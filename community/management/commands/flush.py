"""``flush`` — Django's command, allowed past the audit trail's append-only trigger on SQLite.

Emptying the whole database (the test runner does it between transactional tests) is the one sanctioned
way to remove audit rows; the trigger of migration 0006 lets it through while ``community_audit_unlock``
holds a row. PostgreSQL needs nothing: flush there is a TRUNCATE, which fires no row trigger.
"""

from django.core.management.commands.flush import Command as FlushCommand
from django.db import DEFAULT_DB_ALIAS, connections


class Command(FlushCommand):
    def handle(self, **options):
        connection = connections[options.get("database") or DEFAULT_DB_ALIAS]
        unlock = (
            connection.vendor == "sqlite"
            and "community_audit_unlock" in connection.introspection.table_names()
        )
        if unlock:
            with connection.cursor() as cursor:
                cursor.execute("INSERT INTO community_audit_unlock (reason) VALUES ('flush')")
        try:
            return super().handle(**options)
        finally:
            if unlock:
                with connection.cursor() as cursor:
                    cursor.execute("DELETE FROM community_audit_unlock")
