"""Names, titles, labels and notes are shown as the characters typed, never as HTML.

A source titled `<img src="/dev/zero"> Talks` once made a tooltip read /dev/zero as an image
until the kernel killed the app. Here the seeded records get such names and every place that
shows them (tooltips, labels, message boxes, chart titles and legends) is checked: what Qt
renders is the literal text, and rendering it asks for no image or other resource."""

from __future__ import annotations

from pathlib import Path
from xml.dom import minidom

from PySide6.QtCore import Qt
from PySide6.QtGui import Qt as GuiQt
from PySide6.QtGui import QTextDocument
from PySide6.QtWidgets import QApplication, QLabel, QMessageBox
from workspace_helpers import make_window
from workspace_helpers import shown as show_widget

from db.model.inputs import SourceMeta
from db.reads import queries, record_inputs
from desktop.charts.charts_pane import ChartsPane
from desktop.panes.codebook_editor import CodebookEditor
from desktop.panes.conflicts_view import ConflictsView
from desktop.panes.positions_model import ID_ROLE as POSITION_ID
from desktop.qt.plain_text import literal

# The records get an image that does not exist: were a place to render markup again, the
# check below still sees it (the image is asked for), without the app reading /dev/zero until
# the machine runs out of memory, as it did. The helper itself is tested with /dev/zero.
IMG = '<img src="parley-no-such-image.png">'
ZERO = '<img src="/dev/zero">'
PARTY = f"{IMG} Ukraine &amp; <b>Kyiv</b>"
ISSUE = f"<b>Scope</b> {IMG}"
LEVEL = f"{IMG}<i>Energy</i> only"
TITLE = f"{IMG} Talks"
AUTHOR = "Smith &lt;b&gt; Jones"  # rich to Qt only through its entities
OUTLET = "<b>Outlet</b>"
NOTES = f"<u>note</u> {IMG}"


class _Probe(QTextDocument):
    """A document that records, instead of loading, every resource its HTML asks for."""

    def __init__(self) -> None:
        super().__init__()
        self.asked: list[str] = []

    def loadResource(self, kind: int, name):  # type: ignore[no-untyped-def]  # noqa: N802
        self.asked.append(name.toString())
        return None


def shown(text: str, rich: bool | None = None) -> str:
    """What Qt displays for `text` in a place that guesses (rich=None), or is told."""
    if rich is None:
        rich = GuiQt.mightBeRichText(text)
    if not rich:
        return text
    doc = _Probe()
    doc.setHtml(text)
    doc.documentLayout().documentSize()  # images load when laid out
    assert doc.asked == [], f"rendering {text!r} asked for {doc.asked}"
    return doc.toPlainText()


def label_shows(label: QLabel) -> str:
    fmt = label.textFormat()
    rich = None if fmt == Qt.TextFormat.AutoText else fmt == Qt.TextFormat.RichText
    return shown(label.text(), rich)


def _hostile(ctx) -> tuple[int, int, int]:  # type: ignore[no-untyped-def]
    """Give Ukraine, the ceasefire-scope issue, its first level and one of its sources hostile
    names; return (party id, issue id, a position of the party on that issue)."""
    db = ctx.db
    party_id = next(p.id for p in queries.parties(db) if p.key == "ukraine")
    party = record_inputs.party_input(db, party_id)
    party.name, party.description = PARTY, NOTES
    ctx.ops.update_party(party_id, party)
    issue_id = queries.issue_by_key(db, "ceasefire_scope").id
    issue = record_inputs.issue_input(db, issue_id)
    issue.name = ISSUE
    issue.levels[0].label = LEVEL
    ctx.ops.update_issue(issue_id, issue)
    level_id = queries.issue_by_key(db, "ceasefire_scope").levels[0].id
    row = next(r for r in queries.timeline_rows(db, issue_id) if r.party_id == party_id)
    data = record_inputs.position_input(db, row.id)
    data.level_id, data.notes = level_id, NOTES
    ctx.ops.update_position(row.id, data)
    ctx.ops.update_source(data.source_id, SourceMeta(TITLE, OUTLET, AUTHOR, None, ""))
    return party_id, issue_id, row.id


def test_the_literal_helper_keeps_plain_text_and_escapes_what_qt_would_render(qapp) -> None:  # type: ignore[no-untyped-def]
    assert literal("Russia & Ukraine") == "Russia & Ukraine"  # plain to Qt: untouched
    for text in (f"{ZERO} Talks", TITLE, PARTY, AUTHOR, "line one\n<b>two</b>  spaced", NOTES):
        assert shown(literal(text)) == text


