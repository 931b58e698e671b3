from django.db import migrations


def record_missing_versions(apps, schema_editor):
    """Past figures read each resident in the version recorded by the reference date
    (``residents.selectors.resident_versions``). Rows written in bulk before that (generated test data,
    early imports) have no recorded version: give each its "created" version, dated when it was created."""
    connection = schema_editor.connection
    quote = connection.ops.quote_name
    for name in ("Household", "Resident"):
        model = apps.get_model("residents", name)
        history = apps.get_model("residents", f"Historical{name}")
        columns = [f.column for f in history._meta.concrete_fields if not f.name.startswith("history_")]
        target, source = quote(history._meta.db_table), quote(model._meta.db_table)
        sql = (
            f"INSERT INTO {target} ({', '.join(quote(c) for c in columns)}, history_date, history_type, "  # noqa: S608
            f"history_change_reason, history_user_id) SELECT {', '.join('r.' + quote(c) for c in columns)}, "
            f"r.created_at, '+', %s, NULL FROM {source} r WHERE NOT EXISTS (SELECT 1 FROM {target} h WHERE h.id = r.id)"
        )
        with connection.cursor() as cursor:
            cursor.execute(sql, ["登记（数据迁移补记）"])


class Migration(migrations.Migration):
    dependencies = [("residents", "0008_transferjob_heartbeat_and_check")]

    operations = [migrations.RunPython(record_missing_versions, migrations.RunPython.noop)]
