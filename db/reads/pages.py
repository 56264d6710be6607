"""Page numbers of PDF sources (plain SQL: the reader and suggestions use it)."""

from __future__ import annotations

from db.storage.database import Database


def page_of(db: Database, source_id: int, offset: int) -> int | None:
    """The page of a PDF source that holds `offset`, or None (not a PDF, or between pages)."""
    with db.read() as con:
        row = con.execute('SELECT page FROM source_page WHERE source_id = ? AND start <= ? '
                          'AND "end" > ? LIMIT 1', (source_id, offset, offset)).fetchone()
    return row[0] if row else None


def pages_of(db: Database, source_id: int) -> list[tuple[int, int, int]]:
    """(page, start, end) of every page of a PDF source, in order; [] for other sources."""
    with db.read() as con:
        return [tuple(r) for r in con.execute(  # type: ignore[misc]
            'SELECT page, start, "end" FROM source_page WHERE source_id = ? ORDER BY page',
            (source_id,))]


def page_at(pages: list[tuple[int, int, int]], offset: int) -> int | None:
    """The page (from `pages_of`) holding `offset`; the page before it when the offset falls
    in the blank lines between two pages."""
    found = None
    for page, start, _end in pages:
        if start <= offset:
            found = page
        else:
            break
    return found
