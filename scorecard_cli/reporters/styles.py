"""Rich styles of the table: level colors (Port's palette names), statuses, rule marks."""

from __future__ import annotations

from rich.text import Text

from scorecard_cli.reporters.text import visible

LEVEL_STYLES = {
    "paleblue": "light_sky_blue1", "bronze": "dark_orange3", "silver": "grey70",
    "gold": "gold1", "red": "red", "orange": "orange1", "yellow": "yellow", "green": "green",
    "blue": "blue", "darkgray": "grey50", "purple": "purple", "pink": "pink1",
    "lightgray": "grey82", "turquoise": "turquoise2", "olive": "dark_olive_green3",
}
STATUS_STYLES = {"success": "green", "partial": "yellow", "failed": "red"}
MARKS = {"pass": ("✓", "green"), "fail": ("✗", "red"), "error": ("!", "red bold"),
         "waived": ("~", "cyan")}


def shown(value: object) -> str:
    """Text from the input as it may be written: one line, no control characters."""
    return visible(value, one_line=True)


def level_text(title: str | None, color: str | None) -> Text:
    """A level title in its color (``-`` for no level)."""
    style = LEVEL_STYLES.get((color or "").lower(), "")
    return Text(shown(title) if title else "-", style=f"{style} bold" if style else "bold")
