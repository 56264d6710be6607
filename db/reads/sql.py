"""SQL building blocks the reads share: IN lists of any length, ISO dates back to dates."""

from __future__ import annotations

import datetime as dt
import json

# Above this many values an IN list goes in as one JSON array parameter (SQLite caps the
# number of parameters a statement may have).
INLINE_IN = 200


def parse_day(value: str | None) -> dt.date | None:
    return dt.date.fromisoformat(value) if value else None


def in_clause(column: str, values: frozenset | set | list, params: list) -> str:
    values = sorted(values)
    if len(values) > INLINE_IN:
        params.append(json.dumps(values))
        # SQLite: json_each turns one JSON parameter into a table (no 999-variable limit).
        return f"{column} IN (SELECT value FROM json_each(?))"
    params.extend(values)
    return f"{column} IN ({', '.join('?' * len(values))})"
