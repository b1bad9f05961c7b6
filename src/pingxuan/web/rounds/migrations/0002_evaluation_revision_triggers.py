"""The 差额 round record is read by the rules (三（二）), so writing it must change the unit's
evaluation revision like every other table the rules read (``materials/0002``). ``record_round``
always saves the ``Round`` row with its ballots, so a trigger on that table is enough."""

from __future__ import annotations

from django.db import migrations

TABLE = "rounds_round"
OPERATIONS = ("INSERT", "UPDATE", "DELETE")
SQLITE_BUMP = (
    "INSERT INTO materials_evaluationrevision (campaign_id, unit_id, token) "
    "SELECT {row}.campaign_id, {row}.unit_id, random() WHERE {row}.campaign_id IS NOT NULL "
    "ON CONFLICT (campaign_id, unit_id) DO UPDATE SET token = excluded.token;"
)


def create_triggers(apps, schema_editor):  # type: ignore[no-untyped-def]
    vendor = schema_editor.connection.vendor
    if vendor == "sqlite":
        for operation in OPERATIONS:
            rows = {"INSERT": ["NEW"], "UPDATE": ["OLD", "NEW"], "DELETE": ["OLD"]}[operation]
            body = " ".join(SQLITE_BUMP.format(row=row) for row in rows)
            schema_editor.execute(
                f"CREATE TRIGGER pingxuan_revision_{TABLE}_{operation.lower()} "
                f"AFTER {operation} ON {TABLE} FOR EACH ROW BEGIN {body} END;"
            )
    elif vendor == "postgresql":
        # pingxuan_revision_of_campaign_row() is created by materials/0002.
        schema_editor.execute(
            f"CREATE TRIGGER pingxuan_revision AFTER INSERT OR UPDATE OR DELETE ON {TABLE} "
            "FOR EACH ROW EXECUTE FUNCTION pingxuan_revision_of_campaign_row()"
        )


def drop_triggers(apps, schema_editor):  # type: ignore[no-untyped-def]
    vendor = schema_editor.connection.vendor
    if vendor == "sqlite":
        for operation in OPERATIONS:
            schema_editor.execute(
                f"DROP TRIGGER IF EXISTS pingxuan_revision_{TABLE}_{operation.lower()}"
            )
    elif vendor == "postgresql":
        schema_editor.execute(f"DROP TRIGGER IF EXISTS pingxuan_revision ON {TABLE}")


class Migration(migrations.Migration):
    dependencies = [
        ("rounds", "0001_initial"),
        ("materials", "0002_evaluation_revision"),
    ]

    operations = [migrations.RunPython(create_triggers, drop_triggers)]
