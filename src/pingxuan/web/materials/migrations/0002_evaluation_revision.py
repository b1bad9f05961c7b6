"""The campaign's evaluation revision and the triggers that change it (see
``materials/models/revision.py``). Triggers rather than code in the domain functions: every write
reaches the tables through SQL, whichever function, command or test makes it."""

from __future__ import annotations

from django.db import migrations, models

# Tables whose rows carry campaign_id, and those that belong to a nomination.
CAMPAIGN_TABLES = ("nominations_nomination", "nominations_submission", "materials_material")
UNIT_TABLE = "campaigns_unit"
NOMINATION_TABLES = ("nominations_honour", "nominations_negativerecord")
OPERATIONS = ("INSERT", "UPDATE", "DELETE")

# unit_id 0 stands for the campaign's units themselves (a name changed, a unit added): every
# unit's evaluation is redone then.
SQLITE_BUMP = (
    "INSERT INTO materials_evaluationrevision (campaign_id, unit_id, token) "
    "SELECT {campaign}, {unit}, random() {source}WHERE {campaign} IS NOT NULL{also} "
    "ON CONFLICT (campaign_id, unit_id) DO UPDATE SET token = excluded.token;"
)

POSTGRES_FUNCTIONS = """
CREATE SEQUENCE IF NOT EXISTS pingxuan_evaluation_token;
CREATE OR REPLACE FUNCTION pingxuan_bump_revision(cid bigint, uid bigint) RETURNS void AS $$
BEGIN
    IF cid IS NULL THEN
        RETURN;
    END IF;
    INSERT INTO materials_evaluationrevision (campaign_id, unit_id, token)
    VALUES (cid, uid, nextval('pingxuan_evaluation_token'))
    ON CONFLICT (campaign_id, unit_id) DO UPDATE SET token = EXCLUDED.token;
END
$$ LANGUAGE plpgsql;
CREATE OR REPLACE FUNCTION pingxuan_revision_of_unit_row() RETURNS trigger AS $$
BEGIN
    IF TG_OP <> 'INSERT' THEN
        PERFORM pingxuan_bump_revision(OLD.campaign_id, 0);
    END IF;
    IF TG_OP <> 'DELETE' THEN
        PERFORM pingxuan_bump_revision(NEW.campaign_id, 0);
    END IF;
    RETURN NULL;
END
$$ LANGUAGE plpgsql;
CREATE OR REPLACE FUNCTION pingxuan_revision_of_campaign_row() RETURNS trigger AS $$
BEGIN
    IF TG_OP <> 'INSERT' THEN
        PERFORM pingxuan_bump_revision(OLD.campaign_id, OLD.unit_id);
    END IF;
    IF TG_OP <> 'DELETE' THEN
        PERFORM pingxuan_bump_revision(NEW.campaign_id, NEW.unit_id);
    END IF;
    RETURN NULL;
END
$$ LANGUAGE plpgsql;
CREATE OR REPLACE FUNCTION pingxuan_revision_of_nomination_row() RETURNS trigger AS $$
DECLARE
    row record;
BEGIN
    IF TG_OP <> 'INSERT' THEN
        SELECT campaign_id, unit_id INTO row FROM nominations_nomination
        WHERE id = OLD.nomination_id;
        IF FOUND THEN
            PERFORM pingxuan_bump_revision(row.campaign_id, row.unit_id);
        END IF;
    END IF;
    IF TG_OP <> 'DELETE' THEN
        SELECT campaign_id, unit_id INTO row FROM nominations_nomination
        WHERE id = NEW.nomination_id;
        IF FOUND THEN
            PERFORM pingxuan_bump_revision(row.campaign_id, row.unit_id);
        END IF;
    END IF;
    RETURN NULL;
END
$$ LANGUAGE plpgsql;
"""