def test_workspace_tooltips_labels_and_messages_show_the_literal_text(
        ctx, qtbot, tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    party_id, issue_id, position_id = _hostile(ctx)
    window = make_window(ctx, qtbot, tmp_path / "settings.ini")
    ctx.navigator.show_position.emit(position_id)
    source_id = queries.position_row(ctx.db, position_id).source_id

    # Sources list: the title's tooltip.
    model = window.sources.model
    qtbot.waitUntil(lambda: model.rowCount() > 0)
    tip = model.index(model.row_of_id(source_id), 0).data(Qt.ItemDataRole.ToolTipRole)
    assert shown(tip) == f"{TITLE}\n{AUTHOR}"

    # Positions table: source and stance tooltips, cells as typed.
    table = window.positions.model
    row = next(r for r in range(table.rowCount())
               if table.index(r, 0).data(POSITION_ID) == position_id)
    tips = [shown(table.index(row, c).data(Qt.ItemDataRole.ToolTipRole) or "")
            for c in range(table.columnCount())]
    assert TITLE in tips and f"Level 0 on {ISSUE}" in tips

    # Reader: title and details plain; each quote's tooltip literal.
    reader = window.reader
    assert reader.title.textFormat() == Qt.TextFormat.PlainText
    assert label_shows(reader.title) == TITLE
    assert OUTLET in label_shows(reader.meta) and AUTHOR in label_shows(reader.meta)
    quote_tips = {shown(s.format.toolTip()) for s in reader.text.extraSelections()}
    assert f"{PARTY}: {LEVEL}" in quote_tips

    # The toolbar's Undo and Redo tooltips quote the step, which quotes the title.
    stack = ctx.ops.undo_stack
    ctx.ops.import_source("A second article about the talks.",
                          SourceMeta(f"{TITLE} again", "", "", None, ""))
    assert "no-such-image" in stack.undoText()
    assert shown(window.undo_action.toolTip()) == f"Undo {stack.undoText()}"
    stack.undo()
    assert shown(window.redo_action.toolTip()) == f"Redo {stack.redoText()}"
    assert "no-such-image" in stack.redoText()
    stack.redo()

    # Status bar: the database path is plain too.
    assert window.file_label.textFormat() == Qt.TextFormat.PlainText

    # A message box quoting the title shows it literally.
    asked: list[str] = []
    monkeypatch.setattr(QMessageBox, "question",
                        lambda _p, _t, text, *a, **k: asked.append(text)
                        or QMessageBox.StandardButton.No)
    # The source is quoted: deleting it is refused at once, in a box quoting the title.
    monkeypatch.setattr(QMessageBox, "information",
                        lambda _p, _t, text, *a, **k: asked.append(text))
    reader.delete_source()
    assert asked and f"“{TITLE}”" in shown(asked[0])

    _no_label_renders_markup()


def test_charts_conflicts_and_codebook_show_the_literal_names(ctx, qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    party_id, issue_id, position_id = _hostile(ctx)

    pane = show_widget(qtbot, ChartsPane(ctx), 1200, 700)
    pane.issue_combo.setCurrentIndex(pane.issue_combo.findData(issue_id))
    timeline = pane.timeline
    qtbot.waitUntil(lambda: party_id in timeline.party_items())
    # pyqtgraph titles and legends are HTML: the QGraphicsTextItem's text is the literal.
    assert timeline.plotItem.titleLabel.item.toPlainText() == ISSUE
    legend = [label.item.toPlainText() for _sample, label in timeline.legend.items]
    assert PARTY in legend
    tip = shown(timeline.tooltip_for(position_id))
    assert PARTY in tip and LEVEL in tip and TITLE in tip
    # An SVG export is well-formed XML whose text holds the names as typed.
    svg = tmp_path / "chart.svg"
    pane.export_current(svg, 900)
    texts = "".join(n.data for n in _text_nodes(minidom.parse(str(svg))))
    assert PARTY in texts and ISSUE in texts and TITLE in texts

    view = ConflictsView(ctx)
    qtbot.addWidget(view)
    view.resize(1200, 750)
    view.show()
    qtbot.waitExposed(view)
    qtbot.waitUntil(lambda: view.model.rowCount() > 0)
    groups = [r for r in range(view.model.rowCount()) if view.model.group(r).party_name == PARTY]
    if groups:
        view.select_group(groups[0])
        assert PARTY in label_shows(view.heading)
        assert any(PARTY in label_shows(lbl) for card in view.cards
                   for lbl in card.findChildren(QLabel))

    editor = CodebookEditor(ctx)
    qtbot.addWidget(editor)
    editor.show()
    parties = editor.parties
    parties.load(party_id)
    assert label_shows(parties.heading) == f"Party “{PARTY}”"
    items = parties.model.findItems(PARTY, Qt.MatchFlag.MatchExactly | Qt.MatchFlag.MatchRecursive)
    assert items and shown(items[0].toolTip()) == NOTES

    _no_label_renders_markup()


def _text_nodes(node):  # type: ignore[no-untyped-def]
    for child in node.childNodes:
        if child.nodeType == child.TEXT_NODE:
            yield child
        else:
            yield from _text_nodes(child)


def _no_label_renders_markup() -> None:
    """Every label on screen that holds one of the hostile names shows it literally."""
    checked = 0
    for widget in QApplication.allWidgets():
        if isinstance(widget, QLabel) and "no-such-image" in widget.text():
            text = label_shows(widget)  # asserts no resource was asked for
            assert IMG in text, (widget.objectName(), widget.text())
            checked += 1
    assert checked > 0
