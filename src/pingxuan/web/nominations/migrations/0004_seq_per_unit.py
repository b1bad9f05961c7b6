"""序号 per campaign, unit and award (issue 14, 4): the city-wide numbers of existing rows become
each unit's own 1..n, in the order they had."""

from django.db import migrations, models


def renumber_per_unit(apps, schema_editor):  # type: ignore[no-untyped-def]
    Nomination = apps.get_model("nominations", "Nomination")
    rows = Nomination.objects.order_by("campaign_id", "unit_id", "award", "seq", "pk").values_list(
        "pk", "campaign_id", "unit_id", "award", "seq"
    )
    group, number = None, 0
    for pk, campaign_id, unit_id, award, seq in rows.iterator():
        if (campaign_id, unit_id, award) != group:
            group, number = (campaign_id, unit_id, award), 0
        number += 1
        if seq != number:
            Nomination.objects.filter(pk=pk).update(seq=number)


class Migration(migrations.Migration):
    dependencies = [
        ("nominations", "0003_review_standing"),
    ]

    operations = [
        migrations.RemoveConstraint(model_name="nomination", name="nomination_unique_seq"),
        migrations.RunPython(renumber_per_unit, migrations.RunPython.noop, elidable=True),
        migrations.AlterModelOptions(
            name="nomination",
            options={
                "ordering": ("campaign", "award", "unit__position", "seq"),
                "verbose_name": "推荐对象",
                "verbose_name_plural": "推荐对象",
            },
        ),
        migrations.AddConstraint(
            model_name="nomination",
            constraint=models.UniqueConstraint(
                fields=("campaign", "unit", "award", "seq"), name="nomination_unique_unit_seq"
            ),
        ),
    ]
