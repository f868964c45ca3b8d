"""Level badges: a small self-contained SVG in the shields.io style, for READMEs."""

from __future__ import annotations

import hashlib
import re
from html import escape

from scorecard_cli.reporters.colors import NONE_HEX, level_hex, text_on

_NARROW = set("fijlrt.,:;'|!() ")
_WIDE = set("mwMW@%")


def text_width(text: str) -> float:
    """An estimate of ``text``'s width in pixels at 11px Verdana-like type."""
    width = 0.0
    for char in text:
        if char in _NARROW:
            width += 3.9
        elif char in _WIDE:
            width += 10.5
        elif char.isupper() or char.isdigit():
            width += 7.5
        else:
            width += 6.6
    return width


def badge_svg(label: str, message: str, color: str | None, reached: bool = True) -> str:
    """The badge: ``label`` on gray, ``message`` on the level's color."""
    label, message = label[:60], message[:40]
    fill = level_hex(color) if reached else NONE_HEX
    left, right = round(text_width(label) + 12), round(text_width(message) + 12)
    width = left + right
    title = escape(f"{label}: {message}", quote=True)
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="20" role="img" '
        f'aria-label="{title}"><title>{title}</title>'
        f'<linearGradient id="s" x2="0" y2="100%"><stop offset="0" stop-color="#bbb" '
        f'stop-opacity=".1"/><stop offset="1" stop-opacity=".1"/></linearGradient>'
        f'<clipPath id="r"><rect width="{width}" height="20" rx="3" fill="#fff"/></clipPath>'
        f'<g clip-path="url(#r)"><rect width="{left}" height="20" fill="#555"/>'
        f'<rect x="{left}" width="{right}" height="20" fill="{fill}"/>'
        f'<rect width="{width}" height="20" fill="url(#s)"/></g>'
        f'<g text-anchor="middle" font-family="Verdana,Geneva,DejaVu Sans,sans-serif" '
        f'font-size="11"><text x="{left / 2:.1f}" y="14" fill="#fff">{escape(label)}</text>'
        f'<text x="{left + right / 2:.1f}" y="14" fill="{text_on(fill)}">{escape(message)}'
        f"</text></g></svg>\n")


def record_badge(record: dict) -> str:
    """The badge of one result record: its scorecard's title and its level."""
    level = record.get("level")
    return badge_svg(record.get("scorecardTitle") or record["scorecard"], level or "no level",
                     record.get("levelColor"), level is not None)


_UNSAFE = re.compile(r"[^A-Za-z0-9._-]")


def file_name(text: str) -> str:
    """A safe file name from an entity reference or scorecard id: ``:`` and ``/`` become
    ``-``, other unsafe characters ``_``, and it never starts with a dot."""
    name = _UNSAFE.sub("_", text.replace(":", "-").replace("/", "-"))[:120]
    return "_" + name if name.startswith(".") or not name else name


def badge_files(results: list[dict]) -> list[tuple[str, str]]:
    """(relative path, SVG) for every result: ``<scorecard>/<entity>.svg``; two references
    that give the same name get a short hash of the reference added."""
    files: list[tuple[str, str]] = []
    taken: set[str] = set()
    for record in results:
        folder, name = file_name(record["scorecard"]), file_name(record["entity"])
        path = f"{folder}/{name}.svg"
        if path.casefold() in taken:
            digest = hashlib.sha256(record["entity"].encode("utf-8")).hexdigest()[:8]
            path = f"{folder}/{name}-{digest}.svg"
        taken.add(path.casefold())
        files.append((path, record_badge(record)))
    return files
