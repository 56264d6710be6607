"""Conditional stances, deferrals and alleged violations drawn as what they are, in the
timeline, the matrix and the gap chart, on a hand-built Black Sea case: Russia agrees to a
maritime truce "only after sanctions on its agricultural bank are lifted" (an example the
seed articles do not hold)."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pytest
from PySide6.QtCore import QPointF

from db.model.colours import colour_distance
from db.model.inputs import IssueInput, LevelInput, PartyInput, SourceMeta
from db.model.validation import ConditionInput, PositionInput
from db.reads import analysis
from db.reads.queries import issues
from db.storage.database import Database
from db.writes import codebook, positions, sources
from desktop.charts import exporter
from desktop.charts.charts_pane import ChartsPane
from desktop.charts.common import day_x
from desktop.charts.matrix_view import MatrixView

TEXT = ("The Kremlin said Russia would agree to a Black Sea truce only after sanctions on its "
        "agricultural bank are lifted. Ukraine agreed to a Black Sea truce at once, its "
        "foreign minister said. Germany said it supports a Black Sea truce now. Ukraine said "
        "Russia struck the port of Mykolaiv after the Black Sea truce was agreed. The Kremlin "
        "said Russia will keep discussing a Black Sea truce with Washington. Earlier this "
        "month the Kremlin said Russia was open to talks on the Black Sea.")
CONDITION = "Only after sanctions on its agricultural bank are lifted"


class BlackSea:
    def __init__(self, db: Database):
        self.db = db
        # Germany in the dark orange older databases gave it, next to Russia's vermillion
        self.russia = codebook.create_party(db, PartyInput("russia", "Russia", "RU", "#D55E00"))
        self.ukraine = codebook.create_party(db, PartyInput("ukraine", "Ukraine", "UA",
                                                            "#2B8CD6"))
        self.germany = codebook.create_party(db, PartyInput("germany", "Germany", "DE",
                                                            "#BF7A00"))
        self.issue = codebook.create_issue(db, IssueInput("black_sea", "Black Sea maritime truce",
                                                          levels=[
            LevelInput(0, "No truce"), LevelInput(1, "Talks on maritime truce"),
            LevelInput(2, "Maritime truce now")]))
        self.level = {lv.value: lv.id for lv in
                      next(i for i in issues(db) if i.id == self.issue).levels}
        self.source = sources.import_article(db, TEXT, SourceMeta("Black Sea talks",
                                                                  published="2025-03-25"))
        self.conditional = self.code(self.russia, 2, "agrees", "The Kremlin said Russia would agree",
                                     conditions=[ConditionInput(None, None, None, CONDITION)])
        self.ukraine_agrees = self.code(self.ukraine, 2, "agrees", "Ukraine agreed to a Black Sea")
        self.germany_supports = self.code(self.germany, 2, "supports", "Germany said it supports")
        self.violation = self.code(self.russia, 2, "alleged_violation", "Ukraine said Russia struck",
                                   day=27, by="Ukraine (Zelensky)")
        self.deferral = self.code(self.russia, 2, "defers", "The Kremlin said Russia will keep",
                                  day=26)
        self.month = self.code(self.russia, 1, "supports", "Earlier this month the Kremlin",
                               day=1, precision="month")

    def code(self, party: int, level: int, status: str, starts: str, *, day: int = 25,
             by: str = "Kremlin (Peskov)", precision: str = "day",
             conditions: list[ConditionInput] | None = None) -> int:
        start = TEXT.index(starts)
        end = TEXT.index(".", start) + 1
        return positions.create_position(self.db, PositionInput(
            party_id=party, issue_id=self.issue, level_id=self.level[level],
            stated_on=dt.date(2025, 3, day), date_precision=precision, status=status,
            attributed_to=by, attribution_kind="official_statement", source_id=self.source,
            quote=TEXT[start:end], quote_start=start, quote_end=end,
            conditions=conditions or []))


@pytest.fixture
def sea(empty_db: Database) -> BlackSea:
    return BlackSea(empty_db)


@pytest.fixture
def pane(sea, qtbot):  # type: ignore[no-untyped-def]
    from desktop.context import AppContext

    pane = ChartsPane(AppContext.create(sea.db))
    qtbot.addWidget(pane)
    pane.resize(650, 460)
    pane.move(0, 0)
    pane.show()
    qtbot.waitExposed(pane)
    pane.issue_combo.setCurrentIndex(pane.issue_combo.findData(sea.issue))
    pane.timeline.finish_loading()
    return pane


def _ids(scatter) -> set[int]:  # type: ignore[no-untyped-def]
    return {int(i) for i in scatter.data["data"]}


def test_timeline_draws_a_conditional_stance_as_a_hollow_diamond_with_its_condition(sea, pane):
    plot = pane.timeline
    russia = plot.party_items()[sea.russia]
    assert _ids(russia.conditional) == {sea.conditional}
    assert sea.conditional not in _ids(russia.filled) | _ids(russia.hollow)
    assert russia.conditional.opts["symbol"] == "d"
    assert russia.conditional.opts["brush"].color().name() == "#ffffff"  # hollow
    # a plain agreement on the same day stays a filled circle
    ukraine = plot.party_items()[sea.ukraine]
    assert sea.ukraine_agrees in _ids(ukraine.filled)
    assert ukraine.filled.opts["symbol"] == "o"
    # the "if …" label: elided condition text, under the diamond
    labels = [item for item in plot.condition_labels.items if item.isVisible()]
    assert len(labels) == 1
    text = labels[0].toPlainText()
    assert text.startswith("only after sanctions on") and text.endswith("…")
    assert len(text) <= 31
    marker = plot.position_scene_pos(sea.conditional)
    box = labels[0].sceneBoundingRect()
    assert box.left() < marker.x() < box.right() and box.top() >= marker.y()
    tip = plot.tooltip_for(sea.conditional)
    assert "Only on conditions" in tip and "agricultural bank are lifted" in tip
    # on paper, where nothing hovers, the footer gives the conditions whole
    assert f"Russia, 25 Mar: {CONDITION}" in exporter.footer_text(plot)


def test_alleged_violations_and_deferrals_have_their_own_markers(sea, pane):
    russia = pane.timeline.party_items()[sea.russia]
    assert _ids(russia.alleged) == {sea.violation}
    assert _ids(russia.deferred) == {sea.deferral}
    assert not ({sea.violation, sea.deferral} & (_ids(russia.crossed) | _ids(russia.filled)))
    symbols = {russia.alleged.opts["symbol"], russia.deferred.opts["symbol"],
               russia.conditional.opts["symbol"], "x", "o"}
    assert len(symbols) == 5
    legend = [label.item.toPlainText() for _sample, label in pane.timeline.legend.items]
    assert {"alleged violation", "defers", "if … (conditional)"} <= set(legend)
    assert "An alleged violation" in pane.timeline.tooltip_for(sea.violation)
    # a deferral is no vertex of Russia's step line (it holds on from the agreement)
    line_x = np.array(russia.line.xData)
    assert russia.deferred.data["x"][0] not in line_x
    assert russia.conditional.data["x"][0] in line_x


def test_timeline_draws_near_identical_party_colours_apart(sea, pane):
    items = pane.timeline.party_items()
    assert colour_distance("#D55E00", "#BF7A00") < 15  # as stored
    assert colour_distance(items[sea.russia].colour, items[sea.germany].colour) >= 15
    assert items[sea.russia].colour == "#D55E00"  # the older party keeps its own


def test_month_only_date_is_a_band_over_its_month(sea, pane):
    plot = pane.timeline
    spans = plot.party_items()[sea.russia].spans
    x, y = np.array(spans.xData), np.array(spans.yData)
    # one segment: [start, end, nan]
    assert (x[0], x[1]) == (day_x(dt.date(2025, 3, 1)), day_x(dt.date(2025, 4, 1)))
    assert np.isnan(x[2]) and y[0] == y[1]
    vb = plot.plotItem.vb
    lo, hi = vb.viewRange()[0]
    assert lo < x[0] and x[1] < hi  # the whole band in view, not run off the right edge
    left = vb.mapViewToScene(QPointF(x[0], y[0])).x()
    right = vb.mapViewToScene(QPointF(x[1], y[0])).x()
    per_day = vb.width() / (hi - lo)
    assert right - left == pytest.approx(31 * per_day, rel=0.01)
    assert right < vb.sceneBoundingRect().right() - per_day


def test_matrix_marks_a_conditional_cell_and_names_the_condition(sea, qtbot):
    cells = analysis.stance_matrix(sea.db, dt.date(2025, 3, 25))
    assert cells[(sea.russia, sea.issue)].conditions == CONDITION
    assert cells[(sea.ukraine, sea.issue)].conditions is None
    view = MatrixView(lambda: sea.db)
    qtbot.addWidget(view)
    view.set_date(dt.date(2025, 3, 25))
    view.resize(900, 400)
    view.show()
    qtbot.waitExposed(view)
    grid = view.grid
    j = next(k for k, p in enumerate(grid.parties) if p.id == sea.russia)
    u = next(k for k, p in enumerate(grid.parties) if p.id == sea.ukraine)
    image = view.grab().toImage()

    def badge_pixel(party_index: int):  # type: ignore[no-untyped-def]
        rect = grid.cell_rect(party_index, 0).adjusted(1, 1, -1, -1)
        # inside the badge's white, left of its "if"
        at = grid.mapToScene(QPointF(rect.right() - 14, rect.top() + 4))
        p = view.mapFromScene(at)
        return image.pixelColor(p.x(), p.y())

    def white(c) -> bool:  # type: ignore[no-untyped-def]
        return min(c.red(), c.green(), c.blue()) >= 240

    assert white(badge_pixel(j))
    assert not white(badge_pixel(u))  # Ukraine's plain agreement: no badge
    # the condition in the cell's tooltip, on hover
    centre = view.mapFromScene(grid.mapToScene(grid.cell_rect(j, 0).center()))
    qtbot.mouseMove(view.viewport(), centre)
    qtbot.waitUntil(lambda: "agricultural bank" in grid.toolTip(), timeout=2000)
    assert "Only on conditions" in grid.toolTip()
    qtbot.mouseMove(view.viewport(), view.mapFromScene(grid.mapToScene(
        grid.cell_rect(u, 0).center())))
    qtbot.waitUntil(lambda: "Ukraine" in grid.toolTip(), timeout=2000)
    assert "conditions" not in grid.toolTip()
    assert f"Russia on Black Sea maritime truce: {CONDITION}" in exporter.footer_text(view)


def test_gap_does_not_close_on_a_conditional_agreement(sea, pane):
    points = analysis.gap_series(sea.db, sea.russia, sea.ukraine)[sea.issue]
    # Russia's month-only "talks" record is a stance too; on 25 March both sides name the
    # truce, Russia only on conditions
    assert points[-1] == analysis.GapPoint(dt.date(2025, 3, 25), 0.0, conditional=True)
    germany = analysis.gap_series(sea.db, sea.ukraine, sea.germany)[sea.issue]
    assert germany == [analysis.GapPoint(dt.date(2025, 3, 25), 0.0, conditional=False)]
    pane.tabs.setCurrentIndex(2)
    pane.party_a.setCurrentIndex(pane.party_a.findData(sea.russia))
    pane.party_b.setCurrentIndex(pane.party_b.findData(sea.ukraine))
    gap = pane.gap
    solid, dashed = gap.curves[sea.issue], gap.dashed[sea.issue]
    x25 = day_x(dt.date(2025, 3, 25))
    sx, sy = np.array(solid.xData), np.array(solid.yData)
    dx, dy = np.array(dashed.xData), np.array(dashed.yData)
    # from 25 March on the gap at "same level" is drawn dashed, never solid
    after = sx > x25 + 0.9
    assert after.any() and np.isnan(sy[after]).all()
    assert np.nanmax(dy[dx > x25 + 0.9]) == 0.0
    # its point is hollow, tagged "if", and the legend says what that means
    drawn = [(x, scatter.opts["brush"].color().name()) for pair in gap.points.values()
             for scatter in pair for x in scatter.data["x"]]
    nearest = min(drawn, key=lambda d: abs(d[0] - (x25 + 0.5)))
    assert nearest[1] == "#ffffff"
    assert [t.toPlainText() for t in gap.if_labels] == ["if"]
    legend = [label.item.toPlainText() for _sample, label in gap.legend.items]
    assert any("only on conditions" in t for t in legend)
