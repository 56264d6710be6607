"""Screenshots of team use (docs/screenshot-agreement.png, docs/screenshot-conflict-dialog.png)
on a fresh seeded database where two analysts, alice and bob, coded the same article (bob's
stance differs now and then), and bob saves a record alice has open.

Run under a real X server (`make screenshots` uses Xvfb).
"""

from __future__ import annotations

import os
import random
import sys
import tempfile
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("PYQTGRAPH_QT_LIB", "PySide6")


def _two_coders(db) -> int:  # type: ignore[no-untyped-def]
    """alice and bob each code the first article's records again; returns its id."""
    from db.reads import queries, record_inputs
    from db.writes import positions

    rows = queries.position_rows(db)
    source = rows[0].source_id
    levels = {i.id: i.levels for i in queries.issues(db)}
    rng = random.Random(3)
    for name in ("alice", "bob"):
        db.user = name
        for r in (r for r in rows if r.source_id == source):
            data = record_inputs.position_input(db, r.id)
            if name == "bob" and rng.random() < 0.3:
                data = replace(data, level_id=rng.choice(levels[r.issue_id]).id)
            positions.create_position(db, data)
    db.user = "alice"
    return source


def main() -> int:
    tmp = Path(tempfile.mkdtemp(prefix="parley-team-shots-"))
    os.environ["PARLEY_DATA_DIR"] = str(tmp / "data")
    os.environ["XDG_CONFIG_HOME"] = str(tmp / "config")

    from PySide6.QtCore import QSettings, QTimer
    from PySide6.QtWidgets import QApplication

    from db.opening import open_database
    from db.reads import record_inputs
    from db.writes import positions
    from desktop.app import build_main_window, create_application

    app = create_application()
    db = open_database(seed=True)
    source = _two_coders(db)
    window = build_main_window(db, QSettings(str(tmp / "ui.ini"), QSettings.Format.IniFormat))
    window.resize(1600, 1000)
    window.show()
    out = ROOT / "docs"

    def settle() -> None:
        for _ in range(20):
            QApplication.processEvents()

    def save(widget, name: str) -> None:  # type: ignore[no-untyped-def]
        settle()
        widget.screen().grabWindow(widget.winId()).save(str(out / f"screenshot-{name}.png"))
        print(out / f"screenshot-{name}.png")

    def agreement() -> None:
        window.ctx.navigator.show_source.emit(source)
        window.docks["agreementDock"].raise_()
        save(window, "agreement")
        window.docks["positionsDock"].raise_()
        window.positions.colour_by_coder.setChecked(True)
        pid = window.positions.model.id_at(1)
        window.positions.edit_position(pid)
        bob = open_database(db.path)
        bob.user = "bob"
        data, version = record_inputs.position_state(bob, pid)
        positions.save_position(bob, pid, replace(
            data, notes="Checked against the Kremlin's own transcript.", confidence=0.6), version)
        bob.close()
        form = window.positions.form
        form.notes.setPlainText("A paraphrase, not his words: lower confidence.")
        form.confidence.setValue(50)
        form.save()
        QTimer.singleShot(500, conflict)

    def conflict() -> None:
        save(window.positions.form.conflict_dialog, "conflict-dialog")
        app.quit()

    QTimer.singleShot(1500, agreement)
    return app.exec()


if __name__ == "__main__":
    raise SystemExit(main())
