"""The register's recorded versions (django-simple-history), which past figures read.

``residents.selectors.resident_versions`` reads a resident of a past date in the version recorded by then;
a resident stored without any version (rows written in bulk) would be missing from every past date. Every
write records a version; bulk writers call :func:`record_missing_versions` afterwards.
"""

from django.db import connection
from django.utils import timezone

from .models import Resident

CHANGE_REASON = "登记（批量写入）"


def record_missing_versions(model=Resident, *, community_id: int | None = None) -> int:
    """Give every row of ``model`` without a recorded version its "created" version, dated when the row was
    created (one INSERT … SELECT whatever the number of rows). Returns the number of versions written."""
    history = model.history.model
    quote = connection.ops.quote_name
    columns = [f.column for f in history._meta.concrete_fields if not f.name.startswith("history_")]
    copied = ", ".join(f"r.{quote(c)}" for c in columns)
    target, source = quote(history._meta.db_table), quote(model._meta.db_table)
    extra = ", ".join(
        quote(c) for c in ["history_date", "history_type", "history_change_reason", "history_user_id"]
    )
    where = "AND r.community_id = %s" if community_id is not None else ""
    created = "r.created_at" if any(f.name == "created_at" for f in model._meta.fields) else "%s"
    # Identifiers come from the models' meta and are quoted; every value is a parameter.
    sql = (
        f"INSERT INTO {target} ({', '.join(quote(c) for c in columns)}, {extra}) "  # noqa: S608
        f"SELECT {copied}, {created}, '+', %s, NULL FROM {source} r "
        f"WHERE NOT EXISTS (SELECT 1 FROM {target} h WHERE h.id = r.id) {where}"
    )
    params = ([] if created == "r.created_at" else [timezone.now()]) + [CHANGE_REASON]
    params += [community_id] if community_id is not None else []
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.rowcount
