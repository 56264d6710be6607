"""File → Export chart… (Ctrl+E) and Copy chart, driven through the real widgets."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QApplication, QMessageBox
from workspace_helpers import shown

from desktop.charts.charts_pane import ChartsPane
from desktop.charts.export_dialog import ExportDialog


def _pane(ctx, qtbot):  # type: ignore[no-untyped-def]
    return shown(qtbot, ChartsPane(ctx), 1000, 650)


def test_ctrl_e_in_the_main_window_exports_png_by_dpi(seeded_db, qtbot, tmp_path):
    from PySide6.QtCore import QSettings

    from desktop.app import build_main_window

    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    window = build_main_window(seeded_db, settings)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    target = tmp_path / "timeline.png"

    def edit(dialog: ExportDialog) -> None:
        dialog.format.setCurrentIndex(dialog.format.findData(".png"))
        qtbot.mouseClick(dialog.by_dpi, Qt.MouseButton.LeftButton)
        dialog.dpi.setValue(144)
        dialog.path.setText(str(target))
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)

    QTimer.singleShot(50, lambda: edit(_open_dialog()))
    qtbot.keyClick(window, Qt.Key.Key_E, Qt.KeyboardModifier.ControlModifier)
    image = QImage(str(target))
    assert image.width() == 1650  # 1100 logical px at 144/96
    assert round(image.dotsPerMeterX() * 0.0254) == 144


def test_choosing_pdf_changes_the_extension_and_writes_a_pdf(ctx, qtbot, tmp_path):
    pane = _pane(ctx, qtbot)
    pane.tabs.setCurrentIndex(2)

    def edit(dialog: ExportDialog) -> None:
        dialog.path.setText(str(tmp_path / "gap.png"))
        dialog.format.setCurrentIndex(dialog.format.findData(".pdf"))
        assert dialog.path.text().endswith("gap.pdf")
        assert not dialog.width_px.isEnabled()
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)

    QTimer.singleShot(50, lambda: edit(_open_dialog()))
    pane.export_action.trigger()
    assert (tmp_path / "gap.pdf").read_bytes().startswith(b"%PDF")


def test_unwritable_path_shows_a_message_and_writes_nothing(ctx, qtbot, tmp_path, monkeypatch):
    pane = _pane(ctx, qtbot)
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning",
                        lambda parent, title, text: shown.append(text))

    def edit(dialog: ExportDialog) -> None:
        dialog.path.setText(str(tmp_path / "nowhere" / "chart.svg"))
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)

    QTimer.singleShot(50, lambda: edit(_open_dialog()))
    pane.export_action.trigger()
    assert shown and "does not exist" in shown[0]
    assert not (tmp_path / "nowhere").exists()


def test_copy_chart_puts_an_image_on_the_clipboard(ctx, qtbot):
    pane = _pane(ctx, qtbot)
    QApplication.clipboard().clear()
    pane.copy_action.trigger()
    image = QApplication.clipboard().image()
    assert not image.isNull() and image.width() == 1600


def _open_dialog() -> ExportDialog:
    return next(w for w in QApplication.topLevelWidgets()
                if isinstance(w, ExportDialog) and w.isVisible())
