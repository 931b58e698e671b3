"""Event types are data: the kinds of activity the seed documents count."""

from django.db import migrations

EVENT_TYPES = [
    ("holiday", "节日活动", True),
    ("symposium", "座谈会", False),
    ("lecture", "知识讲座", False),
    ("training", "技能培训", False),
    ("clinic", "义诊", False),
    ("job_fair", "招聘会", False),
    ("performance", "文艺演出", False),
    ("other", "其他", False),
]


def load(apps, schema_editor):
    EventType = apps.get_model("outreach", "EventType")
    for order, (code, name, needs_occasion) in enumerate(EVENT_TYPES, start=1):
        EventType.objects.update_or_create(
            code=code, defaults={"name": name, "needs_occasion": needs_occasion, "order": order}
        )


def unload(apps, schema_editor):
    apps.get_model("outreach", "EventType").objects.filter(code__in=[c for c, _n, _o in EVENT_TYPES]).delete()


class Migration(migrations.Migration):
    dependencies = [("outreach", "0001_initial")]

    operations = [migrations.RunPython(load, unload)]
