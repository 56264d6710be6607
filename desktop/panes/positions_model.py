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
import shiboken6
from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    Signal,
)

from db.errors import ParleyError
from db.model.vocab import ATTRIBUTION_KIND_LABELS
from db.reads.queries import (
    PositionFilter,
    PositionRow,
    count_positions,
    position_rows,
    positions_by_id,
)
from db.reads.table_order import first_position_ids, sorted_position_ids
from db.storage.identity import shown
from desktop.forms.form_support import swatch_icon
from desktop.qt.background import Job, Results, run_in_pool
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
# Rows kept in memory before the cache starts over: twenty pages, far more than a screen
# shows (a full row with its quote and notes is ~1 KB: 20,000 of them held ~20 MB).
CACHE_ROWS = 4_000
# Positions in the database above which the rows' order is read on a worker thread (a
# million positions: 0.3-2 s per read or sort); the table keeps showing the previous rows
# meanwhile and `busy` says what it is doing. Below it the read takes tens of ms and the
# table updates in step, as it always has (a search keystroke at 100k: ~13 ms in step).
BACKGROUND_ABOVE = 200_000
# A sort reads a key per row and sorts them: ~0.1-0.3 s at 100k rows, on a worker above this.
SORT_BACKGROUND_ABOVE = 50_000
# Rows shown at once when a database's order is read on a worker: a few screens, read from
# the date index in a few ms at any size.
FIRST_ROWS = 1_000

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


def ordered_ids(db: Any, flt: PositionFilter | None, key: str, descending: bool) -> np.ndarray:
    """The ids of the positions matching `flt`, sorted by column `key` (ties in date
    order): db.reads.table_order, safe on a worker thread."""
    return sorted_position_ids(db, flt, key, descending)


class PositionsModel(QAbstractTableModel):
    """Positions matching a PositionFilter: ids read per refresh, rows read when shown.

    On a large database (`background_above`) a refresh or a sort reads the new order on a
    worker thread: `busy(text)` says so ("Sorting…"), the rows shown stay until the new
    order is in, then the model resets (a refresh) or re-lays out keeping its persistent
    indexes (a sort), and `busy("")` says it is done. A newer request drops an older one's
    result."""

    busy = Signal(str)

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
        self.background_above = BACKGROUND_ABOVE
        self.sort_background_above = SORT_BACKGROUND_ABOVE
        self._total: tuple[Any, int] | None = None  # (database, positions in it)
        self._generation = 0
        self._pending: str | None = None  # "load" or "sort" while a worker reads
        self._partial = False  # the ids shown are the first rows of a load still reading
        # Unparented, kept by the worker's closure: see desktop.qt.background.Results.
        self._results = Results()
        self._results.done.connect(self._arrived)
        self._job: Job | None = None  # the read under way, cancelled by a newer request

    # ------------------------------------------------------------ data access

    def load(self, db: Any, flt: PositionFilter | None, *, recount: bool = False,
             defer: Callable[[Callable[[], None]], None] | None = None) -> None:
        """Re-read the ids for `flt` and keep the current sort (`recount`: the number of
        positions in the database may have changed). `defer(start)`: how a read on a worker
        thread is started (e.g. after the window's first paint; default: now)."""
        if recount or self._total is None or self._total[0] is not db:
            self._total = (db, count_positions(db))
        self._request("load", db, flt, defer)

    def is_busy(self) -> bool:
        """Whether a new order is being read on a worker thread."""
        return self._pending is not None

    def _request(self, kind: str, db: Any, flt: PositionFilter | None,
                 defer: Callable[[Callable[[], None]], None] | None = None) -> None:
        self._generation += 1
        generation = self._generation
        if self._job is not None:
            self._job.cancel()  # superseded: its read stops where it is
            self._job = None
        key = COLUMN_KEYS[self._sort_column]
        descending = self._sort_order == Qt.SortOrder.DescendingOrder
        limit = self.sort_background_above if kind == "sort" else self.background_above
        if self._total is None or self._total[1] <= limit:
            self._pending = None
            self._apply(kind, db, flt, ordered_ids(db, flt, key, descending))
            return
        if kind == "load" and db is not self._db:
            # Nothing of this database shown yet (the window opening, another file): its
            # first rows now, from the date index, and the rest appended when the whole
            # order is in, instead of an empty table for the seconds that read takes.
            first = first_position_ids(db, flt, key, descending, FIRST_ROWS)
            if first is not None:
                self._apply("load", db, flt, first)
                self._partial = True
        # a sort is a sort even if a reload was asked for meanwhile, and vice versa: the
        # reset of a load also shows the new order
        self._pending = "load" if "load" in (kind, self._pending) else kind
        self.busy.emit("Sorting…" if self._pending == "sort" else "Reading positions…")

        def start() -> None:
            if generation == self._generation:  # else a newer request replaced this one
                self._job = run_in_pool(self._results, generation,
                                        lambda: (db, flt, ordered_ids(db, flt, key, descending)))

        (defer or (lambda fn: fn()))(start)

    def _arrived(self, generation: int, result: object) -> None:
        if generation != self._generation or not shiboken6.isValid(self):
            return  # a newer request is under way (or the table is gone)
        kind, self._pending, self._job = self._pending or "load", None, None
        if isinstance(result, Exception):
            self.busy.emit(f"Could not read the positions: {result}")
            return
        db, flt, ids = result  # type: ignore[misc]
        self._apply(kind, db, flt, ids)
        self.busy.emit("")

    def _apply(self, kind: str, db: Any, flt: PositionFilter | None, ids: np.ndarray) -> None:
        partial, self._partial = self._partial, False
        if kind == "sort" and db is self._db:
            self._relayout(ids)
            return
        n = len(self._ids)
        if (partial and db is self._db and flt == self._filter and len(ids) >= n
                and np.array_equal(ids[:n], self._ids)):
            # The whole order of the first rows shown: the rest is appended after them, so
            # the selection, current row and scroll place stay as they are.
            if len(ids) > n:
                self.beginInsertRows(QModelIndex(), n, len(ids) - 1)
                self._ids = ids
                self.endInsertRows()
            return
        self.beginResetModel()
        self._db, self._filter, self._ids = db, flt, ids
        self._cache.clear()
        self.endResetModel()

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
        self._request("sort", self._db, self._filter)

    def _relayout(self, ids: np.ndarray) -> None:
        """Show the same rows in a new order, the persistent indexes (selection, current)
        following their records."""
        self.layoutAboutToBeChanged.emit()
        old = self.persistentIndexList()
        if old:
            old_ids = self._ids[[i.row() for i in old]].tolist()
            # where each kept record now is: one pass over the ids (no argsort of a
            # million of them on the GUI thread for a selection of a few rows)
            hits = np.flatnonzero(np.isin(ids, np.unique(old_ids)))
            row_of = dict(zip(ids[hits].tolist(), hits.tolist(), strict=True))
            self.changePersistentIndexList(old, [
                self.index(row_of[pid], i.column()) if pid in row_of else QModelIndex()
                for pid, i in zip(old_ids, old, strict=True)])
        self._ids = ids
        self.layoutChanged.emit()
