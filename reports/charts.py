"""Charts as plain SVG (printed in PDFs, readable without JavaScript)."""

import math

from django.utils.html import escape

# Colours that stay distinguishable in greyscale print (decreasing lightness).
PALETTE = ["#b71c1c", "#1565c0", "#2e7d32", "#f9a825", "#6a1b9a", "#00838f", "#ef6c00", "#5d4037", "#9e9e9e"]


def pie_svg(slices: list[tuple[str, int]], *, title: str = "", size: int = 220) -> str:
    """A pie chart with a legend: ``slices`` are (label, value)."""
    total = sum(v for _, v in slices) or 1
    cx = cy = r = size / 2
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" role="img" aria-label="{escape(title)}" '
        f'width="{size + 220}" height="{max(size, 24 * len(slices) + 10)}" viewBox="0 0 {size + 220} {max(size, 24 * len(slices) + 10)}">'
    ]
    angle = -math.pi / 2
    for i, (label, value) in enumerate(slices):
        colour = PALETTE[i % len(PALETTE)]
        sweep = 2 * math.pi * value / total
        if value == total:
            parts.append(f'<circle cx="{cx}" cy="{cy}" r="{r}" fill="{colour}"/>')
        elif value:
            x1, y1 = cx + r * math.cos(angle), cy + r * math.sin(angle)
            x2, y2 = cx + r * math.cos(angle + sweep), cy + r * math.sin(angle + sweep)
            large = 1 if sweep > math.pi else 0
            parts.append(
                f'<path d="M{cx:.1f},{cy:.1f} L{x1:.1f},{y1:.1f} A{r:.1f},{r:.1f} 0 {large} 1 {x2:.1f},{y2:.1f} Z" '
                f'fill="{colour}" stroke="#fff" stroke-width="1"/>'
            )
        angle += sweep
        y = 14 + 24 * i
        share = f"{100 * value / total:.1f}%"
        parts.append(f'<rect x="{size + 16}" y="{y - 10}" width="12" height="12" fill="{colour}"/>')
        parts.append(
            f'<text x="{size + 34}" y="{y}" font-size="12" font-family="Noto Sans CJK SC, sans-serif">'
            f"{escape(label)} {value}（{share}）</text>"
        )
    parts.append("</svg>")
    return "".join(parts)
