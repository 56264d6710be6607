"""Team use in the real window (pytest-qt, offscreen): who you are in the status bar, a save
refused because another analyst saved first — theirs and mine side by side, keep mine / take
theirs / merge by field — undo that obeys the same rule, a record's history from the table's
context menu and from the form, filtering and colouring by coder, blind coding, and the
Agreement view with its CSV export."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLabel, QMenu, QPushButton, QRadioButton
from team_data import Desk

from db.opening import open_database
from db.reads import queries, record_inputs, source_reads
from db.storage.database import Database
from db.writes import positions
from desktop.forms.conflict_dialog import ConflictDialog
from desktop.panes.positions_model import COLUMN_KEYS


def _bob_saves(db: Database, pid: int, **fields: object) -> None:
    """Another analyst's window on the same file saves the record."""
    bob = open_database(db.path)
    bob.user = "bob"
    try:
        data, version = record_inputs.position_state(bob, pid)
        positions.save_position(bob, pid, replace(data, **fields), version)
    finally:
        bob.close()


def _edit(window, qtbot, pid: int):  # type: ignore[no-untyped-def]
    window.positions.edit_position(pid)
    form = window.positions.form
    qtbot.waitExposed(form)
    return form


def _type_notes(form, qtbot, text: str) -> None:  # type: ignore[no-untyped-def]
    form.notes.selectAll()
    qtbot.keyClicks(form.notes, text)


def _conflict(form, qtbot) -> ConflictDialog:  # type: ignore[no-untyped-def]
    qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: form.conflict_dialog is not None, timeout=3000)
    dialog = form.conflict_dialog
    qtbot.waitExposed(dialog)
    return dialog


def _click(qtbot, dialog: ConflictDialog, name: str) -> None:
    qtbot.mouseClick(dialog.findChild(QPushButton, name), Qt.MouseButton.LeftButton)


def test_status_bar_says_who_you_are(app_window, seeded_db):  # type: ignore[no-untyped-def]
    seeded_db.user = "alice"
    window = app_window(seeded_db)
    assert window.user_label.text() == "User: alice"
    assert window.user_label.isVisible()


def test_second_save_is_refused_and_keep_mine_saves_over_theirs_knowingly(  # type: ignore[no-untyped-def]
        app_window, seeded_db, qtbot):
    seeded_db.user = "alice"
    window = app_window(seeded_db)
    pid = queries.position_rows(seeded_db)[0].id
    form = _edit(window, qtbot, pid)
    _bob_saves(seeded_db, pid, notes="Bob's reading of it.")
    _type_notes(form, qtbot, "Alice's reading of it.")
    dialog = _conflict(form, qtbot)
    # Nothing was written: the record is bob's until alice chooses.
    assert queries.position_row(seeded_db, pid).notes == "Bob's reading of it."
    assert dialog.differing() == ["Notes"]
    texts = [w.text() for w in dialog.findChildren(QLabel)]
    assert any("Bob's reading of it." in t for t in texts)
    assert any("Alice's reading of it." in t for t in texts)
    _click(qtbot, dialog, "keepMine")
    qtbot.waitUntil(lambda: not form.isVisible(), timeout=3000)
    row = queries.position_row(seeded_db, pid)
    assert (row.notes, row.updated_by) == ("Alice's reading of it.", "alice")
    # Undo puts bob's version back (what this save overwrote, knowingly).
    window.undo_action.trigger()
    assert queries.position_row(seeded_db, pid).notes == "Bob's reading of it."


def test_take_theirs_discards_my_edit(app_window, seeded_db, qtbot):  # type: ignore[no-untyped-def]
    window = app_window(seeded_db)
    pid = queries.position_rows(seeded_db)[1].id
    form = _edit(window, qtbot, pid)
    _bob_saves(seeded_db, pid, notes="Bob's.")
    _type_notes(form, qtbot, "Mine.")
    _click(qtbot, _conflict(form, qtbot), "takeTheirs")
    qtbot.waitUntil(lambda: not form.isVisible(), timeout=3000)
    assert queries.position_row(seeded_db, pid).notes == "Bob's."
    assert not window.undo_action.isEnabled() or "Edit position" not in window.undo_action.text()


