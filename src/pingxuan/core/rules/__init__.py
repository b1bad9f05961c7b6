"""The rules engine: one module per rule kind, each a set of pure functions returning findings."""
