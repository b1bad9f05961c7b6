"""The pure core: campaign spec, rules engine, exchange workbook and CLI. Never imports Django."""