def test_merge_by_field_takes_their_notes_and_my_confidence(app_window, seeded_db, qtbot):  # type: ignore[no-untyped-def]
    window = app_window(seeded_db)
    pid = queries.position_rows(seeded_db)[2].id
    form = _edit(window, qtbot, pid)
    _bob_saves(seeded_db, pid, notes="Bob checked the transcript.", confidence=0.3)
    _type_notes(form, qtbot, "Alice's note.")
    form.confidence.setValue(95)
    dialog = _conflict(form, qtbot)
    assert dialog.differing() == ["Confidence", "Notes"]
    theirs_notes = dialog.findChild(QRadioButton, "pick_theirs_notes")
    qtbot.mouseClick(theirs_notes, Qt.MouseButton.LeftButton)
    assert theirs_notes.isChecked()
    _click(qtbot, dialog, "mergeFields")
    qtbot.waitUntil(lambda: not form.isVisible(), timeout=3000)
    row = queries.position_row(seeded_db, pid)
    assert (row.notes, row.confidence) == ("Bob checked the transcript.", 0.95)


def test_undo_over_another_analysts_save_is_refused(app_window, seeded_db, qtbot):  # type: ignore[no-untyped-def]
    window = app_window(seeded_db)
    pid = queries.position_rows(seeded_db)[3].id
    form = _edit(window, qtbot, pid)
    _type_notes(form, qtbot, "Mine first.")
    qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not form.isVisible(), timeout=3000)
    _bob_saves(seeded_db, pid, notes="Bob after.")
    messages: list[str] = []
    window.ctx.ops.failed.disconnect()
    window.ctx.ops.failed.connect(messages.append)
    window.undo_action.trigger()
    assert messages and "changed elsewhere" in messages[0] and "bob" in messages[0]
    assert queries.position_row(seeded_db, pid).notes == "Bob after."


def test_history_from_the_tables_context_menu_and_from_the_form(app_window, seeded_db, qtbot):  # type: ignore[no-untyped-def]
    seeded_db.user = "alice"
    window = app_window(seeded_db)
    table = window.positions
    pid = table.model.id_at(0)
    _bob_saves(seeded_db, pid, notes="Bob was here.")
    rect = table.view.visualRect(table.model.index(0, 1))
    table.view.customContextMenuRequested.emit(rect.center())
    menu = window.positions_menu
    assert isinstance(menu, QMenu)
    assert [a.text().replace("&", "") for a in menu.actions()][-1] == "History of this record…"
    menu.actions()[-1].trigger()
    dialog = window.history_dialog
    qtbot.waitExposed(dialog)
    lines = dialog.lines()
    assert lines[0][1] == "bob" and lines[0][2] == "changed it (version 2)"
    assert any(line[0].strip() == "Notes" and line[2] == "Bob was here." for line in lines)
    menu.close()
    dialog.close()
    form = _edit(window, qtbot, pid)
    qtbot.mouseClick(form.history_button, Qt.MouseButton.LeftButton)
    from_form = form.findChild(type(dialog))
    assert from_form is not None and from_form.lines()[0][1] == "bob"


def test_filter_and_colour_by_coder(app_window, empty_db, qtbot):  # type: ignore[no-untyped-def]
    desk = Desk(empty_db)
    for unit in range(3):
        desk.code("alice", unit, 1)
    desk.code("bob", 5, 2)
    window = app_window(empty_db)
    table = window.positions
    coder_col = COLUMN_KEYS.index("coder")
    shown = sorted(table.model.index(r, coder_col).data() for r in range(table.model.rowCount()))
    assert shown == ["alice", "alice", "alice", "bob"]
    combo = table.coder_filter
    combo.showPopup()
    combo.hidePopup()
    combo.setCurrentIndex(combo.findData("bob"))
    qtbot.waitUntil(lambda: table.model.rowCount() == 1, timeout=2000)
    assert table.model.row_at(0).created_by == "bob"
    combo.setCurrentIndex(0)
    qtbot.waitUntil(lambda: table.model.rowCount() == 4, timeout=2000)
    qtbot.mouseClick(table.colour_by_coder, Qt.MouseButton.LeftButton)
    tints = {table.model.index(r, 0).data(Qt.ItemDataRole.BackgroundRole).name()
             for r in range(4)}
    assert len(tints) == 2  # one colour per coder


