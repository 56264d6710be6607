"""Parley's application icon, loaded from resources/ (inside the bundle when frozen)."""

from __future__ import annotations

from PySide6.QtGui import QIcon

from db.storage.paths import resources_dir

ICON_SIZES = (16, 32, 48, 64, 128, 256)


def app_icon() -> QIcon:
    """The window/taskbar icon: one pixmap per rendered size, so Qt picks the nearest crisp
    one instead of scaling a single image (an empty QIcon if resources/ is missing)."""
    folder = resources_dir() / "icons"
    icon = QIcon()
    for size in ICON_SIZES:
        png = folder / f"parley-{size}.png"
        if png.is_file():
            icon.addFile(str(png))
    return icon
