"""Every interactive control in the main window has a name a screen reader can announce:
an accessibleName of its own, or a label whose buddy it is."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSlider,
    QAbstractSpinBox,
    QComboBox,
    QGraphicsView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QScrollBar,
    QTabBar,
    QTextEdit,
    QWidget,
)

INTERACTIVE = (QAbstractButton, QComboBox, QLineEdit, QAbstractSpinBox, QAbstractSlider,
               QAbstractItemView, QPlainTextEdit, QTextEdit, QGraphicsView)


def _is_internal(w: QWidget) -> bool:
    """Parts of a composite control that carry their parent's name (a combo box's line edit
    and popup, a spin box's editor, scroll bars, a dock's float/close buttons, the header
    of a view, the tool bar's extension button)."""
    if isinstance(w, (QScrollBar, QTabBar)):
        return True
    name = w.objectName()
    if name.startswith("qt_") or name in {"qt_toolbar_ext_button"}:
        return True
    parent = w.parentWidget()
    while parent is not None:
        if isinstance(parent, (QComboBox, QAbstractSpinBox, QAbstractItemView, QLineEdit)):
            return True
        parent = parent.parentWidget()
    return type(w).__name__ in {"QDockWidgetTitleButton", "QToolBarExtension"}


def unnamed_controls(root: QWidget) -> list[str]:
    buddies = {id(label.buddy()) for label in root.findChildren(QLabel) if label.buddy()}
    missing = []
    for w in root.findChildren(QWidget):
        if not isinstance(w, INTERACTIVE) or _is_internal(w):
            continue
        if w.accessibleName() or id(w) in buddies:
            continue
        text = w.text() if isinstance(w, QAbstractButton) else ""
        if isinstance(w, QAbstractButton) and text.replace("&", "").strip():
            continue  # a button is announced by its text
        owner = w.parentWidget()
        while owner is not None and not owner.objectName():
            owner = owner.parentWidget()
        missing.append(f"{type(w).__name__} in {owner.objectName() if owner else '?'}"
                       f" {w.objectName()!r} {w.toolTip()!r}")
    return missing


def test_every_control_in_the_main_window_has_an_accessible_name(app_window, seeded_db, qtbot, tmp_path):  # type: ignore[no-untyped-def]
    window = app_window(seeded_db, size=None)
    for dock in window.docks.values():  # tabbed docks build their contents too
        dock.raise_()
    missing = unnamed_controls(window)
    assert missing == [], "\n".join(missing)


def test_every_control_in_the_dialogs_has_an_accessible_name(ctx, qtbot, tmp_path):  # type: ignore[no-untyped-def]
    from pathlib import Path

    from db.model.inputs import PositionInput
    from desktop.charts.export_dialog import ExportDialog
    from desktop.dialogs.restore_dialog import RestoreDialog
    from desktop.dialogs.source_import_dialog import SourceDialog
    from desktop.forms.position_form import PositionForm

    dialogs = [PositionForm(ctx, prefill=PositionInput(source_id=1)), SourceDialog(ctx),
               SourceDialog(ctx, source_id=1), ExportDialog(Path(tmp_path / "c.png")),
               RestoreDialog(ctx)]
    problems = []
    for dialog in dialogs:
        qtbot.addWidget(dialog)
        dialog.show()
        problems += [f"{type(dialog).__name__}: {m}" for m in unnamed_controls(dialog)]
    assert problems == [], "\n".join(problems)
