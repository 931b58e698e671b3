from django.db import migrations, models


class Migration(migrations.Migration):
    """Apart from 0006, which renumbers duplicates: on PostgreSQL a table whose rows were just changed is not
    altered in the same transaction."""

    dependencies = [("reports", "0006_archive_version_unique_per_scope")]

    operations = [
        migrations.RemoveConstraint(
            model_name="reportarchive",
            name="archive_version_unique",
        ),
        migrations.AddConstraint(
            model_name="reportarchive",
            constraint=models.UniqueConstraint(
                condition=models.Q(("community__isnull", False)),
                fields=("community", "report", "year", "version", "content_type"),
                name="archive_community_version_unique",
            ),
        ),
        migrations.AddConstraint(
            model_name="reportarchive",
            constraint=models.UniqueConstraint(
                condition=models.Q(("street__isnull", False)),
                fields=("street", "report", "year", "version", "content_type"),
                name="archive_street_version_unique",
            ),
        ),
    ]
