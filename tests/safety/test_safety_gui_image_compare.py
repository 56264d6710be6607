"""The suite's one picture comparison tolerates a machine's anti-aliasing and nothing more:
a few edge pixels a level or two apart match; another colour, a moved shape or a stale
icon do not."""

from __future__ import annotations

import pytest
from image_compare import assert_images_match, colours_close, image_difference
from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import QColor, QImage, QPainter


def _picture(shift: int = 0, colour: str = "#d84315") -> QImage:
    image = QImage(128, 128, QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.white)
    p = QPainter(image)
    p.setRenderHint(QPainter.RenderHint.Antialiasing)
    p.setBrush(QColor(colour))
    p.drawEllipse(QRect(20 + shift, 20, 80, 80))
    p.end()
    return image


def test_a_few_pixels_one_level_apart_match(qapp) -> None:  # type: ignore[no-untyped-def]
    a, b = _picture(), _picture()
    for x in range(8):  # what another CPU's anti-aliasing did to the 128 px icon
        c = b.pixelColor(30 + x, 60)
        b.setPixelColor(30 + x, 60, QColor(min(c.red() + 1, 255), c.green(), c.blue()))
    assert image_difference(a, b) == (1, 8 / 128 ** 2)
    assert_images_match(a, b)


@pytest.mark.parametrize("other", [lambda: _picture(shift=3), lambda: _picture(colour="#1f77b4")])
def test_a_real_change_does_not_match(qapp, other) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(AssertionError, match="pictures differ"):
        assert_images_match(_picture(), other())


def test_sizes_must_agree_and_colours_compare_per_channel(qapp) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(AssertionError, match="sizes differ"):
        assert_images_match(_picture(), _picture().scaled(64, 64))
    assert colours_close(QColor("#d84315"), QColor("#d94316"))
    assert not colours_close(QColor("#d84315"), QColor("#e84315"))
    assert colours_close(QColor("#d84315").rgb(), QColor("#d84315"))
