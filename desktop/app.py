"""The one wiring point: builds the application, opens the database, creates the windows."""

from __future__ import annotations

import gc
import os
import sys
from pathlib import Path

# pyqtgraph picks the first Qt binding it finds; make sure it is PySide6.
os.environ.setdefault("PYQTGRAPH_QT_LIB", "PySide6")

from PySide6.QtCore import QSize, Qt, QThreadPool, QTimer  # noqa: E402
from PySide6.QtWidgets import QApplication, QMessageBox  # noqa: E402

from db.errors import ParleyError  # noqa: E402
from db.opening import open_database  # noqa: E402
from db.storage.filecheck import FileCheck
from desktop.qt.plain_text import literal  # noqa: E402

ORG_NAME = "Parley"
APP_NAME = "Parley"


def _check_display() -> str | None:
    """Parley's own one-line reason when the window cannot be shown, before Qt aborts with
    "could not connect to display" (and a core dump) on an X display that is not there."""
    if not sys.platform.startswith("linux"):
        return None
    display = os.environ.get("DISPLAY", "")
    platform = os.environ.get("QT_QPA_PLATFORM", "")
    if not (display or os.environ.get("WAYLAND_DISPLAY") or platform):
        return ("parley: no display found (DISPLAY and WAYLAND_DISPLAY are unset). Run it in a "
                "desktop session, under Xvfb (xvfb-run parley), or set QT_QPA_PLATFORM=offscreen.")
    # Only where Qt will use X: its xcb plugin, chosen or the default with no Wayland session.
    uses_x = platform.split(":")[0].strip().lower() == "xcb" or (
        not platform and not os.environ.get("WAYLAND_DISPLAY"))
    reason = x_display_problem(display) if uses_x and display else None
    if reason:
        return (f"parley: cannot open the display {display} ({reason}). Check DISPLAY, run it "
                "under Xvfb (xvfb-run parley), or set QT_QPA_PLATFORM=offscreen.")
    return None


# libxcb's connection errors (xcb.h), as a user can act on them.
_XCB_ERRORS = {
    1: "no X server accepts a connection there",
    5: "not a display name",
    6: "the X server has no such screen",
}


def x_display_problem(display: str) -> str | None:
    """Why the X display `display` cannot be opened, or None when it can (or when libxcb is
    not there to ask; Qt's xcb plugin needs it, so Qt will then say what is missing). Asks
    libxcb itself, as Qt does, so every DISPLAY form (:0, host:0.1, unix sockets, abstract
    sockets) and the server's authorisation are checked the same way, in about a millisecond.
    """
    import ctypes
    import ctypes.util

    try:
        xcb = ctypes.CDLL(ctypes.util.find_library("xcb") or "libxcb.so.1")
    except OSError:
        return None
    xcb.xcb_connect.restype = ctypes.c_void_p
    xcb.xcb_connect.argtypes = [ctypes.c_char_p, ctypes.c_void_p]
    xcb.xcb_connection_has_error.restype = ctypes.c_int
    xcb.xcb_connection_has_error.argtypes = [ctypes.c_void_p]
    xcb.xcb_disconnect.argtypes = [ctypes.c_void_p]
    connection = xcb.xcb_connect(display.encode(), None)
    error = xcb.xcb_connection_has_error(connection)
    if error == 0:
        # Kept open until Qt has its own connection (release_display_probe): an X server
        # with no other client (Xvfb without a window manager) resets when its last client
        # leaves, and Qt connecting during that reset aborts with "could not connect".
        _HELD_PROBE.append((xcb, connection))
        return None
    xcb.xcb_disconnect(connection)  # also frees the error object of a failed connect
    return _XCB_ERRORS.get(error, f"libxcb error {error}")


_HELD_PROBE: list[tuple[object, int]] = []


def release_display_probe() -> None:
    """Close the display check's connection, once Qt has connected to the display."""
    while _HELD_PROBE:
        xcb, connection = _HELD_PROBE.pop()
        xcb.xcb_disconnect(connection)  # type: ignore[attr-defined]


