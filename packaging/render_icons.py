"""Render resources/icons/parley.svg to the PNG sizes the app and the .desktop entry use.

Run after editing the SVG: `.venv/bin/python packaging/render_icons.py`. The PNGs are
committed, so neither the build nor the app needs to render SVG for its own icon.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import Qt  # noqa: E402
from PySide6.QtGui import QGuiApplication, QImage, QPainter  # noqa: E402
from PySide6.QtSvg import QSvgRenderer  # noqa: E402

ICON_DIR = Path(__file__).resolve().parent.parent / "resources" / "icons"
SVG = ICON_DIR / "parley.svg"
SIZES = (16, 32, 48, 64, 128, 256)


def png_path(size: int) -> Path:
    return ICON_DIR / f"parley-{size}.png"


def render(svg: Path, size: int) -> QImage:
    renderer = QSvgRenderer(str(svg))
    if not renderer.isValid():
        raise SystemExit(f"render_icons: {svg} is not a valid SVG")
    image = QImage(size, size, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    renderer.render(painter)
    painter.end()
    return image


def main() -> int:
    _app = QGuiApplication.instance() or QGuiApplication(sys.argv[:1])
    for size in SIZES:
        out = png_path(size)
        if not render(SVG, size).save(str(out)):
            raise SystemExit(f"render_icons: cannot write {out}")
        print(f"{out.relative_to(ICON_DIR.parent.parent)}  {size}x{size}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
