"""Party colours a reader can tell apart: the palette, a new party's default, the colours a
chart draws for an old database, and short names that stay unique."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from db.errors import ValidationError
from db.model.colours import (
    MIN_DELTA_E,
    PALETTE,
    colour_distance,
    default_party_colour,
    delta_e00,
    distinguishable,
)
from db.model.inputs import PartyInput
from db.reads.queries import parties
from db.writes import codebook
from desktop.panes.codebook_editor import CodebookEditor


@pytest.mark.parametrize(("lab1", "lab2", "expected"), [
    # Sharma, Wu & Dalal (2005), table 1: pairs 1, 2, 7, 17 and 34
    ((50.0, 2.6772, -79.7751), (50.0, 0.0, -82.7485), 2.0425),
    ((50.0, 3.1571, -77.2803), (50.0, 0.0, -82.7485), 2.8615),
    ((50.0, 0.0, 0.0), (50.0, -1.0, 2.0), 2.3669),
    ((50.0, 2.5, 0.0), (56.0, -27.0, -3.0), 31.9030),
    ((2.0776, 0.0795, -1.135), (0.9033, -0.0636, -0.5514), 0.9082),
])
def test_delta_e00_matches_the_published_reference_pairs(lab1, lab2, expected) -> None:  # type: ignore[no-untyped-def]
    assert delta_e00(lab1, lab2) == pytest.approx(expected, abs=1e-4)


def test_palette_colours_are_pairwise_distinguishable() -> None:
    worst = min((colour_distance(a, b), a, b) for i, a in enumerate(PALETTE)
                for b in PALETTE[i + 1:])
    assert worst[0] >= 20, worst


def test_seed_parties_are_pairwise_distinguishable(seeded_db) -> None:  # type: ignore[no-untyped-def]
    colours = [p.colour for p in parties(seeded_db)]
    assert len(colours) == 7
    for i, a in enumerate(colours):
        for b in colours[i + 1:]:
            assert colour_distance(a, b) >= 20, (a, b)


def test_chart_colours_pull_apart_near_identical_party_colours() -> None:
    # A database coded before the palette: Russia vermillion, Germany a darker orange,
    # Ukraine and a new party both the old default blue.
    old = ["#D55E00", "#2B8CD6", "#009E73", "#BF7A00", "#2B8CD6"]
    assert colour_distance("#D55E00", "#BF7A00") < MIN_DELTA_E  # the complaint
    drawn = distinguishable(old)
    assert drawn[:3] == old[:3]  # colours already apart are kept as chosen
    for i, a in enumerate(drawn):
        for b in drawn[i + 1:]:
            assert colour_distance(a, b) >= MIN_DELTA_E, (a, b)


def test_default_colour_is_the_first_palette_colour_no_party_is_near() -> None:
    assert default_party_colour([]) == PALETTE[0]
    # Ukraine's old blue is near the palette's blue: the next colour is offered
    assert default_party_colour(["#2B8CD6"]) == PALETTE[1]
    assert default_party_colour(list(PALETTE[:3])) == PALETTE[3]


def _editor(ctx, qtbot) -> CodebookEditor:  # type: ignore[no-untyped-def]
    editor = CodebookEditor(ctx)
    qtbot.addWidget(editor)
    editor.resize(1000, 600)
    editor.show()
    qtbot.waitExposed(editor)
    return editor


def test_new_party_form_offers_a_colour_no_party_has(ctx, qtbot) -> None:  # type: ignore[no-untyped-def]
    editor = _editor(ctx, qtbot)  # kept: the form is its child
    form = editor.parties
    qtbot.mouseClick(form.new_button, Qt.MouseButton.LeftButton)
    offered = form.colour_edit.text()
    assert offered in PALETTE
    for p in parties(ctx.db):
        assert colour_distance(offered, p.colour) >= MIN_DELTA_E, p.name


def test_codebook_refuses_a_duplicate_short_name(ctx, qtbot) -> None:  # type: ignore[no-untyped-def]
    before = parties(ctx.db)
    with pytest.raises(ValidationError, match="short name"):
        codebook.create_party(ctx.db, PartyInput("belarus", "Belarus", " ua "))
    assert parties(ctx.db) == before

    editor = _editor(ctx, qtbot)  # kept: the form is its child
    form = editor.parties
    qtbot.mouseClick(form.new_button, Qt.MouseButton.LeftButton)
    qtbot.keyClicks(form.name_edit, "Belarus")
    qtbot.keyClicks(form.short_edit, "RU")
    assert not form.save_button.isEnabled()
    assert form.errors["short_name"].isVisible()
    assert form.errors["short_name"].text() == "“Russia” already has the short name “RU”"
    form.save()  # a forced save writes nothing either
    assert parties(ctx.db) == before
    form.short_edit.selectAll()
    qtbot.keyClicks(form.short_edit, "BY")
    assert form.save_button.isEnabled()
    # a party keeps its own short name when edited
    ukraine = next(p for p in before if p.name == "Ukraine")
    codebook.update_party(ctx.db, ukraine.id, PartyInput("ukraine", "Ukraine", "UA",
                                                         ukraine.colour))
