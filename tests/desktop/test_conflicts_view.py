"""The Conflicting accounts pane on the seeded database, driven through its widgets."""

from __future__ import annotations

from dataclasses import replace

import pytest
from PySide6.QtCore import Qt
from workspace_helpers import shown

from db.reads.queries import issue_by_key, position_rows
from db.reads.record_inputs import position_input
from desktop.panes.conflicts_view import ConflictsView

# The same behaviour on an SQLite file and on a PostgreSQL server database.
pytestmark = pytest.mark.engines()

AID = "All foreign aid must stop: demands vs denies"
SCOPE = "Energy infrastructure only vs Energy + infrastructure"


def _view(ctx, qtbot) -> ConflictsView:  # type: ignore[no-untyped-def]
    return shown(qtbot, ConflictsView(ctx), 1200, 750)


def _summaries(view: ConflictsView) -> list[str]:
    return [view.model.index(r, 3).data() for r in range(view.model.rowCount())]


def _click_group(qtbot, view: ConflictsView, summary: str) -> None:  # type: ignore[no-untyped-def]
    row = _summaries(view).index(summary)
    rect = view.view.visualRect(view.model.index(row, 3))
    qtbot.mouseClick(view.view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())


def _quotes(view: ConflictsView) -> list[str]:
    return [card.quote_label.text() for card in view.cards]


def test_lists_the_seeded_disagreements(ctx, qtbot) -> None:  # type: ignore[no-untyped-def]
    view = _view(ctx, qtbot)
    summaries = _summaries(view)
    assert SCOPE in summaries and AID in summaries
    assert view.count_label.text() == f"{len(summaries)} disagreements"
    aid_row = summaries.index(AID)
    assert [view.model.index(aid_row, c).data() for c in range(3)] == [
        "Russia", "Foreign military aid to Ukraine", "2025-03-18"]


def test_selecting_a_group_shows_its_quotes_side_by_side(ctx, qtbot) -> None:  # type: ignore[no-untyped-def]
    view = _view(ctx, qtbot)
    _click_group(qtbot, view, AID)
    quotes = " | ".join(_quotes(view))
    assert "the complete cessation of foreign military aid" in quotes
    assert "denied the leaders discussed aid “at all.”" in quotes
    assert len(view.cards) == 5  # two Kremlin readouts, Zelensky's report, two Trump denials
    qtbot.waitUntil(lambda: all(card.isVisible() for card in view.cards), timeout=2000)
    qtbot.waitUntil(lambda: len({card.geometry().x() for card in view.cards}) == 5, timeout=2000)
    xs = [card.geometry().x() for card in view.cards]
    ys = {card.geometry().y() for card in view.cards}
    assert xs == sorted(xs) and len(ys) == 1  # side by side in one row
    assert all(card.height() >= card.minimumHeight() for card in view.cards)
    assert "Foreign military aid" in view.heading.text()

    _click_group(qtbot, view, SCOPE)
    quotes = " | ".join(_quotes(view))
    assert "only “energy infrastructure”" in quotes
    assert "energy and infrastructure" in quotes


def test_clicking_an_account_shows_its_record(ctx, qtbot) -> None:  # type: ignore[no-untyped-def]
    view = _view(ctx, qtbot)
    _click_group(qtbot, view, AID)
    card = view.cards[-1]
    with qtbot.waitSignal(ctx.navigator.show_position) as blocker:
        qtbot.mouseClick(card, Qt.MouseButton.LeftButton)
    assert blocker.args == [card.position_id]
    with qtbot.waitSignal(ctx.navigator.show_position) as blocker:
        qtbot.mouseClick(view.cards[0].show_button, Qt.MouseButton.LeftButton)
    assert blocker.args == [view.cards[0].position_id]


def test_editing_a_position_updates_the_pane(ctx, qtbot) -> None:  # type: ignore[no-untyped-def]
    view = _view(ctx, qtbot)
    peace = "Permanent peace: supports vs rejects"
    assert peace in _summaries(view)
    _click_group(qtbot, view, AID)
    # Zelensky's "Putin isn't interested in peace" recoded from level 5 to level 4: nobody
    # now denies level 5, and his account joins the full-ceasefire disagreement instead.
    zelensky = next(r for r in position_rows(ctx.db)
                    if r.attributed_to == "Zelensky (reported by RFE/RL)" and r.level_value == 5)
    scope = issue_by_key(ctx.db, "ceasefire_scope")
    full = next(lv.id for lv in scope.levels if lv.value == 4)
    data = position_input(ctx.db, zelensky.id)
    ctx.ops.update_position(zelensky.id, replace(data, level_id=full))

    assert peace not in _summaries(view)
    row = _summaries(view).index("Full ceasefire: conditions vs rejects")
    assert view.model.index(row, 4).data() == "5"  # one more account
    assert len(view.cards) == 5 and "denied the leaders" in " ".join(_quotes(view))  # kept

    ctx.ops.undo_stack.undo()
    assert peace in _summaries(view)


def test_shared_filters_and_window_apply(ctx, qtbot) -> None:  # type: ignore[no-untyped-def]
    view = _view(ctx, qtbot)
    aid = issue_by_key(ctx.db, "military_aid")
    ctx.filters.update(issue_ids=frozenset({aid.id}))
    assert _summaries(view) == [AID]
    ctx.filters.update(text="no such words anywhere")
    assert _summaries(view) == []
    assert view.count_label.text() == "No disagreements"
    assert "No accounts disagree" in view.heading.text()
    ctx.filters.reset()
    assert AID in _summaries(view)
    assert view.window_spin.value() == 3
    view.window_spin.setValue(0)  # the seeded accounts are all of the same day
    assert AID in _summaries(view)


def test_a_hidden_pane_catches_up_when_shown(ctx, qtbot) -> None:  # type: ignore[no-untyped-def]
    view = _view(ctx, qtbot)
    view.hide()
    ids = [r.id for r in position_rows(ctx.db) if r.status == "denies"]
    ctx.ops.delete_positions(ids)
    assert AID in _summaries(view)  # not re-read while nobody can see it
    view.show()
    assert AID not in _summaries(view)


def test_each_disagreement_shows_its_kind(ctx, qtbot) -> None:  # type: ignore[no-untyped-def]
    view = _view(ctx, qtbot)
    kinds = {view.model.index(r, 3).data(): view.model.index(r, 5).data()
             for r in range(view.model.rowCount())}
    assert view.model.headerData(5, Qt.Orientation.Horizontal) == "Kind"
    assert kinds[SCOPE] == "Different levels"
    assert kinds[AID] == "Held vs rejected"
    reporting = "Kremlin readout: Energy infrastructure only vs Energy + infrastructure"
    assert kinds[reporting] == "Reported differently"
    assert kinds["Full ceasefire: 2025-03-11 vs 2025-03-12"] == "Different dates"
    assert sorted(kinds.values()).count("Different conditions") == 2
    # selecting one puts its kind, as a small tag, before the heading's sentence
    _click_group(qtbot, view, reporting)
    assert "Reported differently" in view.heading.text()
    assert "reporting discrepancy" in view.heading.text()
    assert [card.quote_label.text().count("Kremlin") for card in view.cards] == [1, 1]
