"""Invalid input keeps Save disabled and says why, next to the field; a refusal from the
database is shown in the form, never as a traceback."""

from __future__ import annotations

from PySide6.QtCore import Qt
from workspace_helpers import choose, fill_position, make_window, new_position_on_selection

from db.model.inputs import PositionInput
from db.model.vocab import STATUSES
from db.reads import queries, source_reads
from desktop.forms.position_form import PositionForm


def _problem(form: PositionForm, name: str) -> str:
    label = form.findChild(type(form.quote_where), f"problem_{name}")
    return label.text() if label.isVisible() else ""


def test_quote_not_in_source_keeps_save_disabled(ctx, qtbot, tmp_path):
    window = make_window(ctx, qtbot, tmp_path / "ui.ini")
    window.new_position_action.trigger()  # nothing selected: the quote is typed
    form = window.positions.form
    assert form is not None and not form.quote.isReadOnly()
    fill_position(form, qtbot)
    qtbot.keyClicks(form.quote, "Russia will withdraw from every region tomorrow")
    assert "does not appear in the source" in _problem(form, "quote")
    assert not form.save_button.isEnabled()

    # A passage that is in the source, typed with plain spaces, is found with its offsets.
    text = source_reads.source_text(ctx.db, form.source.currentData())
    passage = text[text.index("Despite Putin"):text.index("Despite Putin") + 40]
    form.quote.clear()
    qtbot.keyClicks(form.quote, passage)
    assert _problem(form, "quote") == ""
    assert form.save_button.isEnabled(), form.problems
    data = form.collect()
    assert text[data.quote_start:data.quote_end] == data.quote == passage


def test_changing_the_issue_drops_a_level_of_another_issue(ctx, qtbot, tmp_path):
    window = make_window(ctx, qtbot, tmp_path / "ui.ini")
    pid = window.positions.model.row_at(0).id
    window.ctx.navigator.edit_position.emit(pid)
    form = window.positions.form
    assert form.save_button.isEnabled()
    other = next(i for i in queries.issues(ctx.db) if i.id != form.issue.currentData())
    choose(form.issue, other.name)
    assert form.level.currentIndex() == -1
    assert [form.level.itemData(i) for i in range(form.level.count())] == \
        [lv.id for lv in other.levels]
    assert "stance level" in _problem(form, "level_id")
    assert not form.save_button.isEnabled()


def test_level_of_another_issue_is_refused_with_the_reason(ctx, qtbot, tmp_path):
    window = make_window(ctx, qtbot, tmp_path / "ui.ini")
    scope, aid = (queries.issue_by_key(ctx.db, k) for k in ("ceasefire_scope", "military_aid"))
    assert scope and aid
    src = source_reads.sources(ctx.db)[0]
    text = source_reads.source_text(ctx.db, src.id)
    form = PositionForm(ctx, prefill=PositionInput(
        party_id=queries.parties(ctx.db)[0].id, issue_id=scope.id, level_id=aid.levels[0].id,
        status="rejects", attributed_to="x", attribution_kind="official_statement",
        source_id=src.id, quote=text[10:30], quote_start=10, quote_end=30), parent=window)
    qtbot.addWidget(form)
    # The combo cannot show a foreign level; the record it would save is refused.
    assert form.level.currentIndex() == -1
    assert not form.save_button.isEnabled()
    form.level.setCurrentIndex(0)
    assert form.save_button.isEnabled()


def test_empty_party_keeps_save_disabled(ctx, qtbot, tmp_path):
    window = make_window(ctx, qtbot, tmp_path / "ui.ini")
    form, text, start = new_position_on_selection(window, qtbot)
    fill_position(form, qtbot)
    assert form.save_button.isEnabled()
    form.party.setCurrentIndex(-1)
    assert _problem(form, "party_id") == "⚠ Choose a party"
    assert not form.save_button.isEnabled()
    qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)
    assert form.isVisible()
    assert not any(r.quote == text[start:start + 30] for r in queries.position_rows(ctx.db))


def test_refusal_from_the_database_is_shown_in_the_form(ctx, qtbot, tmp_path, monkeypatch):
    window = make_window(ctx, qtbot, tmp_path / "ui.ini")
    form, text, start = new_position_on_selection(window, qtbot)
    fill_position(form, qtbot)
    # The form believes the record is fine (a stale check) but the db validates again.
    monkeypatch.setattr("desktop.forms.position_form.position_problems", lambda db, d: {})
    form.attributed.setEditText("")
    assert form.save_button.isEnabled()
    before = len(queries.position_rows(ctx.db))
    qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)
    assert form.isVisible()
    assert "Attributed to is required" in _problem(form, "attributed_to")
    assert not form.save_button.isEnabled()
    assert len(queries.position_rows(ctx.db)) == before


def test_conditions_are_added_checked_and_saved(ctx, qtbot, tmp_path):
    window = make_window(ctx, qtbot, tmp_path / "ui.ini")
    pid = window.positions.model.row_at(0).id
    window.ctx.navigator.edit_position.emit(pid)
    form = window.positions.form
    qtbot.mouseClick(form.conditions.add_button, Qt.MouseButton.LeftButton)
    row = form.conditions.rows[-1]
    assert "Condition" in _problem(form, "conditions")  # an empty condition says nothing
    assert not form.save_button.isEnabled()
    choose(row.party, "United States")
    choose(row.issue, "Foreign military aid")
    choose(row.level, "Aid curtailed")
    qtbot.keyClicks(row.text, "only if aid pauses")
    assert form.save_button.isEnabled(), form.problems
    qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)
    conds = queries.conditions_of(ctx.db, [pid])
    assert [(c.party_name, c.level_label, c.text) for c in conds][-1] == \
        ("United States", "Aid curtailed or paused", "only if aid pauses")

    window.ctx.navigator.edit_position.emit(pid)
    form = window.positions.form
    assert form.conditions.rows[-1].text.text() == "only if aid pauses"
    qtbot.mouseClick(form.conditions.rows[-1].remove, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)
    assert "only if aid pauses" not in [c.text for c in queries.conditions_of(ctx.db, [pid])]


def test_the_status_list_offers_the_coding_rules_statuses_readably(ctx, qtbot, tmp_path):
    window = make_window(ctx, qtbot, tmp_path / "ui.ini")
    window.new_position_action.trigger()
    form = window.positions.form
    listed = {form.status.itemData(i): form.status.itemText(i) for i in range(form.status.count())}
    assert set(STATUSES) <= set(listed)
    assert listed["alleged_violation"] == "alleged violation (not a stance)"
    assert listed["defers"] == "defers (under negotiation)"
    assert listed["prefers"] == "prefers (admits it is blocked)"
    # chosen by its label, saved as the vocabulary's word
    fill_position(form, qtbot)
    choose(form.status, "alleged violation")
    text = source_reads.source_text(ctx.db, form.source.currentData())
    passage = text[text.index("Despite Putin"):text.index("Despite Putin") + 40]
    qtbot.keyClicks(form.quote, passage)
    assert form.save_button.isEnabled(), form.problems
    qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)
    saved = next(r for r in queries.position_rows(ctx.db) if r.quote == passage)
    assert saved.status == "alleged_violation"
