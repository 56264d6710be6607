"""The window opens and is browsed — rows clicked, a position opened in its form, a search
typed, the conflicts and codebook panes shown — without importing SQLAlchemy, SQLModel or
pydantic (~0.3 s and ~55 MB); the first
edit in a form loads them on a worker thread, and the save lands. In a child process: this
test process imported them long ago."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

from db.opening import open_database
from db.reads import queries

CHILD = textwrap.dedent("""
    import json, sys
    from pathlib import Path
    from desktop.cli.main import launch_gui

    HEAVY = ("sqlalchemy", "sqlmodel", "pydantic", "alembic")
    seen = {}

    def heavy():
        return sorted({m.split(".")[0] for m in sys.modules} & set(HEAVY))

    def on_ready(window):
        from PySide6.QtCore import Qt
        from PySide6.QtTest import QTest
        from PySide6.QtWidgets import QApplication

        app = QApplication.instance()
        app.processEvents()
        seen["at_start"] = heavy()
        table = window.positions
        view = table.view
        rect = view.visualRect(view.model().index(2, 1))
        QTest.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
        QTest.mouseDClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
        app.processEvents()
        form = table.form
        seen["form_open"] = form is not None and form.isVisible()
        seen["after_browsing"] = heavy()
        QTest.keyClicks(table.search, "ceasefire")
        QTest.qWait(400)
        seen["after_search"] = heavy()
        for dock in ("conflictsDock", "codebookDock"):  # built and shown on first raise
            window.docks[dock].raise_()
            QTest.qWait(300)
        seen["codebook_shown"] = window.docks["codebookDock"].widget().isVisible()
        seen["after_codebook"] = heavy()
        window.docks["positionsDock"].raise_()
        app.processEvents()
        from PySide6.QtGui import QTextCursor

        form.notes.setFocus()
        form.notes.moveCursor(QTextCursor.MoveOperation.End)
        QTest.keyClicks(form.notes, " Checked twice.")
        app.processEvents()
        seen["editing_warms_up"] = form._ctx.ops._warm_up is not None
        seen["edited_id"] = form.position_id
        QTest.mouseClick(form.save_button, Qt.MouseButton.LeftButton)
        app.processEvents()
        seen["after_save"] = heavy()
        print(json.dumps(seen), flush=True)
        window.close()
        app.quit()

    launch_gui(Path(sys.argv[1]), on_ready=on_ready)
""")


def test_browsing_loads_no_orm_and_the_first_edit_saves(tmp_path: Path) -> None:
    path = tmp_path / "p.sqlite3"
    open_database(path, seed=True).close()
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PARLEY_DATA_DIR": str(tmp_path / "d")}
    proc = subprocess.run([sys.executable, "-c", CHILD, str(path)], capture_output=True,
                          text=True, timeout=120, env=env, cwd=Path(__file__).parents[2])
    assert proc.returncode == 0, proc.stderr[-3000:]
    seen = json.loads(proc.stdout.strip().splitlines()[-1])
    assert seen["at_start"] == [], "opening the window imported the ORM"
    assert seen["form_open"]
    assert seen["after_browsing"] == [] and seen["after_search"] == []
    assert seen["codebook_shown"] and seen["after_codebook"] == []
    assert seen["editing_warms_up"]
    assert "sqlmodel" in seen["after_save"]
    db = open_database(path)
    try:
        assert queries.position_row(db, seen["edited_id"]).notes.endswith(" Checked twice.")
    finally:
        db.close()
