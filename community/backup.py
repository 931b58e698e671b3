"""Backup and restore of the database: ``pg_dump -Fc`` / ``pg_restore`` on PostgreSQL, the online
backup API on SQLite. docs/backup.md is the operator's procedure; tests restore a dump into a
fresh database and compare row counts and the audit trail."""

import os
import shutil
import sqlite3
import subprocess
from pathlib import Path

from django.db import connection


def _pg_env(settings_dict) -> dict:
    env = dict(os.environ)
    if settings_dict.get("PASSWORD"):
        env["PGPASSWORD"] = settings_dict["PASSWORD"]
    return env


def _pg_args(settings_dict) -> list[str]:
    args = []
    if settings_dict.get("HOST"):
        args += ["-h", settings_dict["HOST"]]
    if settings_dict.get("PORT"):
        args += ["-p", str(settings_dict["PORT"])]
    if settings_dict.get("USER"):
        args += ["-U", settings_dict["USER"]]
    return args


def backup(output: Path) -> Path:
    """Write a full backup of the current database to ``output``."""
    output = Path(output)
    output.parent.mkdir(parents=True, exist_ok=True)
    settings_dict = connection.settings_dict
    if connection.vendor == "postgresql":
        if not shutil.which("pg_dump"):
            raise RuntimeError("找不到 pg_dump，请安装 postgresql-client。")
        subprocess.run(
            [
                "pg_dump",
                "-Fc",
                "--no-owner",
                *_pg_args(settings_dict),
                "-f",
                str(output),
                settings_dict["NAME"],
            ],
            check=True,
            env=_pg_env(settings_dict),
        )
    elif connection.vendor == "sqlite":
        connection.ensure_connection()
        with sqlite3.connect(output) as target:
            connection.connection.backup(target)
        target.close()
    else:
        raise RuntimeError(f"不支持的数据库：{connection.vendor}")
    return output


def restore_postgresql(dump: Path, database: str) -> None:
    """Restore a ``pg_dump -Fc`` file into an existing, empty database ``database``."""
    settings_dict = connection.settings_dict
    subprocess.run(
        ["pg_restore", "--no-owner", "--exit-on-error", *_pg_args(settings_dict), "-d", database, str(dump)],
        check=True,
        env=_pg_env(settings_dict),
    )
