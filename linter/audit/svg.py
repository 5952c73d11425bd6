"""Charts as inline SVG strings: the report opens offline, with no script or CDN."""

from __future__ import annotations

from html import escape

PALETTE = (
    "#1f77b4",
    "#d62728",
    "#2ca02c",
    "#ff7f0e",
    "#9467bd",
    "#8c564b",
    "#e377c2",
    "#17becf",
    "#7f7f7f",
    "#bcbd22",
)


def _nice_max(value: float) -> float:
    if value <= 0:
        return 1.0
    step = 10 ** len(str(int(value))) / 10
    for mult in (1, 2, 2.5, 5, 10):
        if value <= step * mult:
            return step * mult
    return value


def line_chart(xs: list[str], series: dict[str, list[float]], title: str, unit: str) -> str:
    """One line per series over the x categories (periods)."""
    width, height, left, bottom, top, right = 720, 300, 56, 40, 30, 170
    plot_w, plot_h = width - left - right, height - top - bottom
    peak = _nice_max(max((v for vals in series.values() for v in vals), default=0))
    step = plot_w / max(1, len(xs) - 1)
    out = [f'<svg role="img" viewBox="0 0 {width} {height}" width="{width}" height="{height}">',
           f"<title>{escape(title)}</title>",
           f'<text x="{left}" y="18" font-size="14" font-weight="bold">{escape(title)}</text>']  # fmt: skip
    for i in range(5):
        value = peak * i / 4
        y = top + plot_h - plot_h * i / 4
        out.append(f'<line x1="{left}" x2="{left + plot_w}" y1="{y:.1f}" y2="{y:.1f}" stroke="#ddd"/>')
        out.append(f'<text x="{left - 6}" y="{y + 4:.1f}" font-size="11" text-anchor="end">{value:g}</text>')
    every = max(1, -(-len(xs) // 10))  # at most ten labels under the axis
    for i, x in enumerate(xs):
        if i % every == 0:
            out.append(
                f'<text x="{left + i * step:.1f}" y="{top + plot_h + 16}" font-size="11" text-anchor="middle">{escape(x)}</text>'
            )
    out.append(
        f'<text x="12" y="{top + plot_h / 2:.0f}" font-size="11" transform="rotate(-90 12 {top + plot_h / 2:.0f})" text-anchor="middle">{escape(unit)}</text>'
    )
    for n, (name, values) in enumerate(series.items()):
        color = PALETTE[n % len(PALETTE)]
        points = " ".join(
            f"{left + i * step:.1f},{top + plot_h - plot_h * v / peak:.1f}" for i, v in enumerate(values)
        )
        out.append(f'<polyline fill="none" stroke="{color}" stroke-width="2" points="{points}"/>')
        for i, v in enumerate(values):
            out.append(
                f'<circle cx="{left + i * step:.1f}" cy="{top + plot_h - plot_h * v / peak:.1f}" r="3" fill="{color}"><title>{escape(name)} {escape(xs[i])}: {v:g}</title></circle>'
            )
        y = top + 14 * n
        out.append(f'<rect x="{left + plot_w + 12}" y="{y}" width="10" height="10" fill="{color}"/>')
        out.append(f'<text x="{left + plot_w + 26}" y="{y + 9}" font-size="11">{escape(name)}</text>')
    out.append("</svg>")
    return "".join(out)


def stacked_bars(
    rows: list[tuple[str, list[float]]], parts: list[str], title: str, share: bool = False
) -> str:
    """Horizontal bars, each split into ``parts``; ``share`` scales every bar to 100%."""
    bar, gap, left, top, width = 16, 6, 260, 44, 760
    plot_w = width - left - 70
    height = top + sum(1 for _, v in rows if sum(v) > 0) * (bar + gap) + 10
    peak = max((sum(v) for _, v in rows), default=0) or 1
    out = [f'<svg role="img" viewBox="0 0 {width} {height}" width="{width}" height="{height}">',
           f"<title>{escape(title)}</title>",
           f'<text x="8" y="18" font-size="14" font-weight="bold">{escape(title)}</text>']  # fmt: skip
    x = left
    for n, part in enumerate(parts):
        out.append(f'<rect x="{x}" y="26" width="10" height="10" fill="{PALETTE[n]}"/>')
        out.append(f'<text x="{x + 14}" y="35" font-size="11">{escape(part)}</text>')
        x += 20 + 7 * len(part)
    rows = [(label, values) for label, values in rows if sum(values) > 0]
    for i, (label, values) in enumerate(rows):
        y = top + i * (bar + gap)
        total = sum(values) or 1
        scale = plot_w / (total if share else peak)
        out.append(
            f'<text x="{left - 6}" y="{y + 12}" font-size="11" text-anchor="end">{escape(label)}</text>'
        )
        pos = float(left)
        for n, value in enumerate(values):
            w = value * scale
            if w > 0:
                tip = f"{label} {parts[n]}: {value:g}" + (f" ({100 * value / total:.0f}%)" if share else "")
                out.append(
                    f'<rect x="{pos:.1f}" y="{y}" width="{w:.1f}" height="{bar}" fill="{PALETTE[n]}"><title>{escape(tip)}</title></rect>'
                )
            pos += w
        shown = "100%" if share else f"{sum(values):g}"
        out.append(f'<text x="{pos + 4:.1f}" y="{y + 12}" font-size="11">{shown}</text>')
    out.append("</svg>")
    return "".join(out)