def create_application(argv: list[str] | None = None) -> QApplication:
    app = QApplication.instance() or QApplication(argv or sys.argv[:1])
    app.setOrganizationName(ORG_NAME)
    app.setApplicationName(APP_NAME)
    app.setApplicationDisplayName(APP_NAME)
    from desktop.qt.icons import app_icon

    app.setWindowIcon(app_icon())
    return app  # type: ignore[return-value]


def build_main_window(db, settings=None):  # type: ignore[no-untyped-def]
    """Everything the GUI needs around an open database; returns the main window."""
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QKeySequence

    from desktop.charts.charts_pane import ChartsPane
    from desktop.context import AppContext
    from desktop.dialogs.connect_dialog import install_connect_action
    from desktop.dialogs.restore_dialog import install_restore_action
    from desktop.external_changes import ExternalChanges, updated_message
    from desktop.main_window import MainWindow

    ctx = AppContext.create(db)
    # Made before the panes first read, so a commit made elsewhere meanwhile is not missed;
    # it polls once started (run_gui starts it when the window is up).
    watcher = ExternalChanges(ctx.ops)
    window = MainWindow(ctx, settings)
    for obj in (ctx.ops, ctx.navigator, ctx.filters, watcher):
        obj.setParent(window)
    window.external_changes = watcher
    watcher.updated.connect(
        lambda: window.statusBar().showMessage(updated_message(ctx.ops.db), 5000))
    _show_connection_state(window, watcher)

    window.charts = ChartsPane(ctx)
    window.add_dock(window.charts, "Charts", "chartsDock", Qt.DockWidgetArea.RightDockWidgetArea)
    add_codebook_docks(window, ctx)
    export = window.add_file_action("Export &chart…", window.charts.export_dialog,
                                    QKeySequence("Ctrl+E"),
                                    "Save the chart shown as PNG, SVG or PDF")
    window.add_file_action("Cop&y chart", window.charts.copy_to_clipboard,
                           QKeySequence("Ctrl+Shift+C"), "Copy the chart shown as an image",
                           after=export)
    install_restore_action(window, ctx)
    install_connect_action(window, ctx)
    from desktop.team import install_team

    install_team(window, ctx)
    return window


def _show_connection_state(window, watcher) -> None:  # type: ignore[no-untyped-def]
    """While the server cannot be reached, a warning stays in the status bar (edits are
    refused meanwhile, each with its message); when it is back, it says so and goes."""
    from desktop.qt.plain_text import plain_label

    label = plain_label()
    label.setObjectName("connectionLost")
    label.setAccessibleName("Server connection")
    label.setStyleSheet("color: #b00020; font-weight: bold;")
    label.setWordWrap(False)
    label.hide()
    window.statusBar().addWidget(label, 2)
    window.connection_label = label

    def lost(message: str) -> None:
        # Short in the bar (the database's name is beside it), the whole sentence on hover.
        label.setText("Disconnected from the server: edits cannot be saved; reconnecting…")
        label.setToolTip(literal(message))
        label.show()

    def back() -> None:
        label.hide()
        label.clear()
        window.statusBar().showMessage(f"Reconnected to {window.ctx.db.name}", 8000)

    watcher.connection_lost.connect(lost)
    watcher.connection_back.connect(back)


# The codebook editor's minimumSizeHint (its forms), kept free in the bottom dock area before
# the editor is built so that building it does not resize the area; tests/test_startup_docks
# checks it still covers the editor.
CODEBOOK_MIN_SIZE = QSize(568, 354)


