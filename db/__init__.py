"""Parley storage: models, sessions, migrations, validation, queries, import/export.

This package owns all data and never imports Qt (tests/test_layering.py enforces it).
"""

from db.changes import Changes
from db.database import Database, open_database
from db.errors import DatabaseFileError, ImportDataError, ParleyError, ValidationError

__all__ = [
    "Changes",
    "Database",
    "DatabaseFileError",
    "ImportDataError",
    "ParleyError",
    "ValidationError",
    "open_database",
]
