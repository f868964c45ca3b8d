"""Level colors as CSS/SVG hex values, with a text color that keeps WCAG AA contrast."""

from __future__ import annotations

from functools import lru_cache

# Port's level color names (and the default colors of well-known level names, SPEC §2).
HEX = {
    "blue": "#1f6feb", "turquoise": "#1aa39a", "orange": "#e8740c", "purple": "#7c3aed",
    "pink": "#db2777", "yellow": "#eab308", "green": "#16a34a", "red": "#dc2626",
    "gold": "#d4a017", "silver": "#a8a9ad", "paleblue": "#8ecae6", "darkgray": "#4b5563",
    "lightgray": "#d1d5db", "bronze": "#b0702e", "lime": "#84cc16", "olive": "#708238",
    "brown": "#8b5a2b", "gray": "#9ca3af", "grey": "#9ca3af",
}
NONE_HEX = "#6b7280"  # no level reached
FALLBACK_HEX = "#9ca3af"


@lru_cache(maxsize=256)
def level_hex(color: str | None) -> str:
    """The hex value of a level color name (case-insensitive), a gray when unknown."""
    if not color:
        return FALLBACK_HEX
    if color.startswith("#") and len(color) in (4, 7):
        return color
    return HEX.get(color.casefold(), FALLBACK_HEX)


def _luminance(hex_value: str) -> float:
    value = hex_value.lstrip("#")
    if len(value) == 3:
        value = "".join(c * 2 for c in value)
    channels = [int(value[i:i + 2], 16) / 255 for i in (0, 2, 4)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(a: str, b: str) -> float:
    """The WCAG contrast ratio of two hex colors (1 to 21)."""
    la, lb = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


@lru_cache(maxsize=256)
def text_on(background: str) -> str:
    """Black or white, whichever reads better on ``background``."""
    return "#000000" if contrast(background, "#000000") >= contrast(background, "#ffffff") \
        else "#ffffff"
