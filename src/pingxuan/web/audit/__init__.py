"""The audit trail: one append-only row per state change, decision, reveal, export or denial."""
