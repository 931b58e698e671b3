"""A backup restored into a fresh database holds the same rows and the same audit trail."""

import sqlite3

import psycopg
import pytest
from django.core.management import call_command
from django.db import connection

from community.audit import log_action
from community.backup import restore_postgresql
from community.models import AuditLog, Community, Membership, User

pytestmark = pytest.mark.django_db(transaction=True)


def _counts():
    return {
        "community": Community.objects.count(),
        "user": User.objects.count(),
        "membership": Membership.objects.count(),
        "audit": AuditLog.objects.count(),
    }


def test_a_backup_restores_into_a_fresh_database_with_the_same_rows(world, tmp_path):
    log_action("resident.view", user=world.users["staff"], community=world.a, data={"n": 1})
    expected = _counts()
    audit_ids = sorted(str(pk) for pk in AuditLog.objects.values_list("pk", flat=True))
    dump = tmp_path / "tongxin.dump"
    call_command("backup_db", "--output", str(dump))
    tables = {
        "community": "community_community",
        "user": "community_user",
        "membership": "community_membership",
        "audit": "community_auditlog",
    }

    if connection.vendor == "sqlite":
        with sqlite3.connect(dump) as restored:
            got = {k: restored.execute(f"SELECT COUNT(*) FROM {t}").fetchone()[0] for k, t in tables.items()}  # noqa: S608
            ids = sorted(row[0] for row in restored.execute("SELECT id FROM community_auditlog"))
        ids = sorted(str(__import__("uuid").UUID(i)) for i in ids)
    else:
        fresh = f"{connection.settings_dict['NAME']}_restore"
        admin = psycopg.connect(
            host=connection.settings_dict["HOST"],
            port=connection.settings_dict["PORT"] or 5432,
            user=connection.settings_dict["USER"],
            dbname="postgres",
            autocommit=True,
        )
        admin.execute(f'DROP DATABASE IF EXISTS "{fresh}"')
        admin.execute(f'CREATE DATABASE "{fresh}"')
        try:
            restore_postgresql(dump, fresh)
            with psycopg.connect(
                host=connection.settings_dict["HOST"],
                port=connection.settings_dict["PORT"] or 5432,
                user=connection.settings_dict["USER"],
                dbname=fresh,
            ) as restored:
                got = {
                    k: restored.execute(f"SELECT COUNT(*) FROM {t}").fetchone()[0] for k, t in tables.items()
                }  # noqa: S608
                ids = sorted(str(row[0]) for row in restored.execute("SELECT id FROM community_auditlog"))
        finally:
            admin.execute(f'DROP DATABASE IF EXISTS "{fresh}"')
            admin.close()
    assert got == expected
    assert ids == audit_ids
