"""Intercoder agreement: per issue and overall, Krippendorff's alpha and percent agreement
over the sources two or more analysts coded, and their disagreements side by side (a row
per unit, a column per coder). Double-clicking a disagreement opens its source at the quote.
The numbers come from db.reads.agreement; Export CSV… writes the same report."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from db.errors import ParleyError
from db.model.changes import Changes
from db.reads.agreement import AgreementReport, agreement, level_label
from desktop.context import AppContext
from desktop.qt.pane_visibility import on_screen, when_dock_shown
from desktop.qt.plain_text import literal, plain_label

SUMMARY_COLUMNS = ("Issue", "Units", "Coded by 2+", "Agree", "Percent agreement",
                   "Krippendorff's α (ordinal)")


def _cell(text: str, *, number: bool = False) -> QTableWidgetItem:
    item = QTableWidgetItem(text)
    item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable)
    if number:
        item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
    return item


class AgreementView(QWidget):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.report: AgreementReport | None = None
        self._stale = True
        self.setObjectName("agreementView")
        self.setAccessibleName("Intercoder agreement")
        self.heading = plain_label("")
        self.heading.setWordWrap(True)
        self.export_button = QPushButton("Export CSV…")
        self.export_button.setAccessibleName("Export the agreement report as CSV")
        self.export_button.clicked.connect(self.export_dialog)
        self.summary = QTableWidget(0, len(SUMMARY_COLUMNS))
        self.summary.setObjectName("agreementSummary")
        self.summary.setAccessibleName("Agreement per issue")
        self.summary.setHorizontalHeaderLabels(SUMMARY_COLUMNS)
        self.summary.verticalHeader().hide()
        self.summary.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.disagreements = QTableWidget(0, 0)
        self.disagreements.setObjectName("agreementDisagreements")
        self.disagreements.setAccessibleName("Disagreements, coders side by side")
        self.disagreements.verticalHeader().hide()
        self.disagreements.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.disagreements.setWordWrap(False)
        self.disagreements.cellDoubleClicked.connect(self._open_unit)
        top = QHBoxLayout()
        top.addWidget(self.heading, 1)
        top.addWidget(self.export_button)
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(self.summary)
        below = QWidget()
        lay = QVBoxLayout(below)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addWidget(QLabel("Disagreements (double-click to open the source at the quote):"))
        lay.addWidget(self.disagreements, 1)
        split.addWidget(below)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(4, 4, 4, 4)
        outer.addLayout(top)
        outer.addWidget(split, 1)
        ctx.ops.changed.connect(self._changed)
        when_dock_shown(self, self._shown)

    def showEvent(self, event) -> None:  # type: ignore[no-untyped-def]
        super().showEvent(event)
        # Tabbed behind the table, the pane gets a show event with the window (Qt keeps it
        # "visible"): working out the agreement then read every coded record on the GUI
        # thread before the window could answer (~2.5 s of a cold start at a million
        # positions). Its tab being chosen is what says it is shown (when_dock_shown).
        if on_screen(self):
            self._shown()

    def _shown(self) -> None:
        if self._stale:
            self.refresh()

    def _changed(self, changes: Changes) -> None:
        if not changes.touches("position", "party", "issue", "source"):
            return
        self._stale = True
        if on_screen(self):
            self.refresh()

    def refresh(self) -> None:
        self._stale = False
        try:
            report = agreement(self.ctx.db)
        except ParleyError as exc:
            self.heading.setText(f"Could not work out the agreement: {exc}")
            return
        self.report = report
        if not report.coders:
            self.heading.setText(
                "No source has been coded by two or more analysts yet. Code the same source "
                "as different users (--user or PARLEY_USER); turn on Record → Blind coding "
                "so that each sees only their own records until you compare them here.")
        else:
            o = report.overall
            alpha = "not defined" if o.alpha is None else f"{o.alpha:.3f}"
            self.heading.setText(
                f"{len(report.coders)} coders ({', '.join(report.coders)}) on {report.sources} "
                f"source{'s' if report.sources != 1 else ''}: α = {alpha} over {o.paired} units "
                f"coded by two or more; {len(report.disagreements)} disagreement"
                f"{'s' if len(report.disagreements) != 1 else ''}.")
        self._fill_summary(report)
        self._fill_disagreements(report)

    def _fill_summary(self, report: AgreementReport) -> None:
        rows = [*report.per_issue, report.overall] if report.coders else []
        self.summary.setRowCount(len(rows))
        for n, a in enumerate(rows):
            values = (a.issue_name, str(a.units), str(a.paired), str(a.agreed),
                      "—" if a.percent is None else f"{a.percent:.1f}%",
                      "not defined" if a.alpha is None else f"{a.alpha:.3f}")
            for col, text in enumerate(values):
                self.summary.setItem(n, col, _cell(text, number=col > 0))
        self.summary.resizeColumnsToContents()

    def _fill_disagreements(self, report: AgreementReport) -> None:
        heads = ["Source", "Party", "Issue", *report.coders]
        table = self.disagreements
        table.clear()
        table.setColumnCount(len(heads))
        table.setHorizontalHeaderLabels(heads)
        table.setRowCount(len(report.disagreements))
        names = report.names
        for n, u in enumerate(report.disagreements):
            cells = [names["source"].get(u.source_id, str(u.source_id)),
                     names["party"].get(u.party_id, ""), names["issue"].get(u.issue_id, ""),
                     *(level_label(report, u, c) for c in report.coders)]
            for col, text in enumerate(cells):
                item = _cell(text)
                if col == 0:
                    item.setData(Qt.ItemDataRole.UserRole, n)
                table.setItem(n, col, item)
        table.resizeColumnsToContents()

    def _open_unit(self, row: int, _column: int) -> None:
        if self.report is None or not 0 <= row < len(self.report.disagreements):
            return
        unit = self.report.disagreements[row]
        first = next(iter(unit.codings.values()))
        self.ctx.navigator.show_source.emit(unit.source_id)
        self.ctx.navigator.show_position.emit(first.position_id)

    def export_dialog(self) -> None:
        name, _ = QFileDialog.getSaveFileName(self, "Export agreement", "agreement.csv",
                                              "CSV files (*.csv)")
        if name:
            self.export_to(Path(name))

    def export_to(self, path: Path) -> bool:
        from db.exchange.agreement_csv import agreement_csv  # the ORM only when exporting
        from db.storage.export_target import refuse_database_target
        from db.storage.fileio import write_atomic

        try:
            refuse_database_target(path, self.ctx.db.path)
            write_atomic(path, agreement_csv(self.report or agreement(self.ctx.db)))
        except (ParleyError, OSError) as exc:
            self.heading.setText(literal(f"Could not export: {exc}"))
            return False
        self.heading.setText(f"Exported the agreement report to {path}")
        return True
