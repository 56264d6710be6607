"""Comparing rendered pictures with a tolerance, never byte for byte.

Anti-aliasing differs between CPUs (SIMD paths in Qt's raster engine and in FreeType): on
another machine 4-8 pixels of a 128 px icon came out one level apart. Two renderings are
"the same picture" when no channel of any pixel differs by more than MAX_CHANNEL_DIFF levels
and at most MAX_FRACTION of the pixels differ at all; a real change (another colour, a moved
or missing shape) fails both by far.
"""

from __future__ import annotations

import numpy as np
from PySide6.QtGui import QColor, QImage

MAX_CHANNEL_DIFF = 8
MAX_FRACTION = 0.01


def pixels(image: QImage | np.ndarray) -> np.ndarray:
    """An image's pixels as a (height, width, 4) uint8 array (ARGB32, not premultiplied)."""
    if isinstance(image, np.ndarray):
        return image
    image = image.convertToFormat(QImage.Format.Format_ARGB32)
    h, w, line = image.height(), image.width(), image.bytesPerLine()
    raw = np.frombuffer(image.constBits(), dtype=np.uint8, count=h * line)
    return raw.reshape(h, line)[:, :w * 4].reshape(h, w, 4).copy()


def image_difference(a: QImage | np.ndarray, b: QImage | np.ndarray) -> tuple[int, float]:
    """(largest channel difference, fraction of pixels that differ at all)."""
    pa, pb = pixels(a), pixels(b)
    assert pa.shape == pb.shape, f"sizes differ: {pa.shape} vs {pb.shape}"
    if pa.size == 0:
        return 0, 0.0
    diff = np.abs(pa.astype(np.int16) - pb.astype(np.int16))
    per_pixel = diff.reshape(diff.shape[0], diff.shape[1], -1).max(axis=2)
    return int(diff.max()), float(np.count_nonzero(per_pixel) / per_pixel.size)


def assert_images_match(a: QImage | np.ndarray, b: QImage | np.ndarray, what: str = "",
                        *, max_channel_diff: int = MAX_CHANNEL_DIFF,
                        max_fraction: float = MAX_FRACTION) -> None:
    worst, fraction = image_difference(a, b)
    assert worst <= max_channel_diff and fraction <= max_fraction, (
        f"{what + ': ' if what else ''}pictures differ (largest channel difference {worst}, "
        f"{fraction:.2%} of pixels)")


def colours_close(a: QColor | int, b: QColor | int, tolerance: int = MAX_CHANNEL_DIFF) -> bool:
    """Whether two colours (QColor or QRgb) are within `tolerance` levels in every channel."""
    ca, cb = QColor.fromRgba(a) if isinstance(a, int) else a, \
        QColor.fromRgba(b) if isinstance(b, int) else b
    return all(abs(x - y) <= tolerance for x, y in zip(ca.getRgb(), cb.getRgb(), strict=True))