def _sqlite_trigger(table: str, operation: str) -> str:
    rows = {"INSERT": ["NEW"], "UPDATE": ["OLD", "NEW"], "DELETE": ["OLD"]}[operation]
    bumps = []
    for row in rows:
        if table == UNIT_TABLE:
            bump = SQLITE_BUMP.format(campaign=f"{row}.campaign_id", unit="0", source="", also="")
        elif table in CAMPAIGN_TABLES:
            bump = SQLITE_BUMP.format(
                campaign=f"{row}.campaign_id", unit=f"{row}.unit_id", source="", also=""
            )
        else:
            bump = SQLITE_BUMP.format(
                campaign="campaign_id",
                unit="unit_id",
                source="FROM nominations_nomination ",
                also=f" AND id = {row}.nomination_id",
            )
        bumps.append(bump)
    body = " ".join(bumps)
    return (
        f"CREATE TRIGGER pingxuan_revision_{table}_{operation.lower()} "
        f"AFTER {operation} ON {table} FOR EACH ROW BEGIN {body} END;"
    )


def create_triggers(apps, schema_editor):  # type: ignore[no-untyped-def]
    vendor = schema_editor.connection.vendor
    if vendor == "sqlite":
        for table in (*CAMPAIGN_TABLES, *NOMINATION_TABLES, UNIT_TABLE):
            for operation in OPERATIONS:
                schema_editor.execute(_sqlite_trigger(table, operation))
    elif vendor == "postgresql":
        schema_editor.execute(POSTGRES_FUNCTIONS)
        for table in (*CAMPAIGN_TABLES, *NOMINATION_TABLES, UNIT_TABLE):
            if table == UNIT_TABLE:
                function = "pingxuan_revision_of_unit_row"
            elif table in CAMPAIGN_TABLES:
                function = "pingxuan_revision_of_campaign_row"
            else:
                function = "pingxuan_revision_of_nomination_row"
            schema_editor.execute(
                f"CREATE TRIGGER pingxuan_revision AFTER INSERT OR UPDATE OR DELETE ON {table} "
                f"FOR EACH ROW EXECUTE FUNCTION {function}()"
            )
    # Elsewhere there are no triggers, and nominations.domain.evaluation does not cache.


def drop_triggers(apps, schema_editor):  # type: ignore[no-untyped-def]
    vendor = schema_editor.connection.vendor
    for table in (*CAMPAIGN_TABLES, *NOMINATION_TABLES, UNIT_TABLE):
        if vendor == "sqlite":
            for operation in OPERATIONS:
                schema_editor.execute(
                    f"DROP TRIGGER IF EXISTS pingxuan_revision_{table}_{operation.lower()}"
                )
        elif vendor == "postgresql":
            schema_editor.execute(f"DROP TRIGGER IF EXISTS pingxuan_revision ON {table}")
    if vendor == "postgresql":
        schema_editor.execute(
            "DROP FUNCTION IF EXISTS pingxuan_revision_of_nomination_row(); "
            "DROP FUNCTION IF EXISTS pingxuan_revision_of_campaign_row(); "
            "DROP FUNCTION IF EXISTS pingxuan_revision_of_unit_row(); "
            "DROP FUNCTION IF EXISTS pingxuan_bump_revision(bigint, bigint); "
            "DROP SEQUENCE IF EXISTS pingxuan_evaluation_token;"
        )


class Migration(migrations.Migration):
    dependencies = [
        ("campaigns", "0002_unit"),
        ("nominations", "0004_seq_per_unit"),
        ("materials", "0001_initial"),
    ]

    operations = [
        migrations.CreateModel(
            name="EvaluationRevision",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("campaign_id", models.BigIntegerField()),
                ("unit_id", models.BigIntegerField()),
                ("token", models.BigIntegerField()),
            ],
            options={
                "constraints": [
                    models.UniqueConstraint(
                        fields=("campaign_id", "unit_id"), name="evaluation_revision_unique"
                    )
                ],
            },
        ),
        migrations.RunPython(create_triggers, drop_triggers),
    ]
