from django.db import migrations


def load(apps, schema_editor):
    from residents.ethnicities import ETHNICITIES, short_name

    Ethnicity = apps.get_model("residents", "Ethnicity")
    for code, name, roman, letters in ETHNICITIES:
        Ethnicity.objects.update_or_create(
            code=code,
            defaults={
                "name": name,
                "short_name": short_name(code, name),
                "roman": roman,
                "letter_code": letters,
            },
        )


class Migration(migrations.Migration):
    dependencies = [("residents", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
