"""The position form as a user works in it: nothing moves under the pointer while reasons come
and go, the next record from a source starts with the last one's party, issue and
attribution, and a condition's text box is wide enough to read."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, QRect, Qt
from PySide6.QtWidgets import QWidget
from workspace_helpers import choose, make_window, select_in_reader

from db.model.inputs import SourceMeta
from db.reads import queries, record_inputs, source_reads

# The same behaviour on an SQLite file and on a PostgreSQL server database.
pytestmark = pytest.mark.engines()


def _open_from_selection(window, qtbot, phrase: str = "Despite Putin"):  # type: ignore[no-untyped-def]
    reader = window.reader
    text = source_reads.source_text(window.ctx.db, reader.source_id)
    start = text.index(phrase)
    select_in_reader(qtbot, reader, start, start + 30)
    qtbot.mouseClick(reader.new_button, Qt.MouseButton.LeftButton)
    form = reader.form
    qtbot.waitExposed(form)
    qtbot.wait(20)
    return form


def _fields(form) -> list[QWidget]:  # type: ignore[no-untyped-def]
    return [form.party, form.issue, form.level, form.date, form.precision, form.status,
            form.attributed, form.kind, form.source, form.quote, form.conditions.add_button,
            form.confidence, form.notes, form.save_button]


def _geometry(form) -> dict[str, QRect]:  # type: ignore[no-untyped-def]
    form.layout().activate()
    return {w.accessibleName(): QRect(w.mapTo(form, QPoint(0, 0)), w.size())
            for w in _fields(form)}


def _shown(form, name: str) -> bool:  # type: ignore[no-untyped-def]
    return form.findChild(type(form.quote_where), f"problem_{name}").isVisible()


def test_fields_stay_put_as_reasons_come_and_go(ctx, qtbot, tmp_path):  # type: ignore[no-untyped-def]
    window = make_window(ctx, qtbot, tmp_path / "ui.ini")
    form = _open_from_selection(window, qtbot)
    assert _shown(form, "level_id") and _shown(form, "status")
    before = _geometry(form)

    # Reasons go away one by one as the fields are filled in ...
    choose(form.level, form.level.itemText(0))
    qtbot.wait(10)
    assert not _shown(form, "level_id")
    assert _geometry(form) == before
    choose(form.status, "rejects")
    qtbot.wait(10)
    assert not _shown(form, "status") and form.save_button.isEnabled(), form.problems
    assert _geometry(form) == before

    # ... and come back: a mistyped date, an attribution removed, a party unset.
    form.date.setFocus()
    form.date.selectAll()
    qtbot.keyClicks(form.date, "2025-02-30")
    form.attributed.lineEdit().clear()
    form.party.setCurrentIndex(-1)
    qtbot.wait(10)
    assert _shown(form, "stated_on") and _shown(form, "attributed_to") and _shown(form, "party_id")
    assert _geometry(form) == before


def test_a_long_reason_is_cut_on_its_line_and_whole_in_its_tooltip(ctx, qtbot, tmp_path):  # type: ignore[no-untyped-def]
    window = make_window(ctx, qtbot, tmp_path / "ui.ini")
    form = _open_from_selection(window, qtbot)
    before = _geometry(form)
    form.unlock_quote()
    form.quote.setPlainText("words that this article never says " * 8)
    label = form.findChild(type(form.quote_where), "problem_quote")
    qtbot.waitUntil(label.isVisible)
    assert "does not appear in the source" in label.toolTip()
    assert label.height() <= label.fontMetrics().lineSpacing() + 2
    assert {k: v for k, v in _geometry(form).items()} == before


def _save_new(form, qtbot, party: str, issue: str, who: str, kind: str) -> None:  # type: ignore[no-untyped-def]
    choose(form.party, party)
    choose(form.issue, issue)
    choose(form.level, form.level.itemText(0))
    choose(form.status, "proposes")
    form.attributed.lineEdit().clear()
    qtbot.keyClicks(form.attributed.lineEdit(), who)
    choose(form.kind, kind)
    assert form.save_button.isEnabled(), form.problems
    qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)


def test_next_record_from_a_source_starts_with_the_last_ones_choices(ctx, qtbot, tmp_path):  # type: ignore[no-untyped-def]
    window = make_window(ctx, qtbot, tmp_path / "ui.ini")
    first_source = window.reader.source_id
    form = _open_from_selection(window, qtbot)
    _save_new(form, qtbot, "France", "Prisoner", "Elysee spokesperson (test)", "Media paraphrase")
    qtbot.waitUntil(lambda: window.reader.form is None or not window.reader.form.isVisible())
    saved = record_inputs.position_input(ctx.db, max(r.id for r in queries.position_rows(ctx.db)))
    assert saved.attributed_to == "Elysee spokesperson (test)"

    # The next record from the same article offers those choices (not stance or status).
    window.ctx.navigator.show_source.emit(first_source)
    form = _open_from_selection(window, qtbot, "Trump")
    assert form.party.currentData() == saved.party_id
    assert form.issue.currentData() == saved.issue_id
    assert form.attributed.currentText() == "Elysee spokesperson (test)"
    assert form.kind.currentData() == saved.attribution_kind
    assert form.level.currentIndex() == -1 and form.status.currentIndex() == -1
    assert form.offer_note.isVisible()
    form.reject()

    # Another source offers its own last record's choices, never the first source's ...
    other = next(s.id for s in source_reads.sources(ctx.db) if s.id != first_source)
    window.ctx.navigator.show_source.emit(other)
    form = _open_from_selection(window, qtbot, "Putin")
    assert form.attributed.currentText() != "Elysee spokesperson (test)"
    form.reject()

    # ... and a source with no records yet offers nothing.
    fresh = ctx.ops.import_source("Putin said a ceasefire needs guarantees first. " * 3,
                                  SourceMeta(title="Fresh article", published="2025-03-20"))
    window.ctx.navigator.show_source.emit(fresh)
    form = _open_from_selection(window, qtbot, "Putin")
    assert form.party.currentIndex() == -1 and form.issue.currentIndex() == -1
    assert form.attributed.currentText() == "" and not form.offer_note.isVisible()
    assert _shown(form, "party_id")


def test_condition_text_is_wide_enough_to_read_and_grows_with_the_form(ctx, qtbot, tmp_path):  # type: ignore[no-untyped-def]
    window = make_window(ctx, qtbot, tmp_path / "ui.ini")
    form = _open_from_selection(window, qtbot)
    qtbot.mouseClick(form.conditions.add_button, Qt.MouseButton.LeftButton)
    row = form.conditions.rows[0]
    qtbot.wait(20)
    chars = row.text.fontMetrics().averageCharWidth()
    assert row.text.width() >= 40 * chars, f"{row.text.width()} px: under 40 characters"
    # It has the field's width to itself, not what three combo boxes leave over ...
    assert row.text.width() >= 0.75 * form.conditions.width()
    assert row.text.minimumWidth() >= 40 * chars  # ... however narrow the form is made
    # ... and widens with the form.
    form.resize(900, form.height())
    qtbot.wait(20)
    narrow = row.text.width()
    form.resize(1050, form.height())
    qtbot.wait(20)
    assert row.text.width() >= narrow + 120, "the text box does not widen with the form"
