"""Party colours: a colour-blind-safe qualitative palette, the CIEDE2000 colour difference,
and the choices built on them (a new party's default colour, distinguishable colours for the
parties one chart shows). Plain Python: the codebook, the seeds and the charts share it."""

from __future__ import annotations

import functools
import math
from collections.abc import Sequence

# Okabe & Ito's colour-blind-safe set (without its yellow, unreadable on white, and black,
# the charts' ink), then Paul Tol's "muted" colours that stay apart from them: every pair is
# at least MIN_DELTA_E apart (tests/test_colours.py holds this).
PALETTE = (
    "#0072B2",  # blue
    "#D55E00",  # vermillion
    "#009E73",  # bluish green
    "#CC79A7",  # reddish purple
    "#E69F00",  # orange
    "#56B4E9",  # sky blue
    "#332288",  # indigo
    "#999933",  # olive
    "#882255",  # wine
    "#661100",  # brown
    "#777777",  # grey
)
# Below this CIEDE2000 difference two marks read as the same colour at a glance on a chart
# (ΔE00 ≈ 2 is a just-noticeable difference side by side; chart marks are small and apart).
MIN_DELTA_E = 15.0


def _lab(colour: str) -> tuple[float, float, float]:
    """CIE L*a*b* (D65) of a '#rrggbb' sRGB colour."""
    h = colour.lstrip("#")
    rgb = [int(h[i:i + 2], 16) / 255.0 for i in (0, 2, 4)]
    lin = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in rgb]
    r, g, b = lin
    x = (0.4124564 * r + 0.3575761 * g + 0.1804375 * b) / 0.95047
    y = 0.2126729 * r + 0.7151522 * g + 0.0721750 * b
    z = (0.0193339 * r + 0.1191920 * g + 0.9503041 * b) / 1.08883

    def f(t: float) -> float:
        return t ** (1 / 3) if t > 216 / 24389 else (24389 / 27 * t + 16) / 116

    fx, fy, fz = f(x), f(y), f(z)
    return 116 * fy - 16, 500 * (fx - fy), 200 * (fy - fz)


def delta_e00(lab1: tuple[float, float, float], lab2: tuple[float, float, float]) -> float:
    """CIEDE2000 colour difference of two L*a*b* colours (Sharma, Wu & Dalal 2005)."""
    l1, a1, b1 = lab1
    l2, a2, b2 = lab2
    c_bar = (math.hypot(a1, b1) + math.hypot(a2, b2)) / 2
    g = 0.5 * (1 - math.sqrt(c_bar ** 7 / (c_bar ** 7 + 25 ** 7)))
    a1p, a2p = (1 + g) * a1, (1 + g) * a2
    c1p, c2p = math.hypot(a1p, b1), math.hypot(a2p, b2)
    h1p = math.degrees(math.atan2(b1, a1p)) % 360 if c1p else 0.0
    h2p = math.degrees(math.atan2(b2, a2p)) % 360 if c2p else 0.0
    dlp, dcp = l2 - l1, c2p - c1p
    if c1p * c2p == 0:
        dhp = 0.0
    elif abs(h2p - h1p) <= 180:
        dhp = h2p - h1p
    else:
        dhp = h2p - h1p - 360 if h2p > h1p else h2p - h1p + 360
    dhp_big = 2 * math.sqrt(c1p * c2p) * math.sin(math.radians(dhp / 2))
    lp_bar, cp_bar = (l1 + l2) / 2, (c1p + c2p) / 2
    if c1p * c2p == 0:
        hp_bar = h1p + h2p
    elif abs(h1p - h2p) <= 180:
        hp_bar = (h1p + h2p) / 2
    else:
        hp_bar = (h1p + h2p + 360) / 2 if h1p + h2p < 360 else (h1p + h2p - 360) / 2
    t = (1 - 0.17 * math.cos(math.radians(hp_bar - 30)) + 0.24 * math.cos(math.radians(2 * hp_bar))
         + 0.32 * math.cos(math.radians(3 * hp_bar + 6))
         - 0.20 * math.cos(math.radians(4 * hp_bar - 63)))
    d_theta = 30 * math.exp(-(((hp_bar - 275) / 25) ** 2))
    rc = 2 * math.sqrt(cp_bar ** 7 / (cp_bar ** 7 + 25 ** 7))
    sl = 1 + 0.015 * (lp_bar - 50) ** 2 / math.sqrt(20 + (lp_bar - 50) ** 2)
    sc = 1 + 0.045 * cp_bar
    sh = 1 + 0.015 * cp_bar * t
    rt = -math.sin(math.radians(2 * d_theta)) * rc
    return math.sqrt((dlp / sl) ** 2 + (dcp / sc) ** 2 + (dhp_big / sh) ** 2
                     + rt * (dcp / sc) * (dhp_big / sh))


@functools.lru_cache(maxsize=8192)
def colour_distance(c1: str, c2: str) -> float:
    """ΔE00 between two '#rrggbb' colours (cached: charts ask about the same few party
    colours at every draw, ~40 ms of pure Python for 50 parties, on a thread holding the GIL)."""
    return delta_e00(_lab(c1), _lab(c2))


def _valid(colour: str) -> bool:
    h = colour.lstrip("#") if isinstance(colour, str) else ""
    return len(h) == 6 and all(c in "0123456789abcdefABCDEF" for c in h)


def _far_from(candidate: str, used: Sequence[str]) -> float:
    return min((colour_distance(candidate, u) for u in used if _valid(u)), default=math.inf)


def default_party_colour(used: Sequence[str]) -> str:
    """A new party's colour: the first palette colour no existing party is near (else the
    palette colour farthest from all of them)."""
    for colour in PALETTE:
        if _far_from(colour, used) >= MIN_DELTA_E:
            return colour
    return max(PALETTE, key=lambda c: _far_from(c, used))


def distinguishable(colours: Sequence[str]) -> list[str]:
    """Party colours drawn apart (see _distinguishable); the same list gives the same answer,
    so it is worked out once per set of colours, not at every draw."""
    return list(_distinguishable(tuple(colours)))


@functools.lru_cache(maxsize=64)
def _distinguishable(colours: tuple[str, ...]) -> tuple[str, ...]:
    """`colours` (one per party shown, in legend order) with each one too near an earlier
    one replaced by the first palette colour far from all kept so far: a database coded
    before the palette (two oranges) still draws parties apart. Colours already apart are
    kept as the user chose them."""
    out: list[str] = []
    for colour in colours:
        if _valid(colour) and _far_from(colour, out) >= MIN_DELTA_E:
            out.append(colour)
            continue
        out.append(default_party_colour(out + [c for c in colours if _valid(c)]))
    return tuple(out)