def test_blind_coding_shows_each_coder_only_their_own_records(app_window, empty_db, qtbot):  # type: ignore[no-untyped-def]
    desk = Desk(empty_db)
    desk.code("alice", 0, 1)
    desk.code("bob", 0, 2)
    empty_db.user = "alice"
    window = app_window(empty_db)
    window.ctx.navigator.show_source.emit(desk.sources[0])
    qtbot.waitUntil(lambda: window.reader.source_id == desk.sources[0], timeout=2000)
    assert window.positions.model.rowCount() == 2 and len(window.reader.spans) == 2
    window.record_menu.aboutToShow.emit()
    assert window.blind_action.isEnabled() and not window.blind_action.isChecked()
    window.blind_action.trigger()
    qtbot.waitUntil(lambda: window.positions.model.rowCount() == 1, timeout=2000)
    assert window.positions.model.row_at(0).created_by == "alice"
    assert len(window.reader.spans) == 1
    # The counts do not tell either what the other coded: alice's own, for her.
    sid = desk.sources[0]
    assert source_reads.source_row(empty_db, sid).positions == 1
    assert {r.id: r.positions for r in source_reads.sources(empty_db)}[sid] == 1
    window.undo_action.trigger()  # blind off again: compare
    qtbot.waitUntil(lambda: window.positions.model.rowCount() == 2, timeout=2000)
    assert source_reads.source_row(empty_db, sid).positions == 2


def test_agreement_view_reports_alpha_and_exports_csv(app_window, empty_db, qtbot, tmp_path: Path):  # type: ignore[no-untyped-def]
    desk = Desk(empty_db)
    for unit, (a, b) in enumerate([(1, 1), (2, 2), (3, 5), (4, 4)]):
        desk.code("alice", unit, a)
        desk.code("bob", unit, b, shift=4)
    window = app_window(empty_db)
    window.docks["agreementDock"].raise_()
    view = window.agreement
    qtbot.waitUntil(lambda: view.report is not None, timeout=3000)
    assert "2 coders (alice, bob)" in view.heading.text()
    assert view.summary.rowCount() == 2  # the issue, then all issues
    assert view.summary.item(0, 4).text() == "75.0%"
    assert view.disagreements.rowCount() == 1
    assert [view.disagreements.item(0, c).text() for c in (3, 4)] == ["L3 (3)", "L5 (5)"]
    out = tmp_path / "agreement.csv"
    assert view.export_to(out)
    assert "alice" in out.read_text(encoding="utf-8-sig")
    assert not view.export_to(empty_db.path)  # never over the database
    QApplication.processEvents()


def test_a_record_deleted_while_i_edit_it_can_be_saved_as_a_new_one(app_window, seeded_db, qtbot):  # type: ignore[no-untyped-def]
    window = app_window(seeded_db)
    pid = queries.position_rows(seeded_db)[4].id
    before = queries.count_positions(seeded_db)
    form = _edit(window, qtbot, pid)
    bob = open_database(seeded_db.path)
    bob.user = "bob"
    positions.delete_positions(bob, [pid])
    bob.close()
    _type_notes(form, qtbot, "Still needed.")
    dialog = _conflict(form, qtbot)
    assert dialog.differing() == [] and not dialog.merge_button.isEnabled()
    assert any("deleted" in w.text() for w in dialog.findChildren(QLabel))
    _click(qtbot, dialog, "keepMine")
    qtbot.waitUntil(lambda: not form.isVisible(), timeout=3000)
    assert queries.count_positions(seeded_db) == before
    assert queries.position_row(seeded_db, pid) is None
    assert queries.position_row(seeded_db, form.position_id).notes == "Still needed."


def test_double_clicking_a_disagreement_opens_its_source_at_the_quote(app_window, empty_db, qtbot):  # type: ignore[no-untyped-def]
    desk = Desk(empty_db, n_sources=2)
    desk.code("alice", 3, 1, source=1)
    pid = desk.code("bob", 3, 4, source=1, shift=2)
    window = app_window(empty_db)
    window.docks["agreementDock"].raise_()
    view = window.agreement
    qtbot.waitUntil(lambda: view.disagreements.rowCount() == 1, timeout=3000)
    table = view.disagreements
    rect = table.visualItemRect(table.item(0, 0))
    # A double-click is a press, a release and a second press (Qt wants the first).
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.mouseDClick(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.waitUntil(lambda: window.reader.source_id == desk.sources[1], timeout=2000)
    assert window.positions.current_id() in (pid, pid - 1)  # one of the two codings shown
