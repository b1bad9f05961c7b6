# Hash chain over audit rows (issue 4, item 6): seq, prev_hash, hash and the chain head.
# Rows that already exist are chained in pk order before seq and hash become unique.

import django.db.models.deletion
from django.db import migrations, models


def chain_existing_rows(apps, schema_editor):
    # Version 1 of the hash, the one these rows were chained with (hash_version came in 0003).
    from pingxuan.web.audit.domain.chain import GENESIS, HASHED_FIELDS_V1, content_hash

    AuditEvent = apps.get_model("audit", "AuditEvent")
    AuditChainHead = apps.get_model("audit", "AuditChainHead")
    previous, seq = GENESIS, 0
    for event in AuditEvent.objects.order_by("pk").iterator(chunk_size=2000):
        seq += 1
        event.seq, event.prev_hash = seq, previous
        values = {name: getattr(event, name) for name in HASHED_FIELDS_V1}
        event.hash = previous = content_hash(hash_version=1, **values)
        event.save(update_fields=["seq", "prev_hash", "hash"])
    AuditChainHead.objects.create(pk=1, last_seq=seq, last_hash=previous)


class Migration(migrations.Migration):
    dependencies = [
        ("audit", "0001_initial"),
        ("campaigns", "0002_unit"),
    ]

    operations = [
        migrations.CreateModel(
            name="AuditChainHead",
            fields=[
                (
                    "id",
                    models.PositiveSmallIntegerField(default=1, primary_key=True, serialize=False),
                ),
                ("last_seq", models.PositiveBigIntegerField(default=0)),
                ("last_hash", models.CharField(max_length=64)),
            ],
            options={
                "verbose_name": "审计链头",
                "verbose_name_plural": "审计链头",
            },
        ),
        migrations.AlterModelOptions(
            name="auditevent",
            options={
                "ordering": ("seq",),
                "verbose_name": "审计记录",
                "verbose_name_plural": "审计记录",
            },
        ),
        migrations.AddField(
            model_name="auditevent",
            name="seq",
            field=models.PositiveBigIntegerField(null=True, verbose_name="链序号"),
        ),
        migrations.AddField(
            model_name="auditevent",
            name="prev_hash",
            field=models.CharField(default="", max_length=64, verbose_name="前一条哈希"),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="auditevent",
            name="hash",
            field=models.CharField(max_length=64, null=True, verbose_name="哈希"),
        ),
        migrations.RunPython(chain_existing_rows, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="auditevent",
            name="seq",
            field=models.PositiveBigIntegerField(unique=True, verbose_name="链序号"),
        ),
        migrations.AlterField(
            model_name="auditevent",
            name="hash",
            field=models.CharField(max_length=64, unique=True, verbose_name="哈希"),
        ),
        migrations.AlterField(
            model_name="auditevent",
            name="campaign",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="campaigns.campaign",
            ),
        ),
    ]
