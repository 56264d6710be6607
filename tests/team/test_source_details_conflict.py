"""A source's details edited by two analysts: the second save is refused and says who
changed them and to what; nothing is overwritten until the analyst saves again knowingly."""

from __future__ import annotations

import pytest

from db.errors import ConflictError
from db.model.inputs import SourceMeta
from db.opening import open_database
from db.reads.source_reads import sources as source_list
from db.storage.database import Database
from db.writes import sources

pytestmark = pytest.mark.engines()


def _bob_retitles(db: Database, source_id: int, title: str) -> None:
    bob = open_database(db.target)
    bob.user = "bob"
    try:
        meta = sources.source_meta(bob, source_id)
        sources.update_source_meta(bob, source_id, SourceMeta(title, meta.outlet, meta.author,
                                                               meta.published, meta.url), meta)
    finally:
        bob.close()


def test_details_saved_over_a_stale_copy_are_refused(seeded_db: Database) -> None:
    sid = source_list(seeded_db)[0].id
    opened = sources.source_meta(seeded_db, sid)
    _bob_retitles(seeded_db, sid, "Bob's title")
    mine = SourceMeta("Alice's title", opened.outlet, opened.author, opened.published, opened.url)
    with pytest.raises(ConflictError) as refused:
        sources.update_source_meta(seeded_db, sid, mine, opened)
    assert refused.value.by == "bob" and refused.value.theirs.title == "Bob's title"
    assert sources.source_meta(seeded_db, sid).title == "Bob's title"
    # Saved against what is there now (knowingly), it goes through.
    sources.update_source_meta(seeded_db, sid, mine, refused.value.theirs)
    assert sources.source_meta(seeded_db, sid).title == "Alice's title"


def test_the_details_dialog_says_who_changed_them_and_a_second_save_replaces_them(  # type: ignore[no-untyped-def]
        app_window, seeded_db, qtbot):
    seeded_db.user = "alice"
    window = app_window(seeded_db)
    sid = source_list(seeded_db)[0].id
    window.ctx.navigator.show_source.emit(sid)
    qtbot.waitUntil(lambda: window.reader.source_id == sid, timeout=3000)
    window.reader.edit_details()
    dialog = window.reader.source_dialog
    qtbot.waitExposed(dialog)
    _bob_retitles(seeded_db, sid, "Bob's title")
    dialog.title_edit.setText("Alice's title")
    dialog.save()
    assert dialog.isVisible()
    message = dialog.general_problem.text()
    assert "bob" in message and "Bob's title" in message
    assert sources.source_meta(seeded_db, sid).title == "Bob's title"
    dialog.save()
    assert sources.source_meta(seeded_db, sid).title == "Alice's title"
    window.undo_action.trigger()
    assert sources.source_meta(seeded_db, sid).title == "Bob's title"
