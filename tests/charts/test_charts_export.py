"""Exported charts hold real content: the requested size, the parties' colours, level labels
and party names as SVG text at the PNG's places, one PDF page."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

import pytest
from PySide6.QtGui import QColor, QImage

from db.errors import ParleyError
from db.reads import queries
from desktop.charts import exporter
from desktop.charts.timeline_plot import TimelinePlot


@pytest.fixture
def timeline(seeded_db, qtbot):  # type: ignore[no-untyped-def]
    plot = TimelinePlot(lambda: seeded_db)
    qtbot.addWidget(plot)
    plot.set_issue(queries.issue_by_key(seeded_db, "ceasefire_scope").id)
    return plot


def _has_colour(image: QImage, colour: str, tolerance: int = 12) -> int:
    want = QColor(colour)
    hits = 0
    for y in range(0, image.height(), 2):
        for x in range(0, image.width(), 2):
            c = image.pixelColor(x, y)
            if (abs(c.red() - want.red()) <= tolerance and abs(c.green() - want.green())
                    <= tolerance and abs(c.blue() - want.blue()) <= tolerance):
                hits += 1
    return hits


def test_png_has_requested_width_and_party_colours(timeline, tmp_path, seeded_db):
    path = exporter.export_chart(timeline, tmp_path / "chart.png", width_px=900)
    image = QImage(str(path))
    assert not image.isNull()
    assert image.width() == 900
    assert image.height() > 500
    shown = {r.party_colour for r in queries.timeline_rows(seeded_db, timeline.issue_id)}
    assert len(shown) >= 4
    for colour in shown:
        assert _has_colour(image, colour) > 5, colour


def test_png_by_dpi_scales_width(timeline):
    image = exporter.render_image(timeline, dpi=192)
    assert image.width() == exporter.LOGICAL_WIDTH * 2


def test_svg_holds_labels_names_and_curves_where_png_has_them(timeline, tmp_path):
    path = exporter.export_chart(timeline, tmp_path / "chart.svg")
    root = ET.parse(path).getroot()
    texts = " ".join(t.strip() for t in root.itertext())
    for label in ("No ceasefire", "Energy infrastructure only", "Full ceasefire",
                  "Permanent peace", "Russia", "Ukraine", "United States", "Ceasefire scope",
                  "Sources:"):
        assert label in texts, label
    # The Ukraine step line (#2B8CD6) is drawn as a path; its points sit inside the plot and
    # the PNG has that colour in the same places.
    ns = "{http://www.w3.org/2000/svg}"
    ukraine = [g for g in root.iter(f"{ns}g") if g.get("stroke", "").lower() == "#2b8cd6"]
    assert ukraine, "no Ukraine-coloured strokes in the SVG"
    coords = []
    number = r"(-?[\d.]+(?:e[-+]?\d+)?)"
    for g in ukraine:
        if g.get("stroke-opacity") != "1" or g.get("fill") != "none":
            continue  # the step line only (not spans or markers)
        a, b, c, d, e, f = map(float, re.findall(number, g.get("transform", ""))[:6])
        for el in list(g.iter(f"{ns}polyline")) + list(g.iter(f"{ns}path")):
            text = el.get("points") or el.get("d") or ""
            for x, y in re.findall(number + "," + number, text):
                x, y = float(x), float(y)
                coords.append((a * x + c * y + e, b * x + d * y + f))
    assert coords
    size = exporter.logical_size(timeline)
    image = exporter.render_image(timeline, width_px=size.width())
    matched = 0
    for x, y in coords[:40]:
        for dx in range(-2, 3):
            for dy in range(-2, 3):
                c = image.pixelColor(int(x) + dx, int(y) + dy)
                if abs(c.blue() - 0xD6) < 40 and c.red() < 120:
                    matched += 1
                    break
            else:
                continue
            break
    assert matched >= len(coords[:40]) // 2


def test_pdf_is_one_page(timeline, tmp_path):
    path = exporter.export_chart(timeline, tmp_path / "chart.pdf")
    data = path.read_bytes()
    assert data.startswith(b"%PDF")
    assert len(re.findall(rb"/Type\s*/Page\b", data)) == 1


def test_unknown_extension_and_unwritable_path_give_clear_messages(timeline, tmp_path):
    with pytest.raises(ParleyError, match="use .png, .svg, .pdf"):
        exporter.export_chart(timeline, tmp_path / "chart.bmp")
    with pytest.raises(ParleyError, match="does not exist"):
        exporter.export_chart(timeline, tmp_path / "missing" / "chart.png")
    assert not (tmp_path / "chart.bmp").exists()
