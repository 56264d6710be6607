"""The main window: menus, toolbar, status bar and the dockable panes around the reader."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QSettings, QSize, Qt
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence, QShowEvent
from PySide6.QtWidgets import (
    QDockWidget,
    QFileDialog,
    QMainWindow,
    QMenu,
    QMessageBox,
    QToolBar,
    QWidget,
)

from db.errors import ParleyError
from db.lazy import exchange  # imported at its first use: see db.lazy
from db.model.changes import Changes
from db.opening import open_database
from db.reads import queries, source_reads
from db.storage.export_target import refuse_database_target
from db.storage.fileio import write_text_atomic
from desktop.context import AppContext
from desktop.panes.positions_table import PositionsTable
from desktop.panes.source_reader import SourceReader
from desktop.panes.sources_list import SourcesList
from desktop.qt.lazy_dock import LazyDock
from desktop.qt.plain_text import literal, plain_label

MAX_RECENT = 8
DB_FILTER = "Parley databases (*.sqlite3 *.sqlite *.db);;All files (*)"


class MainWindow(QMainWindow):
    """Owns the panes and the window-wide commands. Other features add panes with
    `add_dock` and commands through `file_menu`, `view_menu` and `help_menu`."""

    def __init__(self, ctx: AppContext, settings: QSettings | None = None,
                 parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.settings = settings if settings is not None else QSettings()
        self._restored = False
        self.docks: dict[str, QDockWidget] = {}
        self.setObjectName("mainWindow")
        self.setAccessibleName("Parley")
        self.setDockOptions(QMainWindow.DockOption.AllowTabbedDocks
                            | QMainWindow.DockOption.AllowNestedDocks
                            | QMainWindow.DockOption.AnimatedDocks)

        self.reader = SourceReader(ctx)
        self.setCentralWidget(self.reader)
        self.sources = SourcesList(ctx)
        self.positions = PositionsTable(ctx)
        self._build_actions()
        self._build_menus()
        self._build_toolbar()
        self.add_dock(self.sources, "Sources", "sourcesDock", Qt.DockWidgetArea.LeftDockWidgetArea)
        self.add_dock(self.positions, "Positions", "positionsDock",
                      Qt.DockWidgetArea.BottomDockWidgetArea)
        self._build_status_bar()

        ctx.ops.changed.connect(self._data_changed)
        ctx.ops.failed.connect(self._operation_failed)
        ctx.ops.database_replaced.connect(self._database_replaced)
        self._update_title()
        self._update_counts()
        self._remember(ctx.db.path)
        self.resize(1400, 900)
        first = self.sources.newest_source_id()  # the list has just read them
        if first is not None:
            ctx.navigator.show_source.emit(first)

    # ------------------------------------------------------------ building

    def _action(self, text: str, slot: object, shortcut: object = None,
                tip: str = "") -> QAction:
        act = QAction(text, self)
        if shortcut is not None:
            if isinstance(shortcut, list):
                act.setShortcuts(shortcut)
            else:
                act.setShortcut(shortcut)
        if tip:
            act.setStatusTip(tip)
            act.setToolTip(tip)
        act.triggered.connect(slot)
        return act

    def _build_actions(self) -> None:
        std = QKeySequence.StandardKey
        self.new_db_action = self._action("&New database…", self.new_database,
                                          QKeySequence("Ctrl+Shift+N"),
                                          "Create a new database file")
        self.open_db_action = self._action("&Open database…", self.open_database, std.Open,
                                           "Open another database file")
        self.add_source_action = self._action("&Add source…", self.sources.add_source,
                                              QKeySequence("Ctrl+Shift+A"),
                                              "Paste an article or load it from a file")
        self.export_action = self._action("&Export data…", self.export_data, None,
                                          "Save everything as JSON, or positions as CSV")
        self.import_action = self._action("&Import data…", self.import_data, None,
                                          "Add the records of a Parley JSON export")
        self.quit_action = self._action("&Quit", self.close, std.Quit, "Quit Parley")
        self.quit_action.setMenuRole(QAction.MenuRole.QuitRole)

        stack = self.ctx.ops.undo_stack
        self.undo_action = stack.createUndoAction(self, "&Undo")
        self.undo_action.setShortcut(std.Undo)
        self.redo_action = stack.createRedoAction(self, "&Redo")
        self.redo_action.setShortcuts([QKeySequence("Ctrl+Shift+Z"), QKeySequence("Ctrl+Y")])
        # The toolbar shows these actions' text as tooltips, and a step's text quotes a title
        # or a name ("Add source “<img …>”"): give them tooltips that stay plain text.
        stack.undoTextChanged.connect(self._undo_tip)
        stack.redoTextChanged.connect(self._redo_tip)
        self._undo_tip(stack.undoText())
        self._redo_tip(stack.redoText())
        self.find_action = self._action("&Find…", self.focus_search, std.Find,
                                        "Search the quotes and notes of positions")
        self.delete_action = self._action("&Delete", self.positions.delete_selected,
                                          QKeySequence(Qt.Key.Key_Delete),
                                          "Delete the selected positions")
        self.edit_action = self._action("&Edit position…", self.positions.edit_selected,
                                        QKeySequence(Qt.Key.Key_F2),
                                        "Open the selected position's form")
        # Delete and F2 act on the table's selection, so their keys only work in that pane
        # (Delete pressed while reading an article must not remove records).
        for act in (self.delete_action, self.edit_action):
            act.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            self.positions.addAction(act)
        self.new_position_action = self._action("&New position…", self.new_position,
                                                std.New, "Code a new position")
        self.refresh_action = self._action("&Refresh", self.ctx.ops.refresh, std.Refresh,
                                           "Re-read everything from the database")
        self.guide_action = self._action("&Getting started", self.getting_started,
                                         std.HelpContents,
                                         "Read, select, code, chart, export: the steps")
        self.about_action = self._action("&About Parley", self.about, None)
        self.about_action.setMenuRole(QAction.MenuRole.AboutRole)

    def _undo_tip(self, text: str) -> None:
        self.undo_action.setToolTip(literal(f"Undo {text}".strip()))

    def _redo_tip(self, text: str) -> None:
        self.redo_action.setToolTip(literal(f"Redo {text}".strip()))

    def _build_menus(self) -> None:
        bar = self.menuBar()
        self.file_menu = bar.addMenu("&File")
        self.file_menu.addAction(self.new_db_action)
        self.file_menu.addAction(self.open_db_action)
        self.recent_menu = QMenu("Open &recent", self)
        self.recent_menu.aboutToShow.connect(self._fill_recent_menu)
        self.file_menu.addMenu(self.recent_menu)
        self.file_menu.addSeparator()
        self.file_menu.addAction(self.add_source_action)
        self.file_menu.addAction(self.export_action)
        self.file_menu.addAction(self.import_action)
        self._file_tail = self.file_menu.addSeparator()
        self.file_menu.addAction(self.quit_action)

        self.edit_menu = bar.addMenu("&Edit")
        self.edit_menu.addAction(self.undo_action)
        self.edit_menu.addAction(self.redo_action)
        self.edit_menu.addSeparator()
        self.edit_menu.addAction(self.find_action)
        self.edit_menu.addAction(self.edit_action)
        self.edit_menu.addAction(self.delete_action)

        self.view_menu = bar.addMenu("&View")
        self._view_separator = self.view_menu.addSeparator()
        self.view_menu.addAction(self.refresh_action)

        self.record_menu = bar.addMenu("&Record")
        self.record_menu.addAction(self.new_position_action)
        self.record_menu.addAction(self.edit_action)
        self.record_menu.addAction(self.delete_action)
        self.record_menu.addSeparator()
        self.record_menu.addAction(self.reader.new_action)

        self.help_menu = bar.addMenu("&Help")
        self.help_menu.addAction(self.guide_action)
        self.help_menu.addAction(self.about_action)

    def _build_toolbar(self) -> None:
        self.toolbar = QToolBar("Main toolbar", self)
        self.toolbar.setObjectName("mainToolbar")
        self.toolbar.setAccessibleName("Main toolbar")
        self.toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        for act in (self.new_position_action, self.reader.new_action, self.add_source_action,
                    None, self.undo_action, self.redo_action, None, self.edit_action,
                    self.delete_action, None, self.find_action, self.refresh_action):
            if act is None:
                self.toolbar.addSeparator()
            else:
                self.toolbar.addAction(act)
        self.addToolBar(Qt.ToolBarArea.TopToolBarArea, self.toolbar)

    def _build_status_bar(self) -> None:
        self.file_label = plain_label()
        self.file_label.setObjectName("statusFile")
        self.file_label.setAccessibleName("Database file")
        self.file_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.counts_label = plain_label()
        self.counts_label.setObjectName("statusCounts")
        self.counts_label.setAccessibleName("Record counts")
        self.statusBar().addWidget(self.file_label, 1)
        self.statusBar().addPermanentWidget(self.counts_label)

    # ------------------------------------------------------------ plug-in point

    def add_file_action(self, text: str, slot: object, shortcut: object = None, tip: str = "",
                        after: QAction | None = None) -> QAction:
        """Add a command to the File menu, above Quit (or right after `after`)."""
        act = self._action(text, slot, shortcut, tip)
        anchor = self._file_tail
        if after is not None:
            actions = self.file_menu.actions()
            index = actions.index(after) + 1
            anchor = actions[index] if index < len(actions) else None
        self.file_menu.insertAction(anchor, act)
        return act

    def add_dock(self, widget: QWidget, title: str, object_name: str,
                 area: Qt.DockWidgetArea = Qt.DockWidgetArea.RightDockWidgetArea,
                 tabify_with: QDockWidget | None = None) -> QDockWidget:
        """Put `widget` in a dock with a View-menu toggle; its place persists by object_name."""
        dock = QDockWidget(title, self)
        dock.setWidget(widget)
        return self._place_dock(dock, title, object_name, area, tabify_with)

    def add_lazy_dock(self, factory: Callable[[], QWidget], title: str, object_name: str,
                      area: Qt.DockWidgetArea = Qt.DockWidgetArea.RightDockWidgetArea,
                      tabify_with: QDockWidget | None = None,
                      reserve: QSize | None = None) -> LazyDock:
        """Like add_dock, for a pane not on screen at start: `factory()` builds it the first
        time its dock comes to the front or `dock.widget()` is asked for; until then the
        dock keeps `reserve` (the pane's minimum size) free."""
        dock = LazyDock(title, self, factory, reserve)
        self._place_dock(dock, title, object_name, area, tabify_with)
        return dock

    def _place_dock(self, dock: QDockWidget, title: str, object_name: str,
                    area: Qt.DockWidgetArea, tabify_with: QDockWidget | None) -> QDockWidget:
        dock.setObjectName(object_name)
        dock.setAccessibleName(title)
        self.addDockWidget(area, dock)
        if tabify_with is not None:
            self.tabifyDockWidget(tabify_with, dock)
        toggle = dock.toggleViewAction()
        toggle.setText(f"&{title}")
        self.view_menu.insertAction(self._view_separator, toggle)
        self.docks[object_name] = dock
        return dock

    # ------------------------------------------------------------ persistence

    def showEvent(self, event: QShowEvent) -> None:
        # Restored on first show, so docks added after construction get their places too.
        if not self._restored:
            self._restored = True
            self.restore_layout()
        super().showEvent(event)

    def restore_layout(self) -> None:
        geometry = self.settings.value("mainWindow/geometry")
        state = self.settings.value("mainWindow/state")
        if geometry is not None:
            self.restoreGeometry(geometry)
        if state is None or not self.restoreState(state):
            self._default_layout()
        self.sources.restore_header(self.settings)

    def _default_layout(self) -> None:
        sources, table = self.docks["sourcesDock"], self.docks["positionsDock"]
        charts = self.docks.get("chartsDock")
        # With charts, the sources list gives up some width so the chart's legend fits.
        share = 5 if charts is not None else 4
        sources_width = max(340 if charts else 400, self.width() // share)
        self.resizeDocks([sources], [sources_width], Qt.Orientation.Horizontal)
        self.resizeDocks([table], [max(300, self.height() * 2 // 5)], Qt.Orientation.Vertical)
        if charts is not None:  # a chart needs room: the larger half of the top, or its hint
            # as far as the sources list and a readable article (~460 px) leave room for.
            room = self.width() - sources_width - max(460, self.reader.minimumSizeHint().width())
            want = max(self.width() * 9 // 20, min(charts.widget().sizeHint().width(), room))
            self.resizeDocks([charts], [want], Qt.Orientation.Horizontal)

    def save_layout(self) -> None:
        self.settings.setValue("mainWindow/geometry", self.saveGeometry())
        self.settings.setValue("mainWindow/state", self.saveState())
        self.sources.save_header(self.settings)
        self.settings.sync()

    def closeEvent(self, event: QCloseEvent) -> None:
        self.save_layout()  # every edit is already committed; only the layout needs saving
        super().closeEvent(event)

    # ------------------------------------------------------------ status and title

    def _update_title(self) -> None:
        db = self.ctx.db
        shown = str(db.path) if db.path is not None else db.name  # a server's: no password
        self.setWindowTitle(f"{db.path.name if db.path is not None else db.name} — Parley")
        self.setWindowFilePath(str(db.path) if db.path is not None else "")
        if hasattr(self, "file_label"):
            self.file_label.setText(shown)
            self.file_label.setToolTip(literal(shown))

    def _update_counts(self) -> None:
        c = queries.counts(self.ctx.db)
        self.counts_label.setText(
            f"{c['sources']:,} sources · {c['positions']:,} positions · "
            f"{c['parties']:,} parties · {c['issues']:,} issues")

    def _data_changed(self, _changes: Changes) -> None:
        self._update_counts()

    def _operation_failed(self, message: str) -> None:
        self.statusBar().showMessage(message, 10_000)
        QMessageBox.warning(self, "Parley", literal(message))

    def _database_replaced(self, _db: object) -> None:
        self.ctx.filters.reset()
        self.reader.open_source(None)
        self._update_title()
        self._remember(self.ctx.db.path)
        first = source_reads.newest_source_id(self.ctx.db)  # not the whole list: its first
        if first is not None:
            self.ctx.navigator.show_source.emit(first)

    # ------------------------------------------------------------ database files

    def recent_databases(self) -> list[str]:
        value = self.settings.value("recentDatabases") or []
        return [value] if isinstance(value, str) else list(value)

    def _remember(self, path: Path | None) -> None:
        if path is None:
            return  # a server database: the recent list holds files
        text = str(Path(path).resolve())
        recent = [p for p in self.recent_databases() if p != text]
        self.settings.setValue("recentDatabases", [text, *recent][:MAX_RECENT])

    def _fill_recent_menu(self) -> None:
        self.recent_menu.clear()
        current = str(self.ctx.db.path.resolve()) if self.ctx.db.path is not None else ""
        entries = [p for p in self.recent_databases() if p != current]
        for path in entries:
            act = self.recent_menu.addAction(path)
            act.triggered.connect(lambda _c=False, p=path: self.open_database_file(Path(p)))
        if not entries:
            self.recent_menu.addAction("No other recent databases").setEnabled(False)

    def open_database(self) -> None:
        name, _ = QFileDialog.getOpenFileName(self, "Open database",
                                              str(self._folder()), DB_FILTER)
        if name:
            self.open_database_file(Path(name))

    def open_database_file(self, path: Path, *, seed: bool = False) -> bool:
        """Switch to the database at `path`; on failure say why and keep the current one."""
        if self.ctx.db.path is not None and path.resolve() == self.ctx.db.path.resolve():
            return True
        try:
            db = open_database(path, seed=seed)
        except ParleyError as exc:
            QMessageBox.critical(self, "Cannot open the database", literal(exc))
            return False
        self.ctx.ops.set_database(db)
        self.statusBar().showMessage(f"Opened {path}", 5000)
        return True

    def _folder(self) -> Path:
        """Where the file dialogs start: the open file's folder (home for a server's)."""
        return self.ctx.db.path.parent if self.ctx.db.path is not None else Path.home()

    def new_database(self) -> None:
        name, _ = QFileDialog.getSaveFileName(self, "New database",
                                              str(self._folder() / "parley.sqlite3"),
                                              DB_FILTER)
        if not name:
            return
        path = Path(name)
        if path.exists():
            QMessageBox.warning(self, "New database", literal(
                f"{path} already exists. Choose a new file name, or use "
                "File → Open database… to open it."))
            return
        answer = QMessageBox.question(
            self, "New database",
            "Include the example codebook, articles and coded positions?\n\n"
            "Choose No for an empty database.")
        self.open_database_file(path, seed=answer == QMessageBox.StandardButton.Yes)

    # ------------------------------------------------------------ data exchange

    def export_data(self) -> None:
        name, chosen = QFileDialog.getSaveFileName(
            self, "Export data", str(Path.home() / "parley-export.json"),
            "JSON, everything (*.json);;CSV, one row per position (*.csv)")
        if name:
            self.export_to(Path(name), csv="CSV" in chosen or name.lower().endswith(".csv"))

    def export_to(self, path: Path, *, csv: bool) -> bool:
        try:
            refuse_database_target(path, self.ctx.db.path)
            from db.exchange.export_stream import write_csv, write_json

            write = write_csv if csv else write_json
            write_text_atomic(path, lambda fh: write(self.ctx.db, fh))
        except ParleyError as exc:
            QMessageBox.critical(self, "Export failed", literal(exc))
            return False
        self.statusBar().showMessage(f"Exported to {path}", 5000)
        return True

    def import_data(self) -> None:
        name, _ = QFileDialog.getOpenFileName(self, "Import data", str(Path.home()),
                                              "Parley export (*.json);;All files (*)")
        if name:
            self.import_from(Path(name))

    def import_from(self, path: Path) -> bool:
        try:
            payload = exchange.parse_payload_file(path)
            self.ctx.ops.import_data(payload)
        except OSError as exc:
            QMessageBox.critical(self, "Import failed",
                                 literal(f"{path} cannot be read: {exc.strerror}"))
            return False
        except ParleyError as exc:
            QMessageBox.critical(self, "Import failed",
                                 literal(f"Nothing was imported from {path.name}.\n\n{exc}"))
            return False
        self.statusBar().showMessage(f"Imported {path.name}", 5000)
        return True

    # ------------------------------------------------------------ commands

    def new_position(self) -> None:
        if self.reader.selection_offsets() is not None:
            self.reader.new_position_from_selection()
            return
        from db.model.inputs import PositionInput

        self.positions.new_position(PositionInput(source_id=self.reader.source_id))

    def focus_search(self) -> None:
        dock = self.docks.get("positionsDock")
        if dock is not None:
            dock.show()
            dock.raise_()
        self.positions.search.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.positions.search.selectAll()

    def getting_started(self) -> None:
        from desktop.dialogs.getting_started import show_guide

        guide = getattr(self, "guide_dialog", None)
        if guide is not None and guide.isVisible():
            guide.raise_()
            guide.activateWindow()
            return
        self.guide_dialog = show_guide(self)
        self.guide_dialog.destroyed.connect(lambda *_: setattr(self, "guide_dialog", None))

    def about(self) -> None:
        from desktop.dialogs.about_dialog import show_about

        self.about_dialog = show_about(self, self.ctx.db.path or self.ctx.db.name)
