"""The positions table's model: PositionRow tuples from db.queries, sorted inside the model.

Sorting happens here on the plain row list because QSortFilterProxyModel.sort takes seconds
at 100k rows; filtering is done by the database query (ctx.filters), never by a proxy.
"""

from __future__ import annotations

from collections.abc import Callable
from operator import attrgetter
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt

from db.models import ATTRIBUTION_KIND_LABELS
from db.queries import PositionFilter, PositionRow, position_rows
from desktop.form_support import swatch_icon

COLUMNS: tuple[tuple[str, str], ...] = (
    ("party", "Party"),
    ("issue", "Issue"),
    ("stance", "Stance"),
    ("date", "Date"),
    ("status", "Status"),
    ("attributed", "Attributed to"),
    ("source", "Source"),
    ("quote", "Quote"),
)
COLUMN_KEYS = tuple(key for key, _ in COLUMNS)
ID_ROLE = Qt.ItemDataRole.UserRole + 1
EXCERPT_CHARS = 140

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


def _folded(attr: str) -> Callable[[PositionRow], Any]:
    get = attrgetter(attr)
    return lambda r: get(r).casefold()


# Each column sorts by what it shows; ties keep date order via the stable sort below.
_SORT_KEYS: dict[str, Callable[[PositionRow], Any]] = {
    "party": _folded("party_name"),
    "issue": _folded("issue_name"),
    "stance": lambda r: (r.issue_name.casefold(), r.level_value),
    "date": attrgetter("stated_on", "id"),
    "status": attrgetter("status"),
    "attributed": _folded("attributed_to"),
    "source": _folded("source_title"),
    "quote": _folded("quote"),
}


class PositionsModel(QAbstractTableModel):
    """Rows of positions matching a PositionFilter, read with one query per refresh."""

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self._rows: list[PositionRow] = []
        self._sort_column = COLUMN_KEYS.index("date")
        self._sort_order = Qt.SortOrder.AscendingOrder

    # ------------------------------------------------------------ data access

    def load(self, db: Any, flt: PositionFilter | None) -> None:
        """Re-read the rows for `flt` and keep the current sort."""
        rows = position_rows(db, flt)
        self.beginResetModel()
        self._rows = rows
        self._sort_rows()
        self.endResetModel()

    def row_at(self, row: int) -> PositionRow:
        return self._rows[row]

    def rows(self) -> list[PositionRow]:
        return self._rows

    def row_of_id(self, position_id: int) -> int:
        """The row showing `position_id`, or -1 when the filter hides it."""
        for i, r in enumerate(self._rows):
            if r.id == position_id:
                return i
        return -1

    # ------------------------------------------------------------ Qt model API

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

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
        row = self._rows[index.row()]
        key = COLUMN_KEYS[index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(row, key)
        if role == Qt.ItemDataRole.DecorationRole and key == "party":
            # An icon with a Selected pixmap of its own: a bare colour gets tinted by the
            # selection highlight, and Russia's orange turns brown in the selected row.
            return swatch_icon(row.party_colour)
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(row, key)
        if role == ID_ROLE:
            return row.id
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return self._display(row, key)
        return None

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
        return None

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if not 0 <= column < len(COLUMNS):
            return
        self.layoutAboutToBeChanged.emit()
        old = self.persistentIndexList()
        old_ids = [self._rows[i.row()].id for i in old]
        self._sort_column, self._sort_order = column, order
        self._sort_rows()
        if old:
            wanted = set(old_ids)
            where = {r.id: n for n, r in enumerate(self._rows) if r.id in wanted}
            self.changePersistentIndexList(
                old, [self.index(where[pid], i.column()) for pid, i in zip(old_ids, old,
                                                                            strict=True)])
        self.layoutChanged.emit()

    def _sort_rows(self) -> None:
        key = _SORT_KEYS[COLUMN_KEYS[self._sort_column]]
        self._rows.sort(key=key, reverse=self._sort_order == Qt.SortOrder.DescendingOrder)
