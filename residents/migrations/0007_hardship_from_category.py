"""Hardship households from the 困难家庭 category of their members (the register before households had one).

Each household with an active member marked 困难家庭 and no hardship record gets one, recognised on the day
the household was entered (the real date was never recorded: staff correct it on review), cause 其他,
marked in its notes as carried over. Reversing removes only the records made here (nothing else refers
to them yet).
"""

import uuid

from django.db import migrations

NOTE = "由人员类别“困难家庭”迁移，认定日期与困难原因请复核。"


def forward(apps, schema_editor):
    Household = apps.get_model("residents", "Household")
    HardshipHousehold = apps.get_model("residents", "HardshipHousehold")
    households = (
        Household.objects.filter(members__is_hardship=True, members__status="active")
        .exclude(hardship_records__isnull=False)
        .distinct()
    )
    HardshipHousehold.objects.bulk_create(
        [
            HardshipHousehold(
                id=uuid.uuid4(),
                community_id=h.community_id,
                household_id=h.pk,
                causes=["other"],
                since=h.created_at.date(),
                notes=NOTE,
            )
            for h in households.iterator()
        ],
        batch_size=1000,
    )


def backward(apps, schema_editor):
    records = apps.get_model("residents", "HardshipHousehold").objects.filter(notes=NOTE)
    records.filter(help__isnull=True, pairings__isnull=True).delete()


class Migration(migrations.Migration):
    dependencies = [("residents", "0006_hardship_households")]

    operations = [migrations.RunPython(forward, backward)]
