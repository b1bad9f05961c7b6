"""The test-data generator lives in the core (``pingxuan.core.sample``) so that ``make run`` can
seed the demo campaign without importing tests/; the tests keep importing it from here."""

from pingxuan.core.sample import (
    GIVEN,
    SURNAMES,
    Generator,
    Rows,
    build_nominations,
    credit_code,
    id_number,
    write_workbook,
)

__all__ = [
    "GIVEN",
    "SURNAMES",
    "Generator",
    "Rows",
    "build_nominations",
    "credit_code",
    "id_number",
    "write_workbook",
]
