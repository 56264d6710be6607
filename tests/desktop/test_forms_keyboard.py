"""Keyboard use of the main window: Tab from the search box walks every filter of the
positions pane and reaches the table; a selection in the reader becomes a position with one
shortcut, shown in the menu and on the button."""

from __future__ import annotations

from PySide6.QtCore import QDate, QPoint, Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QApplication
from workspace_helpers import make_window, select_in_reader

from db.reads import source_reads


def _walk(qtbot, start, count: int, key=Qt.Key.Key_Tab) -> list:  # type: ignore[no-untyped-def]
    """The widgets focus visits, pressing `key` `count` times from `start` (as a user)."""
    start.setFocus(Qt.FocusReason.ShortcutFocusReason)
    qtbot.waitUntil(start.hasFocus)
    seen = [QApplication.focusWidget()]
    for _ in range(count):
        qtbot.keyClick(QApplication.focusWidget(), key)
        seen.append(QApplication.focusWidget())
    return seen


def _owner(widget, candidates):  # type: ignore[no-untyped-def]
    """The filter field a focused widget belongs to (a date edit focuses its line edit)."""
    while widget is not None and widget not in candidates:
        widget = widget.parentWidget()
    return widget


def test_tab_from_search_walks_every_filter_to_the_table(ctx, qtbot, tmp_path):  # type: ignore[no-untyped-def]
    window = make_window(ctx, qtbot, tmp_path / "ui.ini")
    table = window.positions
    fields = [*table.filter_fields(), table.view]
    seen = [_owner(w, fields) for w in _walk(qtbot, table.search, len(fields) - 1)]
    names = [w.accessibleName() if w is not None else None for w in seen]
    assert seen == fields, names
    # And back again with Shift+Tab, "any" dates included.
    back = [_owner(w, fields) for w in _walk(qtbot, table.view, len(fields) - 1,
                                              Qt.Key.Key_Backtab)]
    assert back == fields[::-1]


def test_a_date_filter_still_steps_through_its_parts_then_lets_go(ctx, qtbot, tmp_path):  # type: ignore[no-untyped-def]
    window = make_window(ctx, qtbot, tmp_path / "ui.ini")
    table = window.positions
    table.date_from.setDate(QDate(2025, 3, 1))
    seen = [_owner(w, [table.date_from, table.date_to])
            for w in _walk(qtbot, table.date_from, 3)]
    # Through the date's parts inside the field, then on to "to": never stuck.
    assert seen == [table.date_from] * 3 + [table.date_to]
    assert ctx.filters.current.date_from is not None


def test_shortcut_codes_the_selection(ctx, qtbot, tmp_path):  # type: ignore[no-untyped-def]
    window = make_window(ctx, qtbot, tmp_path / "ui.ini")
    reader = window.reader
    keys = reader.new_action.shortcut()
    assert not keys.isEmpty()
    # Unique among the window's commands (a clash makes Qt run neither).
    others = [a for a in window.findChildren(type(reader.new_action))
              if a is not reader.new_action and keys in a.shortcuts()]
    assert others == [], [a.text() for a in others]
    shown = keys.toString(QKeySequence.SequenceFormat.NativeText)
    assert shown in reader.new_button.toolTip()
    assert reader.new_action in window.record_menu.actions()

    text = source_reads.source_text(ctx.db, reader.source_id)
    start = text.index("Despite Putin")
    select_in_reader(qtbot, reader, start, start + 30)
    chosen = reader.selection_offsets()
    assert chosen is not None
    reader.text.setFocus()
    qtbot.keyClick(reader.text, keys[0].key(), keys[0].keyboardModifiers())
    qtbot.waitUntil(lambda: reader.form is not None)
    form = reader.form
    data = form.collect()
    assert (data.quote_start, data.quote_end) == chosen
    assert data.quote == text[chosen[0]:chosen[1]] and data.quote.startswith("Despite Putin")
    assert data.source_id == reader.source_id



def test_a_date_filter_reading_any_opens_its_calendar_on_this_month(ctx, qtbot, tmp_path):  # type: ignore[no-untyped-def]
    # "any" is the field's minimum, 1 January 1900: the calendar opened there, 1,500 months
    # away from any date a user would pick.
    window = make_window(ctx, qtbot, tmp_path / "ui.ini")
    field = window.positions.date_from
    assert field.is_any()
    qtbot.mouseClick(field, Qt.MouseButton.LeftButton,
                     pos=field.rect().topRight() + QPoint(-5, field.height() // 2))
    calendar = field.calendarWidget()
    qtbot.waitUntil(calendar.isVisible)
    today = QDate.currentDate()
    assert (calendar.yearShown(), calendar.monthShown()) == (today.year(), today.month())
    calendar.window().close()
    qtbot.waitUntil(lambda: not calendar.isVisible())
    field.setDate(QDate(2025, 3, 18))  # a date it holds: the calendar opens on that month
    qtbot.mouseClick(field, Qt.MouseButton.LeftButton,
                     pos=field.rect().topRight() + QPoint(-5, field.height() // 2))
    qtbot.waitUntil(calendar.isVisible)
    assert (calendar.yearShown(), calendar.monthShown()) == (2025, 3)
