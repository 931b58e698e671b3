"""Agreements move to the private storage: their names now start with "agreements/".

The files stay where they were (PRIVATE_ROOT/agreements/...); only the names stored in the rows change.
"""

from django.db import migrations, models
from django.db.models.functions import Concat, Substr

import community.storage
import outreach.models

PREFIX = "agreements/"


def prefix_names(apps, schema_editor):
    Agreement = apps.get_model("outreach", "Agreement")
    Agreement.objects.exclude(file="").exclude(file__startswith=PREFIX).update(
        file=Concat(models.Value(PREFIX), "file", output_field=models.CharField())
    )


def strip_names(apps, schema_editor):
    Agreement = apps.get_model("outreach", "Agreement")
    Agreement.objects.filter(file__startswith=PREFIX).update(file=Substr("file", len(PREFIX) + 1))


class Migration(migrations.Migration):
    dependencies = [("outreach", "0002_event_types")]

    operations = [
        migrations.AlterField(
            model_name="agreement",
            name="file",
            field=models.FileField(
                blank=True,
                storage=community.storage.private_storage,
                upload_to=outreach.models.agreement_path,
                verbose_name="责任书扫描件",
            ),
        ),
        migrations.RunPython(prefix_names, strip_names),
    ]
