"""One database file shared by the window and other `parley` processes loses nothing.

The window's edits vanished after another `parley` command touched the file when the
window's process dropped SQLite's POSIX locks: a descriptor of the database opened and
closed outside SQLite's own connections (SQLite's "How To Corrupt", §2.2), or kept in a mode
SQLite cannot lock. These tests hold the invariant that prevents it (every descriptor the
window has on its database is SQLite's, read-write; Python code never opens the file) and
the behaviour a user sees: ten rounds of edits in the real window's dialogs while real
`parley` processes export, import, back up and draw from the same file, every saved record
seen by a fresh process before and after quitting.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from workspace_helpers import choose, main_window, select_in_reader

from db.reads import queries, source_reads
from db.storage.backup import backup_database, list_backups, record_counts
from db.storage.database import Database
from db.storage.filecheck import check_file

_WATCHED: set[str] = set()
_SEEN: list[str] = []


def _audit(event: str, args: tuple) -> None:  # type: ignore[type-arg]
    # Python-level opens (open(), os.open, io.open) of a watched file: none may happen
    # while SQLite has it open. An audit hook cannot be removed, so it only ever looks at
    # the paths a test put in _WATCHED.
    if event == "open" and _WATCHED and isinstance(args[0], (str, bytes, os.PathLike)):
        name = os.fsdecode(args[0])
        if os.path.abspath(name) in _WATCHED:
            _SEEN.append(name)


sys.addaudithook(_audit)


def _descriptors(path: Path) -> list[int]:
    """Access modes (O_RDONLY / O_WRONLY / O_RDWR) of this process's descriptors on `path`."""
    target = os.stat(path)
    modes = []
    for fd in os.listdir("/proc/self/fd"):
        try:
            st = os.stat(f"/proc/self/fd/{fd}")
        except OSError:
            continue
        if (st.st_dev, st.st_ino) == (target.st_dev, target.st_ino):
            flags = int(Path(f"/proc/self/fdinfo/{fd}").read_text().split("flags:")[1].split()[0], 8)
            modes.append(flags & os.O_ACCMODE)
    return modes


def _window(db: Database, qtbot, tmp_path: Path):  # type: ignore[no-untyped-def]
    window = main_window(db, qtbot, tmp_path / "ui.ini")
    return window


@pytest.mark.skipif(not Path("/proc/self/fdinfo").is_dir(), reason="needs Linux /proc")
def test_the_window_never_opens_its_database_outside_sqlite(seeded_db: Database, qtbot,
                                                            tmp_path: Path):
    from desktop.app import start_startup_backup

    watched = {os.path.abspath(seeded_db.path)}
    _SEEN.clear()
    _WATCHED.update(watched)
    try:
        window = _window(seeded_db, qtbot, tmp_path)
        runner = start_startup_backup(window, seeded_db, quiet=True)
        qtbot.waitUntil(lambda: runner.result is not None or runner.error is not None,
                        timeout=20_000)
        assert runner.error is None
        # What the restore dialog does with the live file, and a manual backup.
        check_file(seeded_db.path)
        backup_database(seeded_db, reason="manual")
        newest = list_backups(seeded_db.path)[0].path
        assert record_counts(newest)["positions"] == queries.counts(seeded_db)["positions"]
        assert _SEEN == [], f"the database was opened outside SQLite: {_SEEN}"
        modes = _descriptors(seeded_db.path)
        assert modes, "the window has the database open"
        # A read-only descriptor is one SQLite cannot lock (EBADF) and keeps open.
        assert set(modes) == {os.O_RDWR}, modes
    finally:
        _WATCHED.difference_update(watched)


def _parley(*args: str) -> subprocess.Popen:  # type: ignore[type-arg]
    return subprocess.Popen([sys.executable, "-m", "desktop", *args],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def _fresh_counts(path: Path) -> tuple[int, int]:
    """Sources and positions as a new process sees them."""
    code = ("import sqlite3, sys; c = sqlite3.connect(sys.argv[1]); "
            "print(*[c.execute(f'select count(*) from {t}').fetchone()[0] "
            "for t in ('source', 'position')])")
    out = subprocess.run([sys.executable, "-c", code, str(path)], capture_output=True,
                         text=True, check=True).stdout.split()
    return int(out[0]), int(out[1])


def _add_source_in_dialog(window, qtbot, title: str, text: str) -> None:  # type: ignore[no-untyped-def]
    dialog = window.sources.add_source()
    qtbot.waitExposed(dialog)
    qtbot.mouseClick(dialog.text.viewport(), Qt.MouseButton.LeftButton)
    qtbot.keyClicks(dialog.text, text)
    qtbot.keyClicks(dialog.title_edit, title)
    assert dialog.save_button.isEnabled(), dialog.revalidate()
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=15_000)


