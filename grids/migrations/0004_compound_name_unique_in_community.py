from django.db import migrations, models


class Migration(migrations.Migration):
    """Apart from 0002: on PostgreSQL a table whose rows were just changed cannot be altered in the same
    transaction (deferred foreign-key checks are pending)."""

    dependencies = [("grids", "0003_merge_duplicate_compounds")]

    operations = [
        migrations.AddConstraint(
            model_name="compound",
            constraint=models.UniqueConstraint(fields=("community", "name"), name="compound_name_unique"),
        ),
    ]
