"""The revision of what the core engine reads of a campaign, for caching its findings.

One row per unit of a campaign: ``token`` changes, inside the writing transaction, whenever a
nomination of the unit (with its honours and negative records), its submission or one of its
materials is inserted, updated or deleted; the row of unit 0 changes with the campaign's units
themselves. The database's own triggers change it (migration 0002), so no write path, however it
reaches the tables, can leave a cached evaluation stale. The token is never reused: PostgreSQL
draws it from a sequence and SQLite from ``random()``, both outside the transaction's rollback,
so an evaluation cached inside a transaction that later rolls back is never matched again.

It lives in the materials app because materials is the last of the apps whose tables it watches.
"""

from __future__ import annotations

from django.db import models


class EvaluationRevision(models.Model):
    # Plain integers, not foreign keys: the triggers write them while the campaign's rows are
    # being deleted, and a stale row of a deleted campaign or unit is harmless.
    campaign_id = models.BigIntegerField()
    unit_id = models.BigIntegerField()  # 0: the campaign's units themselves (names, new units)
    token = models.BigIntegerField()

    class Meta:
        constraints = (
            models.UniqueConstraint(
                fields=("campaign_id", "unit_id"), name="evaluation_revision_unique"
            ),
        )

    def __str__(self) -> str:
        return f"{self.campaign_id}/{self.unit_id}@{self.token}"