def add_codebook_docks(window, ctx) -> None:  # type: ignore[no-untyped-def]
    """Conflicting accounts and the codebook editor, tabbed with the positions table: the
    bottom area spans the window, which side-by-side accounts and the editor's forms need."""
    from PySide6.QtCore import Qt

    def conflicts():  # type: ignore[no-untyped-def]
        from desktop.panes.conflicts_view import ConflictsView

        return ConflictsView(ctx)

    def codebook():  # type: ignore[no-untyped-def]
        from desktop.panes.codebook_editor import CodebookEditor

        return CodebookEditor(ctx)

    table = window.docks.get("positionsDock")
    bottom = Qt.DockWidgetArea.BottomDockWidgetArea
    # Tabbed behind the table at start: built (and their modules imported) only when first
    # brought to the front or asked for.
    window.add_lazy_dock(conflicts, "Conflicting accounts", "conflictsDock", bottom, table)
    window.add_lazy_dock(codebook, "Codebook", "codebookDock", bottom, table,
                         reserve=CODEBOOK_MIN_SIZE)
    if table is not None:
        table.raise_()


def start_startup_backup(window, db, *, quiet: bool = False,  # type: ignore[no-untyped-def]
                         start: bool = True):
    """One consistent backup per launch, on a worker thread once the window is up; a failed
    backup is said in the status bar and a non-modal warning, and never blocks work. With
    start=False the caller starts it (`runner.start()`, once)."""
    from desktop.startup_backup import StartupBackup

    runner = StartupBackup(db, window)
    window.startup_backup = runner

    def failed(message: str) -> None:
        window.statusBar().showMessage(f"The startup backup failed: {message}", 30_000)
        if quiet:
            return
        box = QMessageBox(QMessageBox.Icon.Warning, "Parley — backup failed",
                          literal(f"The startup backup failed: {message}\n\nYour work is saved "
                                  "as usual; only the backup copy is missing."),
                          QMessageBox.StandardButton.Ok, window)
        box.setModal(False)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.show()

    runner.failed.connect(failed)
    if start:
        runner.start()
    return runner


def run_gui(db_path: Path | None = None, *, selftest: bool = False,  # type: ignore[no-untyped-def]
            check: FileCheck | None = None, on_ready=None) -> int:
    """Open the database and run the main window until it closes. `check`: the file's check,
    already started; `on_ready(window)`: called once the shown window's first events have
    been processed (the startup benchmark's hook)."""
    problem = _check_display()
    if problem:
        print(problem, file=sys.stderr)
        return 2
    app = create_application()
    release_display_probe()
    try:
        # seed: the examples fill a file this first launch creates, never an existing one —
        # nor a server's database: a team's shared database is seeded only by `init --seed`.
        from db.storage.paths import resolve_db_path

        db = open_database(db_path, check=check,
                           seed=not isinstance(resolve_db_path(db_path), str))
    except ParleyError as exc:
        if selftest:
            raise
        QMessageBox.critical(None, "Parley — cannot open the database", literal(exc))
        return 1
    window = build_main_window(db)
    # What start-up built (modules, widgets, the tables' data) lives about as long as the
    # window: keep it out of the cyclic collector's full passes, which otherwise walk all of
    # it (70-100 ms each at 100k positions) and stall the GUI thread, or the chart's loader
    # holding the GIL, several times in the first seconds. Refcounting still frees it.
    # (launch_gui turned the collector off for the start-up; it is back on from here.)
    gc.freeze()
    gc.enable()
    if selftest:
        from desktop.selftest import run_selftest

        start_startup_backup(window, db, quiet=True)
        code = run_selftest(app, window)
    else:
        window.show()
        runner = start_startup_backup(window, db, start=False)
        # After the first paint and the charts' first draw, so the copy's disk reads do not
        # compete with them on a two-core machine.
        if on_ready is not None:
            QTimer.singleShot(0, lambda: on_ready(window))
        QTimer.singleShot(0, runner.start)
        QTimer.singleShot(0, window.external_changes.start)
        code = app.exec()
        runner.start()  # quit before it began: this launch still gets its backup
    from desktop.startup_backup import wait_for_backups

    wait_for_backups()
    # Every connection closed, workers' too, once none of them is running: the file is then
    # as this launch leaves it, and the next launch may skip reading all of it
    # (db.storage.verified).
    if QThreadPool.globalInstance().waitForDone(5_000):
        db.close(all_threads=True)
    return code
