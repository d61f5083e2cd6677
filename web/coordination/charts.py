"""Charts as inline SVG made on the server: no scripts, and readable without colour.

Every bar carries its value as text, hidden values get a hatched outline and the
words "fewer than 5", and each chart has a ``<title>`` and an ``aria-label``.
The page puts a data table under each chart as well.
"""
from flask_babel import gettext as _
from markupsafe import Markup, escape

WIDTH = 360  # narrow on purpose: text stays readable when a phone scales the chart down
ROW = 44  # label line above each bar, then the bar
PAD = 6


def _svg(chart_id: str, title: str, height: int, body: str) -> Markup:
    """Wrap chart parts in an accessible, scalable SVG element."""
    t = escape(title)
    return Markup(
        f'<svg class="chart" viewBox="0 0 {WIDTH} {height}" role="img" '
        f'aria-labelledby="{chart_id}-t" xmlns="http://www.w3.org/2000/svg" aria-label="{t}">'
        f'<title id="{chart_id}-t">{t}</title>'
        f'<defs><pattern id="{chart_id}-hatch" width="8" height="8" '
        f'patternUnits="userSpaceOnUse" patternTransform="rotate(45)">'
        f'<line x1="0" y1="0" x2="0" y2="8" class="hatch"/></pattern></defs>'
        f"{body}</svg>"
    )


def bars(chart_id: str, title: str, rows, maximum: float | None = None,
         unit: str = "") -> Markup:
    """Horizontal bars, one per (label, value) row; a value of None is shown as hidden, and so
    is a value hidden so that another cannot be worked out (shown as its own word)."""
    values = [v for _label, v in rows if isinstance(v, (int, float))]
    top = maximum or max(values or [1]) or 1
    span = WIDTH - 2 * PAD - 100  # room on the right for the value text
    hidden = escape(_("fewer than 5"))  # translated once, not for every hidden bar
    parts = []
    for i, (label, value) in enumerate(rows):
        y = PAD + i * ROW
        parts.append(f'<text x="{PAD}" y="{y + 14}" class="label">{escape(label)}</text>')
        if not isinstance(value, (int, float)):
            words = hidden if value is None else escape(str(value))
            parts.append(
                f'<rect x="{PAD}" y="{y + 20}" width="{span * 0.08:.1f}" height="18" '
                f'fill="url(#{chart_id}-hatch)" class="hidden-bar"/>'
                f'<text x="{PAD + span * 0.08 + 6:.1f}" y="{y + 34}" class="value">'
                f'{words}</text>'
            )
            continue
        w = max(span * value / top, 1 if value else 0)
        parts.append(
            f'<rect x="{PAD}" y="{y + 20}" width="{w:.1f}" height="18" class="bar"/>'
            f'<text x="{PAD + w + 6:.1f}" y="{y + 34}" class="value">{value:g}{escape(unit)}</text>'
        )
    return _svg(chart_id, title, PAD * 2 + ROW * max(len(rows), 1), "".join(parts))


def steps(chart_id: str, title: str, xs: list[int], ys: list[float], x_label: str,
          marks: tuple[int, ...] = (90, 180, 365)) -> Markup:
    """A step curve from 100 % down (a survival curve), with values written at ``marks``."""
    height, left, bottom, right = 250, 54, 40, 16
    plot_w, plot_h = WIDTH - left - right, height - bottom - PAD * 2
    x_max = max(int(xs[-1] * 1.1), 30)  # a little room so a last drop stays visible

    def px(x, y):
        """Map a day and a share to SVG coordinates."""
        return left + plot_w * x / x_max, PAD * 2 + plot_h * (1 - y)

    parts = []
    for frac in (0, 0.25, 0.5, 0.75, 1):
        _x, y = px(0, frac)
        parts.append(f'<line x1="{left}" x2="{WIDTH - right}" y1="{y:.1f}" y2="{y:.1f}" '
                     f'class="grid"/><text x="{left - 6}" y="{y + 4:.1f}" class="tick" '
                     f'text-anchor="end">{int(frac * 100)} %</text>')
    points, prev_y = [], ys[0]
    for x, y in zip(xs, ys):
        points += [px(x, prev_y), px(x, y)]
        prev_y = y
    points.append(px(x_max, prev_y))
    path = " ".join(f"{a:.1f},{b:.1f}" for a, b in points)
    parts.append(f'<polyline points="{path}" class="curve"/>')
    for mark in sorted(set(marks) | {xs[-1]}):  # the curve's end is always written out
        if mark > xs[-1]:
            continue
        y_val = [y for x, y in zip(xs, ys) if x <= mark][-1]
        cx, cy = px(mark, y_val)
        # Write the value below the curve near the top, and leftwards near the right edge.
        ty = cy + 20 if cy < 40 else cy - 8
        anchor = "end" if cx > WIDTH - 70 else "start"
        tx = cx - 6 if anchor == "end" else cx + 6
        parts.append(f'<circle cx="{cx:.1f}" cy="{cy:.1f}" r="4" class="mark"/>'
                     f'<text x="{tx:.1f}" y="{ty:.1f}" class="value" text-anchor="{anchor}">'
                     f'{round(y_val * 100)} %</text>')
    for x in range(0, x_max + 1, max(30, (x_max // 4) // 30 * 30 or 30)):
        cx, _y = px(x, 0)
        parts.append(f'<text x="{cx:.1f}" y="{height - 22}" class="tick" '
                     f'text-anchor="middle">{x}</text>')
    parts.append(f'<text x="{left + plot_w / 2:.1f}" y="{height - 4}" class="tick" '
                 f'text-anchor="middle">{escape(x_label)}</text>')
    return _svg(chart_id, title, height, "".join(parts))
