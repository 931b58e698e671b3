from django.db import migrations
from django.db.models import F


def end_open_cases(apps, schema_editor):
    """Moving out or death ends that person's open benefits on that date (DOMAIN.md). Before the portal did
    it, a resident marked 迁出/死亡 kept them: end them now, on the date of the departure, each with its
    transition and an audit row (a household's 廉租房 is flagged for review instead, when others remain)."""
    Case = apps.get_model("welfare", "Case")
    Transition = apps.get_model("welfare", "Transition")
    Resident = apps.get_model("residents", "Resident")
    AuditLog = apps.get_model("community", "AuditLog")
    labels = {"moved_out": "迁出", "deceased": "死亡"}
    cases = (
        Case.objects.filter(status="active")
        .exclude(resident__status="active")
        .select_related("resident", "type")
    )
    for case in cases:
        resident = case.resident
        on = resident.status_date
        reason = f"居民{labels.get(resident.status, resident.status)}（{on:%Y-%m-%d}），数据迁移补办"
        others = (
            resident.household_id is not None
            and Resident.objects.filter(household_id=resident.household_id, status="active").exists()
        )
        if case.type.has_housing_mode and others:
            Case.objects.filter(pk=case.pk).update(next_review_on=on, version=F("version") + 1)
            action, data = "welfare.review_flag", {"next_review_on": on.isoformat()}
        else:
            end_on = max(on, case.start_on) if case.start_on else on
            Case.objects.filter(pk=case.pk).update(status="ended", end_on=end_on, version=F("version") + 1)
            Transition.objects.create(case=case, from_status="active", to_status="ended", reason=reason)
            action, data = "welfare.status", {"old": "active", "new": "ended", "end_on": end_on.isoformat()}
        AuditLog.objects.create(
            community_id=case.community_id,
            action=action,
            object_type="welfare.Case",
            object_id=str(case.pk),
            object_repr=f"{case.type.name}"[:200],
            data={**data, "because": "resident_departure", "migration": True},
        )


class Migration(migrations.Migration):
    dependencies = [
        ("welfare", "0003_housing_mode_unknown"),
        ("community", "0003_community_staff"),
        ("residents", "0004_resident_list_order"),
    ]

    operations = [migrations.RunPython(end_open_cases, migrations.RunPython.noop)]