def _code_in_form(window, qtbot, source_id: int, phrase: str) -> None:  # type: ignore[no-untyped-def]
    window.ctx.navigator.show_source.emit(source_id)
    text = source_reads.source_text(window.ctx.db, source_id)
    start = text.index(phrase)
    select_in_reader(qtbot, window.reader, start, start + len(phrase))
    qtbot.mouseClick(window.reader.new_button, Qt.MouseButton.LeftButton)
    form = window.reader.form
    choose(form.party, "Ukraine")
    choose(form.issue, "Ceasefire scope")
    choose(form.level, "Full ceasefire")
    choose(form.status, "proposes")
    qtbot.keyClicks(form.attributed.lineEdit(), "Ukrainian foreign ministry")
    choose(form.kind, "Official statement")
    assert form.save_button.isEnabled(), form.problems
    qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not form.isVisible(), timeout=15_000)


ROUNDS = 10


def test_window_edits_survive_other_parley_processes_on_the_same_file(
        seeded_db: Database, qtbot, tmp_path: Path):
    path = seeded_db.path
    issue = queries.issues(seeded_db)[0].key
    window = _window(seeded_db, qtbot, tmp_path)
    sources, positions = _fresh_counts(path)
    cli_sources = 0
    for r in range(ROUNDS):
        article = tmp_path / f"cli{r}.txt"
        article.write_text(f"Command line round {r}\n\nKyiv said on Monday that talks "
                           f"would resume in round {r}.\n", encoding="utf-8")
        # Other programs start while the window is being edited, in a different order each
        # round so their opens, reads, writes and closes fall at different moments.
        commands = [
            ("export-data", "--db", str(path), "--format", "json", "--out", str(tmp_path / "x.json")),
            ("export-data", "--db", str(path), "--format", "csv", "--out", str(tmp_path / "x.csv")),
            ("import-article", "--db", str(path), str(article), "--title", f"CLI {r}"),
            ("backup", "--db", str(path)),
            ("export-chart", "--db", str(path), "--issue", issue, "--out", str(tmp_path / "c.png")),
        ]
        commands = commands[r % len(commands):] + commands[:r % len(commands)]
        first, rest = commands[:2], commands[2:]
        procs = [_parley(*c) for c in first]
        phrase = f"Ukraine proposes a full ceasefire in round {r} of the talks"
        _add_source_in_dialog(window, qtbot, f"Window round {r}",
                              f"{phrase}, the foreign ministry said.")
        procs += [_parley(*c) for c in rest]
        new_id = next(s.id for s in source_reads.sources(seeded_db)
                      if s.title == f"Window round {r}")
        _code_in_form(window, qtbot, new_id, phrase)
        for proc in procs:
            _out, err = proc.communicate(timeout=120)
            assert proc.returncode == 0, err
        cli_sources += 1
        sources, positions = sources + 2, positions + 1
        assert _fresh_counts(path) == (sources, positions), f"round {r}"
    assert cli_sources == ROUNDS
    # Quit as File → Quit does: the window closes and the database with it.
    window.close()
    seeded_db.close()
    assert _fresh_counts(path) == (sources, positions)
    reopened = Database(path)
    try:
        titles = {s.title for s in source_reads.sources(reopened)}
    finally:
        reopened.close()
    assert {f"Window round {r}" for r in range(ROUNDS)} <= titles
    assert {f"CLI {r}" for r in range(ROUNDS)} <= titles


@pytest.mark.parametrize("suffix", ["", "-wal", "-shm"])
def test_loading_the_open_database_as_an_article_is_refused_without_opening_it(
        seeded_db: Database, suffix: str):
    # "Load from file…" lists all files and a drop takes any: the open database (or its
    # side files) chosen by mistake must not be opened and closed by hand.
    from db.errors import ValidationError
    from db.exchange.article_import import read_any
    from db.exchange.articles import read_article_file

    queries.counts(seeded_db)  # SQLite has the file (and its -wal, -shm) open now
    target = Path(f"{seeded_db.path}{suffix}")
    assert target.exists()
    watched = {os.path.abspath(target)}
    _SEEN.clear()
    _WATCHED.update(watched)
    try:
        for read in (read_article_file, read_any):
            with pytest.raises(ValidationError, match="open Parley database"):
                read(target)
        assert _SEEN == []
    finally:
        _WATCHED.difference_update(watched)
