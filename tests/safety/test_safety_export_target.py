"""An export never overwrites the open database, its side files or its backups (issue 11,
case 4): `export-data --out x.sqlite3` onto `--db x.sqlite3` used to turn the database into
a CSV file. Checked by file identity, so a symlink, a hard link or `dir/../name` is caught.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QFileDialog, QMessageBox
from workspace_helpers import make_window

from db.exchange import json_csv as exchange
from db.opening import open_database
from db.storage.backup import backup_database
from db.storage.database import Database

ROOT = Path(__file__).resolve().parents[2]


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "desktop", *args], capture_output=True,
                          text=True, timeout=120, cwd=ROOT)


def _target(case: str, db: Path) -> Path:
    if case == "itself":
        return db
    if case == "dotdot":
        return db.parent / "sub" / ".." / db.name
    if case == "symlink":
        link = db.parent / "link.csv"
        link.symlink_to(db)
        return link
    if case == "hardlink":
        link = db.parent / "hard.csv"
        os.link(db, link)
        return link
    if case in ("-wal", "-shm", "-journal"):
        return db.with_name(db.name + case)
    if case == "backup":
        return sorted((db.parent / "backups").glob("*.sqlite3"))[0]
    if case == "backups-folder":
        return db.parent / "backups" / "new-export.csv"
    raise AssertionError(case)


CASES = ["itself", "dotdot", "symlink", "hardlink", "-wal", "-shm", "-journal", "backup",
         "backups-folder"]


@pytest.fixture
def live(seeded_db: Database) -> Path:
    backup_database(seeded_db, reason="manual")
    (seeded_db.path.parent / "sub").mkdir()
    path = seeded_db.path
    seeded_db.close()
    return path


@pytest.mark.parametrize("case", CASES)
@pytest.mark.parametrize("fmt", ["csv", "json"])
def test_cli_export_onto_the_database_is_refused(case: str, fmt: str, live: Path) -> None:
    # A second program keeps the database open, so its -wal and -shm exist, as in real use.
    holder = open_database(live)
    with holder.read() as con:
        con.execute("SELECT count(*) FROM position").fetchone()
    try:
        before = exchange.export_data(holder)
        target = _target(case, live)
        existed = target.exists()
        old = _digest(target) if existed and case not in ("-wal", "-shm") else None
        proc = _cli("export-data", "--db", str(live), "--format", fmt, "--out", str(target))
        assert proc.returncode == 1, proc.stdout[:200]
        assert proc.stderr.startswith("parley: Cannot export to") and \
            proc.stderr.count("\n") == 1, proc.stderr
        assert "nothing was written" in proc.stderr
        if old is not None:
            assert _digest(target) == old
        if not existed:
            assert not target.exists()
        assert exchange.export_data(holder) == before
    finally:
        holder.close()
    db = open_database(live)
    assert exchange.export_data(db) == before
    db.close()


def test_cli_export_next_to_the_database_still_works(live: Path) -> None:
    out = live.with_name(live.stem + ".csv")
    proc = _cli("export-data", "--db", str(live), "--format", "csv", "--out", str(out))
    assert proc.returncode == 0, proc.stderr
    assert out.read_text(encoding="utf-8-sig").startswith("id,party,")


def test_cli_chart_export_onto_the_database_is_refused(live: Path) -> None:
    link = live.with_name("chart.png")
    link.symlink_to(live)
    old = _digest(live)
    proc = _cli("export-chart", "--db", str(live), "--issue", "ceasefire_scope",
                "--out", str(link))
    assert proc.returncode == 1 and "it is the open database" in proc.stderr, proc.stderr
    assert _digest(live) == old


def test_window_export_onto_the_open_database_is_refused(ctx, qtbot, tmp_path,  # type: ignore[no-untyped-def]
                                                         monkeypatch):
    window = make_window(ctx, qtbot, tmp_path / "ui.ini")
    db_path = ctx.db.path
    before = exchange.export_data(ctx.db)
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "critical", lambda _p, _t, text, *a: shown.append(text))
    monkeypatch.setattr(QFileDialog, "getSaveFileName",
                        lambda *a, **k: (str(db_path), "CSV, one row per position (*.csv)"))
    window.export_data()  # File → Export data…, the chosen file being the open database
    assert shown and "it is the open database" in shown[0]
    wal = db_path.with_name(db_path.name + "-wal")
    assert not window.export_to(wal, csv=False)
    assert "-wal file" in shown[1]
    assert exchange.export_data(ctx.db) == before
    assert open_database(db_path).schema_revision()  # still an SQLite database


def test_window_chart_export_onto_the_open_database_is_refused(seeded_db, qtbot, tmp_path,  # type: ignore[no-untyped-def]
                                                               monkeypatch):
    from PySide6.QtCore import QSettings

    from desktop.app import build_main_window

    window = build_main_window(seeded_db, QSettings(str(tmp_path / "ui.ini"),
                                                    QSettings.Format.IniFormat))
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    db_path = seeded_db.path
    before = exchange.export_data(seeded_db)
    warned: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _p, _t, text, *a: warned.append(text))

    def fill_in_and_save() -> None:
        from desktop.charts.export_dialog import ExportDialog

        dialog = QApplication.activeModalWidget()
        assert isinstance(dialog, ExportDialog)
        dialog.path.setText(str(db_path))
        dialog.save_button.click()

    QTimer.singleShot(0, fill_in_and_save)
    action = next(a for a in window.file_menu.actions() if a.text() == "Export &chart…")
    action.trigger()
    assert warned and "it is the open database" in warned[0]
    assert exchange.export_data(seeded_db) == before
