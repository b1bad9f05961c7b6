"""Nominations as units enter them: the exchange workbook's cells, honours, negative records,
and each unit's submission state."""
