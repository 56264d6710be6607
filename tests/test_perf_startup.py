"""Start-up work moved off the first paint: the startup backup on a worker thread (once per
launch, failures reported without blocking)."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication, QMessageBox

from db.backup import backups_dir, list_backups
from db.database import Database


@pytest.fixture
def window(seeded_db: Database, qtbot, tmp_path: Path):  # type: ignore[no-untyped-def]
    from desktop.app import build_main_window

    settings = QSettings(str(tmp_path / "ui.ini"), QSettings.Format.IniFormat)
    win = build_main_window(seeded_db, settings)
    qtbot.addWidget(win)
    win.show()
    qtbot.waitExposed(win)
    return win


def test_startup_backup_runs_in_the_background_once(window, seeded_db, qtbot):  # type: ignore[no-untyped-def]
    from desktop.app import start_startup_backup

    assert list_backups(seeded_db.path) == []
    runner = start_startup_backup(window, seeded_db)
    with qtbot.waitSignal(runner.finished, timeout=10_000) as done:
        pass
    backups = list_backups(seeded_db.path)
    assert [b.path for b in backups] == [done.args[0]] == [runner.result]
    assert backups[0].reason == "startup"
    runner.start()  # a second start is a no-op: one backup per launch
    qtbot.wait(200)
    assert len(list_backups(seeded_db.path)) == 1
    assert not runner.is_running()


def test_failed_startup_backup_warns_without_blocking(window, seeded_db, qtbot):  # type: ignore[no-untyped-def]
    from desktop.app import start_startup_backup

    backups_dir(seeded_db.path).write_text("a file where the backups folder should be")
    runner = start_startup_backup(window, seeded_db)
    with qtbot.waitSignal(runner.failed, timeout=10_000):
        pass
    assert "backups folder" in runner.error
    assert "startup backup failed" in window.statusBar().currentMessage()
    # The warning is shown but not modal: the window keeps taking input.
    assert QApplication.activeModalWidget() is None
    boxes = [w for w in QApplication.topLevelWidgets()
             if isinstance(w, QMessageBox) and w.isVisible()]
    assert len(boxes) == 1 and "backup failed" in boxes[0].windowTitle()
    boxes[0].close()
    # Work goes on in the window meanwhile.
    window.positions.search.setText("ceasefire")
    qtbot.waitUntil(lambda: window.ctx.filters.current.text == "ceasefire", timeout=2000)


def test_launch_takes_exactly_one_startup_backup(seeded_db, qtbot, monkeypatch, tmp_path):  # type: ignore[no-untyped-def]
    """run_gui as `parley --db` runs it: the window shows, then one backup is taken."""
    from PySide6.QtWidgets import QMainWindow

    from desktop import app as app_module

    path = seeded_db.path
    seeded_db.close()
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    qapp = QApplication.instance()
    shown: list[bool] = []

    def fake_exec() -> int:
        win = next(w for w in QApplication.topLevelWidgets()
                   if isinstance(w, QMainWindow) and w.isVisible())
        shown.append(True)
        qtbot.waitUntil(lambda: win.startup_backup.result is not None, timeout=10_000)
        win.close()
        win.ctx.db.close()
        return 0

    monkeypatch.setattr(qapp, "exec", fake_exec, raising=False)
    assert app_module.run_gui(path) == 0
    assert shown == [True]
    assert [b.reason for b in list_backups(path)] == ["startup"]
