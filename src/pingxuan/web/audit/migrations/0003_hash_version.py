# Issue 11: rows carry the version of the hash they were made with. Every row that exists was made
# with version 1 and keeps it: nothing is re-hashed; rows recorded from now on are version 2.

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("audit", "0002_hash_chain"),
    ]

    operations = [
        migrations.AddField(
            model_name="auditevent",
            name="hash_version",
            field=models.PositiveSmallIntegerField(default=1, verbose_name="哈希版本"),
            preserve_default=False,
        ),
    ]
