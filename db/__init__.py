"""Parley storage: models, sessions, migrations, validation, queries, import/export.

This package owns all data and never imports Qt (tests/test_layering.py enforces it).
Submodules are imported where used (`from db import queries`), so a quick command such as
`parley --version` does not pay for SQLAlchemy and Alembic.
"""
