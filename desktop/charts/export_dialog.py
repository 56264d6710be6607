"""File → Export chart…: format, size (width in pixels or DPI) and file name."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QSpinBox,
    QWidget,
)

from desktop.charts.exporter import DEFAULT_WIDTH_PX, FORMATS, MAX_WIDTH_PX


class ExportDialog(QDialog):
    def __init__(self, suggested: Path, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle("Export chart")
        self.format = QComboBox()
        for suffix, label in FORMATS.items():
            self.format.addItem(f"{label} ({suffix})", suffix)
        self.by_width = QRadioButton("Width in pixels")
        self.by_width.setChecked(True)
        self.width_px = QSpinBox()
        self.width_px.setRange(200, MAX_WIDTH_PX)
        self.width_px.setValue(DEFAULT_WIDTH_PX)
        self.by_dpi = QRadioButton("Resolution (DPI)")
        self.dpi = QSpinBox()
        self.dpi.setRange(24, 1200)
        self.dpi.setValue(300)
        self.path = QLineEdit(str(suggested))
        # Wide enough to show a folder as well as the file name.
        self.path.setMinimumWidth(self.fontMetrics().averageCharWidth() * 48)
        for widget, name in ((self.format, "Format"), (self.width_px, "Width in pixels"),
                             (self.dpi, "Resolution in DPI"), (self.path, "File")):
            widget.setAccessibleName(name)
        browse = QPushButton("Choose…")
        browse.setAccessibleName("Choose file")
        browse.clicked.connect(self._browse)
        row = QHBoxLayout()
        row.addWidget(self.path)
        row.addWidget(browse)
        form = QFormLayout(self)
        form.addRow("Format", self.format)
        form.addRow(self.by_width, self.width_px)
        form.addRow(self.by_dpi, self.dpi)
        form.addRow("File", row)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save
                                   | QDialogButtonBox.StandardButton.Cancel)
        self.save_button = buttons.button(QDialogButtonBox.StandardButton.Save)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)
        self.format.currentIndexChanged.connect(self._format_changed)
        self._format_changed()

    def _format_changed(self) -> None:
        suffix = self.format.currentData()
        raster = suffix == ".png"
        for w in (self.by_width, self.width_px, self.by_dpi, self.dpi):
            w.setEnabled(raster)
        path = Path(self.path.text())
        if path.suffix.lower() in FORMATS and path.suffix.lower() != suffix:
            self.path.setText(str(path.with_suffix(suffix)))

    def _browse(self) -> None:
        name, _ = QFileDialog.getSaveFileName(self, "Export chart", self.path.text(),
                                              ";;".join(f"{v} (*{k})" for k, v in FORMATS.items()))
        if name:
            self.path.setText(name)

    def choice(self) -> tuple[Path, int | None, int | None]:
        """(path, width_px, dpi) as chosen; one of width/dpi is None."""
        path = Path(self.path.text().strip())
        if not path.suffix:
            path = path.with_suffix(self.format.currentData())
        if self.by_dpi.isChecked():
            return path, None, self.dpi.value()
        return path, self.width_px.value(), None
