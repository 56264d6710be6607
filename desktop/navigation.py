"""Shared, window-wide state that panes use to talk without knowing each other."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from PySide6.QtCore import QObject, Signal

from db.reads.queries import PositionFilter


class Navigator(QObject):
    """Requests to show a record: the table selects it, the reader opens its source at the
    quote. Charts and the conflicts view emit these; they never reach into other panes."""

    show_position = Signal(int)  # position id
    show_source = Signal(int)  # source id
    edit_position = Signal(int)  # open the position's form


class FilterState(QObject):
    """The table's filters, shared with the charts so both show the same records."""

    changed = Signal(object)  # PositionFilter

    def __init__(self, parent: QObject | None = None, initial: PositionFilter | None = None):
        super().__init__(parent)
        self._current = initial if initial is not None else PositionFilter()

    @property
    def current(self) -> PositionFilter:
        return self._current

    def update(self, **fields: Any) -> None:
        new = replace(self._current, **fields)
        if new != self._current:
            self._current = new
            self.changed.emit(new)

    def reset(self) -> None:
        self.update(party_ids=frozenset(), issue_ids=frozenset(), source_ids=frozenset(),
                    attributions=frozenset(), date_from=None, date_to=None, text="",
                    coders=frozenset())
