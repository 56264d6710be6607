"""Team use in the window: who you are (status bar), blind coding for the open source, the
positions table's context menu with each record's history, and the Agreement view."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMenu

from db.errors import ParleyError
from db.reads import source_reads
from desktop.forms.history_dialog import HistoryDialog
from desktop.panes.positions_model import ID_ROLE
from desktop.qt.plain_text import plain_label

if TYPE_CHECKING:
    from desktop.context import AppContext
    from desktop.main_window import MainWindow


def install_team(window: MainWindow, ctx: AppContext) -> None:
    """Wire the team features into a built window (called from desktop/app.py)."""
    _identity(window, ctx)
    _table_menu(window, ctx)
    _blind_action(window, ctx)
    _agreement_dock(window, ctx)


def _identity(window: MainWindow, ctx: AppContext) -> None:
    label = plain_label()
    label.setObjectName("statusUser")
    label.setAccessibleName("Working as")
    window.user_label = label
    window.statusBar().addPermanentWidget(label)

    def show(_db: object = None) -> None:
        user = ctx.db.user
        label.setText(f"User: {user}")
        label.setToolTip(f"Your records and changes are kept as {user}'s (set with --user "
                         "or PARLEY_USER)")
        # Blind coding hides others' records in blind sources from this user.
        ctx.filters.update(viewer=user)

    show()
    ctx.ops.database_replaced.connect(show)


def show_history(window: MainWindow, ctx: AppContext, position_id: int) -> HistoryDialog:
    dialog = HistoryDialog(ctx, "position", position_id, window)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    window.history_dialog = dialog
    dialog.show()
    return dialog


def _table_menu(window: MainWindow, ctx: AppContext) -> None:
    table = window.positions
    view = table.view

    def history() -> None:
        pid = table.current_id()
        if pid is not None:
            show_history(window, ctx, pid)

    window.history_action = QAction("&History of this record…", window)
    window.history_action.setToolTip("Who changed the selected position, what and when")
    window.history_action.triggered.connect(history)
    window.record_menu.addAction(window.history_action)

    def menu_at(pos: QPoint) -> None:
        index = view.indexAt(pos)
        if index.isValid() and index.data(ID_ROLE) not in table.selected_ids():
            view.selectRow(index.row())
        menu = QMenu(view)
        menu.setObjectName("positionsContextMenu")
        has = bool(table.selected_ids())
        for act in (window.edit_action, window.delete_action, window.history_action):
            menu.addAction(act)
            act.setEnabled(has)
        window.positions_menu = menu
        menu.popup(view.viewport().mapToGlobal(pos))
        menu.aboutToHide.connect(lambda: [a.setEnabled(True) for a in (
            window.edit_action, window.delete_action, window.history_action)])

    view.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
    view.customContextMenuRequested.connect(menu_at)


def _blind_action(window: MainWindow, ctx: AppContext) -> None:
    act = QAction("&Blind coding for this source", window)
    act.setCheckable(True)
    act.setToolTip("While on, each coder sees only their own records from the open source "
                   "(table, text marks, charts); turn it off to compare")
    window.blind_action = act

    def sync() -> None:
        sid = window.reader.source_id
        act.setEnabled(sid is not None)
        act.blockSignals(True)
        act.setChecked(sid is not None and source_reads.blind_source(ctx.db, sid))
        act.blockSignals(False)

    def toggled(on: bool) -> None:
        sid = window.reader.source_id
        if sid is None:
            return
        try:
            ctx.ops.set_blind(sid, on)
        except ParleyError as exc:
            window.statusBar().showMessage(str(exc), 10_000)
            sync()
            return
        window.statusBar().showMessage(
            "Blind coding on: each coder sees only their own records from this source" if on
            else "Blind coding off: everyone's records from this source are shown", 8000)

    act.toggled.connect(toggled)
    window.record_menu.aboutToShow.connect(sync)
    window.record_menu.addSeparator()
    window.record_menu.addAction(act)
    sync()


def _agreement_dock(window: MainWindow, ctx: AppContext) -> None:
    # Built with the window (three empty tables, a few milliseconds): it reads nothing until
    # its tab is first chosen, and a late-built pane would land out of place in Tab order.
    from desktop.panes.agreement_view import AgreementView

    table = window.docks.get("positionsDock")
    window.agreement = AgreementView(ctx)
    window.add_dock(window.agreement, "Agreement", "agreementDock",
                    Qt.DockWidgetArea.BottomDockWidgetArea, table)
    if table is not None:
        table.raise_()
