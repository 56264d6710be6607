"""Importing the open database itself as an export (a wrong pick in File → Import data…)
is refused by name before any plain open() of it: closing such a descriptor would drop
SQLite's locks for the whole process (the streamed import opens its file once per section)."""

from __future__ import annotations

import pytest

from db.errors import ImportDataError
from db.exchange import json_csv as exchange
from db.reads import queries
from db.storage.database import Database


@pytest.mark.parametrize("side", ["", "-wal"])
def test_the_open_database_is_not_read_as_an_export(seeded_db: Database, side: str) -> None:
    before = queries.counts(seeded_db)
    target = seeded_db.path.with_name(seeded_db.path.name + side)
    if side:
        with seeded_db.write():
            pass  # the -wal file exists while the database is open
    with pytest.raises(ImportDataError, match="is the open Parley database"):
        exchange.parse_payload_file(target)
    assert queries.counts(seeded_db) == before
