"""The positions table's model: the ordered ids of the matching positions, with full rows
read only for the part of the table on screen.

At 100,000 positions reading every row takes over a second, so `load` reads only ids (and,
for a non-date sort, one sort key per row) from a covering index, and `data` fetches rows a
page at a time around the row asked for. Sorting happens here with numpy on those keys:
QSortFilterProxyModel.sort takes seconds at 100k rows; filtering is done by the database
query (ctx.filters), never by a proxy.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

import numpy as np
from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt

from db.errors import ParleyError
from db.model.vocab import ATTRIBUTION_KIND_LABELS
from db.reads.queries import (
    PositionFilter,
    PositionRow,
    position_ids,
    position_keys,
    position_rows,
    positions_by_id,
)
from db.storage.identity import shown
from desktop.forms.form_support import swatch_icon
from desktop.qt.coder_colours import coder_text_colour, coder_tint
from desktop.qt.plain_text import literal

COLUMNS: tuple[tuple[str, str], ...] = (
    ("party", "Party"),
    ("issue", "Issue"),
    ("stance", "Stance"),
    ("date", "Date"),
    ("status", "Status"),
    ("attributed", "Attributed to"),
    ("source", "Source"),
    ("coder", "Coded by"),
    ("quote", "Quote"),
)
COLUMN_KEYS = tuple(key for key, _ in COLUMNS)
ID_ROLE = Qt.ItemDataRole.UserRole + 1
EXCERPT_CHARS = 140
PAGE_ROWS = 200  # rows read per fetch: a few screens
CACHE_ROWS = 20_000  # rows kept in memory before the cache starts over

_Index = QModelIndex | QPersistentModelIndex


def format_date(row: PositionRow) -> str:
    """A date as precise as the record claims: 2025-03-18, 2025-03 or ~2025-03-11."""
    iso = row.stated_on.isoformat()
    if row.date_precision == "month":
        return iso[:7]
    if row.date_precision == "approximate":
        return "~" + iso
    return iso


def excerpt(text: str, limit: int = EXCERPT_CHARS) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"


def _folded(value: str) -> str:
    return value.casefold()


# Each column sorts by what it shows: (lean fields read with the ids, key of those fields).
# Ties keep date order (the ids arrive in date order and the sort is stable).
_SORT_KEYS: dict[str, tuple[tuple[str, ...], Callable[[tuple], Any]]] = {
    "party": (("party_name",), lambda k: _folded(k[0])),
    "issue": (("issue_name",), lambda k: _folded(k[0])),
    "stance": (("issue_name", "level_value"), lambda k: (_folded(k[0]), k[1])),
    "status": (("status",), lambda k: k[0]),
    "attributed": (("attributed_to",), lambda k: _folded(k[0])),
    "source": (("source_title",), lambda k: _folded(k[0])),
    "quote": (("quote",), lambda k: _folded(k[0])),
    "coder": (("created_by",), lambda k: _folded(shown(k[0]))),
}


def ordered_ids(db: Any, flt: PositionFilter | None, key: str, descending: bool) -> np.ndarray:
    """The ids of the positions matching `flt`, sorted by column `key`."""
    if key == "date":
        ids = position_ids(db, flt)
        return ids[::-1].copy() if descending else ids  # (date, id) is unique: exact reverse
    fields, sort_key = _SORT_KEYS[key]
    keys = position_keys(db, flt, fields)
    ids = np.fromiter((k[0] for k in keys), dtype=np.int64, count=len(keys))
    # Rank the distinct values once (a few hundred at most, except quotes), then sort the
    # ranks with numpy: ~10× faster than sorting 100k Python tuples.
    values = [tuple(k[1:]) for k in keys]
    distinct = sorted(set(values), key=sort_key)
    rank = {v: n for n, v in enumerate(distinct)}
    ranks = np.fromiter((rank[v] for v in values), dtype=np.int64, count=len(values))
    order = np.argsort(-ranks if descending else ranks, kind="stable")
    return ids[order]


class PositionsModel(QAbstractTableModel):
    """Positions matching a PositionFilter: ids read per refresh, rows read when shown."""

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self._db: Any = None
        self._filter: PositionFilter | None = None
        self._ids = np.empty(0, dtype=np.int64)
        self._cache: dict[int, PositionRow] = {}
        self._sort_column = COLUMN_KEYS.index("date")
        self._sort_order = Qt.SortOrder.AscendingOrder
        # Team use: each row tinted in its coder's colour (the "Colour by coder" switch).
        self.colour_by_coder = False

    # ------------------------------------------------------------ data access

    def load(self, db: Any, flt: PositionFilter | None) -> None:
        """Re-read the ids for `flt` and keep the current sort."""
        ids = self._ordered(db, flt)
        self.beginResetModel()
        self._db, self._filter, self._ids = db, flt, ids
        self._cache.clear()
        self.endResetModel()

    def _ordered(self, db: Any, flt: PositionFilter | None) -> np.ndarray:
        return ordered_ids(db, flt, COLUMN_KEYS[self._sort_column],
                           self._sort_order == Qt.SortOrder.DescendingOrder)

    def id_at(self, row: int) -> int:
        return int(self._ids[row])

    def row_at(self, row: int) -> PositionRow:
        found = self._row(row)
        if found is None:
            raise IndexError(f"row {row} is no longer in the database")
        return found

    def rows(self) -> list[PositionRow]:
        """Every row shown, in table order (reads them all: for tests and small tables)."""
        if self._db is None or not len(self._ids):
            return []
        by_id = {r.id: r for r in position_rows(self._db, self._filter)}
        return [by_id[int(i)] for i in self._ids if int(i) in by_id]

    def row_of_id(self, position_id: int) -> int:
        """The row showing `position_id`, or -1 when the filter hides it."""
        hits = np.flatnonzero(self._ids == position_id)
        return int(hits[0]) if len(hits) else -1

    def rows_of_ids(self, ids: Iterable[int]) -> list[int]:
        """The rows showing any of `ids`, in table order."""
        wanted = np.fromiter(ids, dtype=np.int64)
        if not len(wanted):
            return []
        return np.flatnonzero(np.isin(self._ids, wanted)).tolist()

    def _row(self, n: int) -> PositionRow | None:
        pid = int(self._ids[n])
        row = self._cache.get(pid)
        if row is None and self._db is not None:
            if len(self._cache) > CACHE_ROWS:
                self._cache.clear()
            # A page centred a little ahead of `n`: views mostly scroll down.
            lo = max(0, n - PAGE_ROWS // 4)
            page = [int(i) for i in self._ids[lo:lo + PAGE_ROWS] if int(i) not in self._cache]
            try:
                self._cache.update(positions_by_id(self._db, page))
            except ParleyError:
                # The server cannot be reached (the status bar says so): the cells stay
                # blank until it is back and the table is refreshed — a paint must not raise.
                return None
            row = self._cache.get(pid)
        return row

    # ------------------------------------------------------------ Qt model API

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._ids)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return COLUMNS[section][1]
        return None

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        if role == ID_ROLE:
            return int(self._ids[index.row()])
        if role == Qt.ItemDataRole.BackgroundRole and self.colour_by_coder:
            row = self._row(index.row())
            return None if row is None else coder_tint(row.created_by)
        if role == Qt.ItemDataRole.ForegroundRole and COLUMN_KEYS[index.column()] == "coder":
            row = self._row(index.row())
            return None if row is None else coder_text_colour(row.created_by)
        if role not in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.DecorationRole,
                        Qt.ItemDataRole.ToolTipRole, Qt.ItemDataRole.AccessibleTextRole):
            return None  # before reading the row: views ask for many roles per cell
        row = self._row(index.row())
        if row is None:
            return None
        key = COLUMN_KEYS[index.column()]
        if role == Qt.ItemDataRole.DecorationRole:
            # An icon with a Selected pixmap of its own: a bare colour gets tinted by the
            # selection highlight, and Russia's orange turns brown in the selected row.
            return swatch_icon(row.party_colour) if key == "party" else None
        if role == Qt.ItemDataRole.ToolTipRole:
            tip = self._tooltip(row, key)
            return None if tip is None else literal(tip)
        return self._display(row, key)  # display and accessible text

    @staticmethod
    def _display(row: PositionRow, key: str) -> str:
        if key == "party":
            return row.party_name
        if key == "issue":
            return row.issue_name
        if key == "stance":
            return row.level_label
        if key == "date":
            return format_date(row)
        if key == "status":
            return row.status
        if key == "attributed":
            return row.attributed_to
        if key == "source":
            return row.source_title
        if key == "coder":
            return shown(row.created_by)
        return excerpt(row.quote)

    @staticmethod
    def _tooltip(row: PositionRow, key: str) -> str | None:
        if key == "quote":
            return excerpt(row.quote, 1000)
        if key == "attributed":
            return ATTRIBUTION_KIND_LABELS.get(row.attribution_kind, row.attribution_kind)
        if key == "date":
            return {"day": "Exact day", "month": "Month only",
                    "approximate": "Approximate date"}.get(row.date_precision)
        if key == "stance":
            return f"Level {row.level_value} on {row.issue_name}"
        if key == "source":
            return row.source_title
        if key == "coder":
            changed = (f"; last changed by {shown(row.updated_by)} on {row.updated_at[:16]} UTC"
                       if row.updated_at else "")
            return f"Created by {shown(row.created_by)}{changed} (version {row.version})"
        return None

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if not 0 <= column < len(COLUMNS):
            return
        self._sort_column, self._sort_order = column, order
        if self._db is None:
            return
        ids = self._ordered(self._db, self._filter)
        self.layoutAboutToBeChanged.emit()
        old = self.persistentIndexList()
        if old:
            old_ids = self._ids[[i.row() for i in old]]
            by_id = np.argsort(ids, kind="stable")
            slot = np.minimum(np.searchsorted(ids[by_id], old_ids), max(len(ids) - 1, 0))
            where = by_id[slot] if len(ids) else slot
            found = ids[where] == old_ids if len(ids) else np.zeros(len(old_ids), bool)
            self.changePersistentIndexList(old, [
                self.index(int(w), i.column()) if ok else QModelIndex()
                for w, ok, i in zip(where, found, old, strict=True)])
        self._ids = ids
        self.layoutChanged.emit()
