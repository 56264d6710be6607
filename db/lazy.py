"""Write modules imported on first use.

`db.writes.codebook`, `db.writes.positions`, `db.writes.sources` and `db.exchange.json_csv`
bring in SQLModel, SQLAlchemy and pydantic (~0.3 s). A window can open, read and draw
without them, so the screens refer to them through a `LazyModule`; `warm_up` imports them
on a worker thread as soon as a form is edited (`desktop.ops.Ops.prepare`), so the save
that follows does not wait for them.
"""

from __future__ import annotations

import importlib
import threading
from types import ModuleType
from typing import Any

# One lock for every lazy import. The import system's per-module locks are not enough:
# SQLAlchemy's packages import each other in a cycle, and when the warm-up thread and the
# GUI thread (a save clicked before the warm-up finished) enter that cycle from two ends,
# Python breaks the deadlock by handing one of them a half-initialised module: "cannot
# import name 'AdaptedConnection' from partially initialized module", and the save was lost.
# With this lock the save waits for the warm-up instead.
_IMPORTING = threading.RLock()


class LazyModule:
    """Stands for a module; the first attribute read imports it (thread-safe: see
    _IMPORTING)."""

    def __init__(self, name: str):
        self._name = name

    def module(self) -> ModuleType:
        with _IMPORTING:
            return importlib.import_module(self._name)

    def __getattr__(self, attr: str) -> Any:
        return getattr(self.module(), attr)

    def __repr__(self) -> str:
        return f"<LazyModule {self._name}>"


# The write modules, for the screens: `from db.lazy import positions`.
codebook = LazyModule("db.writes.codebook")
exchange = LazyModule("db.exchange.json_csv")
positions = LazyModule("db.writes.positions")
sources = LazyModule("db.writes.sources")


def warm_up() -> None:
    """Import the write path ahead of the first edit, so it does not pause the first save."""
    for lazy in (codebook, exchange, positions, sources):
        lazy.module()
