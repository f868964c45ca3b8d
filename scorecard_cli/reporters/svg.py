"""Small inline SVG charts for the HTML report, each with a text alternative.

Every chart is ``role="img"`` with a ``<title>`` and a ``<desc>`` that says in words what
it shows, so a screen reader gets the numbers; the page puts a table beside each chart.
"""

from __future__ import annotations

from html import escape
from itertools import count

_ids = count(1)


def _e(value: object) -> str:
    return escape(str(value), quote=True)


def _frame(width: int, height: int, title: str, desc: str, inner: str) -> str:
    n = next(_ids)
    return (f'<svg class="chart" role="img" viewBox="0 0 {width} {height}" width="100%" '
            f'preserveAspectRatio="xMinYMin meet" aria-labelledby="c{n}t c{n}d">'
            f'<title id="c{n}t">{_e(title)}</title><desc id="c{n}d">{_e(desc)}</desc>'
            f"{inner}</svg>")


def bar_chart(title: str, segments: list[tuple[str, int, str]]) -> str:
    """A horizontal stacked bar of (label, count, hex color); each part has its own title."""
    total = sum(c for _, c, _ in segments) or 1
    x, bars = 0.0, []
    for label, amount, color in segments:
        span = 600.0 * amount / total
        if span:
            bars.append(f'<rect x="{x:.2f}" y="0" width="{span:.2f}" height="24" '
                        f'fill="{color}" stroke="#fff" stroke-width="1"><title>{_e(label)}: '
                        f"{amount}</title></rect>")
        x += span
    desc = "; ".join(f"{label}: {amount}" for label, amount, _ in segments)
    return _frame(600, 24, f"Entities per level in {title}", desc, "".join(bars))


def line_chart(title: str, labels: list[str], lines: list[tuple[str, list[int], str]]) -> str:
    """One line per (label, counts per point, hex color) across the points in ``labels``."""
    width, height, left, top, bottom = 600, 220, 40, 10, 40
    peak = max((c for _, counts, _ in lines for c in counts), default=0) or 1
    step = (width - left - 10) / max(len(labels) - 1, 1)

    def xy(i: int, value: int) -> str:
        return f"{left + i * step:.1f},{top + (height - top - bottom) * (1 - value / peak):.1f}"

    parts = [(f'<line x1="{left}" y1="{height - bottom}" x2="{width - 10}" '
             f'y2="{height - bottom}" stroke="#555"/>'),
             f'<text x="4" y="{top + 10}" font-size="12">{peak}</text>',
             f'<text x="4" y="{height - bottom}" font-size="12">0</text>']
    for i, label in enumerate(labels):
        parts.append(f'<text x="{left + i * step:.1f}" y="{height - bottom + 16}" '
                     f'font-size="11" text-anchor="middle">{_e(label[:16])}</text>')
    for index, (name, counts, color) in enumerate(lines):
        points = " ".join(xy(i, v) for i, v in enumerate(counts))
        parts.append(f'<polyline points="{points}" fill="none" stroke="{color}" '
                     f'stroke-width="2.5"/>')
        parts += [f'<circle cx="{xy(i, v).split(",")[0]}" cy="{xy(i, v).split(",")[1]}" r="3"'
                  f' fill="{color}"/>' for i, v in enumerate(counts)]
        lx = left + (index % 5) * 110
        parts.append(f'<rect x="{lx}" y="{height - 14}" width="12" height="12" '
                     f'fill="{color}"/><text x="{lx + 16}" y="{height - 4}" '
                     f'font-size="12">{_e(name)}</text>')
    desc = "; ".join(f"{name}: " + ", ".join(f"{labels[i]} {v}" for i, v in enumerate(counts))
                     for name, counts, _ in lines)
    return _frame(width, height, f"Entities per level over time in {title}", desc,
                  "".join(parts))
