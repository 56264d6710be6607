"""The party filter button in the positions pane reads cleanly: its menu arrow does not sit
on top of its text ("Any party", "2 parties")."""

from __future__ import annotations

from PySide6.QtWidgets import QStyle, QStyleOptionToolButton
from workspace_helpers import make_window


def test_party_filter_button_has_room_for_text_and_arrow(ctx, qtbot, tmp_path):  # type: ignore[no-untyped-def]
    window = make_window(ctx, qtbot, tmp_path / "ui.ini")
    button = window.positions.parties_button
    opt = QStyleOptionToolButton()
    button.initStyleOption(opt)
    arrow = button.style().pixelMetric(QStyle.PixelMetric.PM_MenuButtonIndicator, opt, button)
    text = button.fontMetrics().horizontalAdvance(button.text())
    # Centred text clear of the arrow on both sides, with a little padding.
    assert button.width() >= text + 2 * arrow + 8, (button.width(), text, arrow)
    # Choosing parties changes the text; it still fits.
    for act in button.menu().actions()[:2]:
        act.trigger()
    assert button.text() == "2 parties"
    assert button.width() >= button.fontMetrics().horizontalAdvance(button.text()) + 2 * arrow + 8
