"""Chart export: PNG, SVG and PDF, all painted by the same routine from the chart's scene.

The chart is laid out at a fixed logical size (so an export looks the same whatever size the
window has) and painted with QPainter: into a QImage whose devicePixelRatio gives the
requested width (cosmetic pens, markers and text all scale with it), into Qt's QSvgGenerator
(pyqtgraph's SVGExporter breaks on Qt >= 6.11 and rounds epoch-second x values), or into a
one-page QPdfWriter. A footer names the sources shown and the export date. Files are written
atomically from bytes rendered in memory.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pyqtgraph as pg
from PySide6.QtCore import QBuffer, QIODevice, QMarginsF, QRect, QRectF, QSize, QSizeF, Qt
from PySide6.QtGui import QColor, QFontMetrics, QImage, QPageLayout, QPageSize, QPainter, QPdfWriter
from PySide6.QtSvg import QSvgGenerator
from PySide6.QtWidgets import QGraphicsItem, QGraphicsWidget

from db.errors import ParleyError
from db.storage.fileio import write_atomic
from desktop.charts.common import MUTED, ExportableChart, font

LOGICAL_WIDTH = 1100
CHART_HEIGHT = 640
MARGIN = 16
SCREEN_DPI = 96
DEFAULT_WIDTH_PX = 1600
MAX_WIDTH_PX = 12000
FORMATS = {".png": "PNG image", ".svg": "SVG drawing", ".pdf": "PDF document"}


MAX_FOOTER_SOURCES = 12


def footer_text(chart: ExportableChart, today: dt.date | None = None) -> str:
    today = today or dt.date.today()
    sources = chart.source_lines()
    # A chart of thousands of records can cite thousands of articles: listing them all made
    # a 1600 px export 17,000 px tall and took seconds to encode. Name the first few.
    shown = sources[:MAX_FOOTER_SOURCES]
    more = len(sources) - len(shown)
    lead = ("Sources: " + "; ".join(shown) + (f"; and {more:,} more" if more else "") + "."
            if sources else "No sources shown.")
    notes = "".join(line + "\n" for line in chart.note_lines())
    return f"{notes}{lead}\nExported {today.day} {today:%B %Y} with Parley."


def _footer_height(text: str) -> int:
    rect = QFontMetrics(font(8)).boundingRect(
        QRect(0, 0, LOGICAL_WIDTH - 2 * MARGIN, 10000), Qt.TextFlag.TextWordWrap, text)
    return rect.height() + 2 * MARGIN


def logical_size(chart: ExportableChart) -> QSize:
    return QSize(LOGICAL_WIDTH, CHART_HEIGHT + _footer_height(footer_text(chart)))


def _export_items(root: QGraphicsItem) -> list[QGraphicsItem]:
    items, stack = [], [root]
    while stack:
        item = stack.pop()
        items.append(item)
        stack.extend(item.childItems())
    return items


def paint_chart(chart: ExportableChart, painter: QPainter, raster_scale: float | None = None
                ) -> None:
    """Paint the chart and its footer in logical pixels, at (0, 0). For a raster target,
    `raster_scale` (device pixels per logical pixel) lets scatters keep their fast pixmap
    path, re-rendered at that scale: export mode would paint 10,000 markers one by one
    (~0.7 s). Vector targets get export mode, so markers are real paths."""
    size = logical_size(chart)
    painter.fillRect(QRectF(0, 0, size.width(), size.height()), QColor("white"))
    root = chart.export_root()
    old = root.geometry()
    target = QRectF(0, 0, LOGICAL_WIDTH, CHART_HEIGHT)
    root.setGeometry(QRectF(old.topLeft(), target.size()))
    layout = QGraphicsWidget.layout(root)  # PlotItem shadows layout() with an attribute
    if layout is not None:
        layout.activate()
    items = [i for i in _export_items(root) if hasattr(i, "setExportMode")]
    scatters = []
    if raster_scale is not None:
        scatters = [i for i in items if isinstance(i, pg.ScatterPlotItem)]
        items = [i for i in items if not isinstance(i, pg.ScatterPlotItem)]
    opts = {"antialias": True, "background": QColor("white"), "painter": painter,
            "resolutionScale": 1.0}
    old_ratios = [_set_atlas_ratio(s, raster_scale) for s in scatters]
    try:
        crisp = dict(opts, antialias=False)
        for item in items:
            # Axis-aligned strokes (date spans, conflict bars) gain nothing from
            # antialiasing and cost most of a dense export with it.
            item.setExportMode(True, crisp if getattr(item, "axis_aligned", False) else opts)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        painter.setRenderHint(QPainter.RenderHint.TextAntialiasing, True)
        chart.graphics_view().scene().render(painter, target, root.sceneBoundingRect())
    finally:
        for item in items:
            item.setExportMode(False)
        for scatter, ratio in zip(scatters, old_ratios, strict=True):
            _set_atlas_ratio(scatter, ratio)
        root.setGeometry(old)
    painter.setPen(MUTED)
    painter.setFont(font(8))
    painter.drawText(QRectF(MARGIN, CHART_HEIGHT + MARGIN / 2, LOGICAL_WIDTH - 2 * MARGIN,
                            size.height() - CHART_HEIGHT - MARGIN),
                     int(Qt.TextFlag.TextWordWrap | Qt.AlignmentFlag.AlignLeft), footer_text(chart))


def _set_atlas_ratio(scatter: pg.ScatterPlotItem, ratio: float | None) -> float:
    """Re-render a scatter's symbol atlas for `ratio` device pixels per pixel (the same
    steps ScatterPlotItem.paint takes when a window moves to another screen)."""
    atlas = scatter.fragmentAtlas
    old = atlas.devicePixelRatio()
    if ratio is not None and ratio != old:
        atlas.setDevicePixelRatio(ratio)
        atlas.clear()
        scatter.data["sourceRect"] = 0
        scatter.updateSpots()
    return old


def render_image(chart: ExportableChart, width_px: int | None = None,
                 dpi: int | None = None) -> QImage:
    """The chart as an image `width_px` wide, or scaled for `dpi` (96 = screen size)."""
    size = logical_size(chart)
    if width_px is None:
        width_px = round(size.width() * dpi / SCREEN_DPI) if dpi else DEFAULT_WIDTH_PX
    if not 200 <= width_px <= MAX_WIDTH_PX:
        raise ParleyError(f"Image width must be between 200 and {MAX_WIDTH_PX} pixels, "
                          f"not {width_px}")
    scale = width_px / size.width()
    image = QImage(width_px, round(size.height() * scale), QImage.Format.Format_RGB32)
    image.setDevicePixelRatio(scale)
    image.fill(QColor("white"))
    painter = QPainter(image)
    try:
        paint_chart(chart, painter, scale)
    finally:
        painter.end()
    image.setDevicePixelRatio(1.0)
    if dpi:
        image.setDotsPerMeterX(round(dpi / 0.0254))
        image.setDotsPerMeterY(round(dpi / 0.0254))
    return image


@contextmanager
def _memory_file() -> Iterator[QBuffer]:
    """A write-only device in memory, closed after the block; its bytes are `buf.data()`."""
    buf = QBuffer()
    buf.open(QIODevice.OpenModeFlag.WriteOnly)
    yield buf
    buf.close()


def png_bytes(chart: ExportableChart, width_px: int | None = None,
              dpi: int | None = None) -> bytes:
    image = render_image(chart, width_px, dpi)
    with _memory_file() as buf:
        # quality 80 = light zlib compression: ~3x faster to write, files a little larger
        if not image.save(buf, "PNG", 80):
            raise ParleyError("Could not encode the chart as PNG")
    return bytes(buf.data().data())


def svg_bytes(chart: ExportableChart) -> bytes:
    size = logical_size(chart)
    with _memory_file() as buf:
        gen = QSvgGenerator()
        gen.setOutputDevice(buf)
        gen.setSize(size)
        gen.setViewBox(QRect(0, 0, size.width(), size.height()))
        gen.setResolution(SCREEN_DPI)
        gen.setTitle(chart.chart_title())
        gen.setDescription(footer_text(chart))
        painter = QPainter(gen)
        try:
            paint_chart(chart, painter)
        finally:
            painter.end()
    return bytes(buf.data().data())


def pdf_bytes(chart: ExportableChart) -> bytes:
    size = logical_size(chart)
    with _memory_file() as buf:
        writer = QPdfWriter(buf)
        writer.setResolution(SCREEN_DPI)
        points = QSizeF(size.width() * 72 / SCREEN_DPI, size.height() * 72 / SCREEN_DPI)
        writer.setPageLayout(QPageLayout(QPageSize(points, QPageSize.Unit.Point, "Chart"),
                                         QPageLayout.Orientation.Portrait, QMarginsF(0, 0, 0, 0)))
        writer.setTitle(chart.chart_title())
        writer.setCreator("Parley")
        painter = QPainter(writer)
        try:
            # The writer's paintable area may differ by rounding from our logical size.
            page = writer.pageLayout().paintRectPixels(SCREEN_DPI)
            painter.scale(page.width() / size.width(), page.height() / size.height())
            paint_chart(chart, painter)
        finally:
            painter.end()
    return bytes(buf.data().data())


def chart_bytes(chart: ExportableChart, suffix: str, width_px: int | None = None,
                dpi: int | None = None) -> bytes:
    suffix = suffix.lower()
    if suffix == ".png":
        return png_bytes(chart, width_px, dpi)
    if suffix == ".svg":
        return svg_bytes(chart)
    if suffix == ".pdf":
        return pdf_bytes(chart)
    raise ParleyError(f"Cannot export a chart as “{suffix or 'no extension'}”: use "
                      + ", ".join(FORMATS) + ".")


def export_chart(chart: ExportableChart, path: Path | str, width_px: int | None = None,
                 dpi: int | None = None) -> Path:
    """Write the chart to `path`; the format follows the extension (.png, .svg, .pdf)."""
    path = Path(path).expanduser()
    suffix = path.suffix.lower()
    if suffix not in FORMATS:
        chart_bytes(chart, suffix)  # raises the readable message
    folder = path.parent if str(path.parent) else Path(".")
    if not folder.is_dir():
        raise ParleyError(f"Cannot write {path}: the folder {folder} does not exist")
    return write_atomic(path, chart_bytes(chart, suffix, width_px, dpi))
