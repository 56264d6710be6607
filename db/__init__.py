"""Parley's data: storage, the model, reads, writes, files in and out, seeding, opening.

This package owns all data and never imports Qt; each sub-folder imports only those below
it (DEVELOPERS.md, "Map"; tests/test_architecture.py enforces both). Submodules are
imported where used (`from db.reads import queries`), so a quick command such as
`parley --version` does not pay for SQLAlchemy and Alembic.
"""
