from django.db import migrations

TYPES = [
    # code, name, active label, period, review months, housing mode, placement, sort
    ("dibao", "低保", "在保", "monthly", 12, False, False, 10),
    ("housing", "廉租房", "已入住", "monthly", 12, True, False, 20),
    ("student_aid", "助学", "已发放", "one_off", None, False, False, 30),
    ("medical_insurance", "居民医保", "在保", "one_off", 12, False, False, 40),
    ("serious_illness", "大病医疗救助", "已发放", "one_off", None, False, False, 50),
    ("employment", "就业帮扶", "已就业", "one_off", None, False, True, 60),
    ("temporary", "临时救助", "已发放", "one_off", None, False, False, 70),
]


def load(apps, schema_editor):
    BenefitType = apps.get_model("welfare", "BenefitType")
    for code, name, label, period, review, housing, placement, sort in TYPES:
        BenefitType.objects.update_or_create(
            community=None,
            code=code,
            defaults={
                "name": name,
                "active_label": label,
                "period": period,
                "review_months": review,
                "has_housing_mode": housing,
                "has_placement": placement,
                "sort": sort,
            },
        )


class Migration(migrations.Migration):
    dependencies = [("welfare", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
