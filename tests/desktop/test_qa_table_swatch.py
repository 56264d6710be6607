"""The party colour swatch in the positions table keeps the party's own colour in a selected
row (a tinted swatch reads as another party: Russia's orange turned brown)."""

from __future__ import annotations

from image_compare import colours_close
from PySide6.QtGui import QColor
from workspace_helpers import make_window

from db.reads import queries


def _has_colour(image, rect, colour: QColor) -> bool:  # type: ignore[no-untyped-def]
    return any(colours_close(image.pixel(x, y), colour)
               for x in range(rect.left(), rect.left() + 30)
               for y in range(rect.top(), rect.bottom()))


def test_selected_row_swatch_keeps_the_party_colour(ctx, qtbot, tmp_path):  # type: ignore[no-untyped-def]
    window = make_window(ctx, qtbot, tmp_path / "ui.ini")
    view = window.positions.view
    model = view.model()
    row = next(r for r in range(model.rowCount())
               if model.index(r, 0).data() == "Russia")
    colour = QColor(next(p.colour for p in queries.parties(ctx.db)
                         if p.name == "Russia"))
    index = model.index(row, 0)
    view.scrollTo(index)
    rect = view.visualRect(index)
    assert _has_colour(view.viewport().grab().toImage(), rect, colour)  # not selected
    view.selectRow(row)
    qtbot.wait(10)
    assert view.selectionModel().isRowSelected(row)
    assert _has_colour(view.viewport().grab().toImage(), rect, colour), "swatch tinted"
