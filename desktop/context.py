"""The objects every pane shares, built once in desktop/app.py."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QObject

from db.reads.queries import PositionFilter
from db.storage.database import Database
from desktop.navigation import FilterState, Navigator
from desktop.ops import Ops


@dataclass
class AppContext:
    ops: Ops
    navigator: Navigator
    filters: FilterState

    @property
    def db(self) -> Database:
        """The open database; it changes on File → Open, so never keep a reference to it."""
        return self.ops.db

    @classmethod
    def create(cls, db: Database, parent: QObject | None = None) -> AppContext:
        # Whose records a blind source shows (desktop.team keeps it so) is known before the
        # panes first read: set afterwards, it changed the filter and every pane read its
        # data a second time at start (at a million positions, the table's whole order).
        return cls(Ops(db, parent), Navigator(parent),
                   FilterState(parent, PositionFilter(viewer=db.user)))
