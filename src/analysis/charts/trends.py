"""Trends over the years as small multiples: one panel per program, its own y axis, its last value at the line end.

Labels never overlap: each panel carries one value label (the last year's, right of its point, in room
the x range keeps free for it) and its own title, so ten programs over ten years read as well as two.
"""

from __future__ import annotations

import math

import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from analysis.units import MONEY_UNIT, wan_yuan
from analysis.charts.style import GRID, MIN_FONT, TOTAL, WIDTH, empty, finish, label, wan

PANEL_HEIGHT = 190  # px per row of panels (plot area plus its title and year ticks)
HEADROOM = 1.12  # the y range reaches a little above the largest value: the end label sits beside its point
ROW_GAP = 85  # px between two rows of panels: the year ticks of one and the title of the next
LABEL_GAP = 6  # px plotly leaves between a point and its "middle right" text
LINE_COLOUR = TOTAL


def _layout(n: int) -> tuple[int, int]:
    """(rows, columns) of the panel grid: one column up to three programs, two beyond."""
    columns = 1 if n <= 3 else 2
    return math.ceil(n / columns), columns


def _year_ticks(years: list[int], columns: int) -> list[int]:
    """Year ticks that fit a panel: every year, or every second (third) one ending on the last year."""
    room = 9 if columns == 1 else 5  # year labels one panel holds at the print font size
    step = max(1, math.ceil(len(years) / room))
    return list(range(years[-1], years[0] - 1, -step))[::-1]


def _order(series: pd.DataFrame) -> list[str]:
    """Programs by their latest value, largest first (money before counts when mixed)."""
    latest = series.sort_values("year").groupby("program", sort=False).tail(1)
    return list(latest.sort_values(["value_base", "program"], ascending=[False, True])["program"])


def _end_label(value: float, money: bool) -> str:
    return wan(value) if money else f"{value:,.10g}"


def _right_room(labels: dict[int, str], span: int, columns: int) -> float:
    """Years of x range right of the last year that hold every end label beside its point.

    ``labels``: end label by the number of years between its point and the last year. A label of
    width L starting a years before the end needs (a + r) * P / (S + r) >= L, P the panel's width in
    px and S = span + 0.5 the years shown left of the last one: r >= (L*S - a*P) / (P - L).
    """
    panel_px = (WIDTH - 100) / columns * (0.88 if columns > 1 else 1.0)
    room = 0.5
    for after, text in labels.items():
        need = min(text_width(text) + LABEL_GAP + 4, 0.6 * panel_px)  # a label beyond that would squeeze the line away
        room = max(room, (need * (span + 0.5) - after * panel_px) / (panel_px - need))
    return room


def text_width(text: str, size: int = MIN_FONT) -> float:
    """Printed width of a label in px, generous: CJK full width, digits and punctuation 0.56 em."""
    return sum(size if ord(c) > 0x2E80 else 0.56 * size for c in text)


def trend_lines(series: pd.DataFrame, title: str = "项目支出趋势(万元)") -> go.Figure:
    """One panel per program (money in 万元, counts in their unit), years on x, the last value at the line end.

    Panels go largest first (by the latest value), each with its own y axis from zero; the last value
    (with its year when that is not the chart's last year) sits right of the line's last point, in room the x range keeps free for it, so no label meets
    another or a line. ``series``: calc.program_series output (program, year, value_base, unit_base).
    A year a program was not reported leaves a gap in its line rather than a line drawn across it.
    """
    if series.empty:
        return empty(title)
    programs = _order(series)
    years = list(range(int(series["year"].min()), int(series["year"].max()) + 1))
    rows, columns = _layout(len(programs))
    units = {p: part["unit_base"].iloc[0] for p, part in series.groupby("program", sort=False)}
    titles = [label(f"{p}({'万元' if units[p] == MONEY_UNIT else units[p]})") for p in programs]
    fig = make_subplots(rows=rows, cols=columns, subplot_titles=titles, horizontal_spacing=0.12,
                        vertical_spacing=ROW_GAP / (PANEL_HEIGHT * rows - 30) if rows > 1 else 0.0)
    ticks = _year_ticks(years, columns)
    lines = {}
    for program in programs:
        part = series[series["program"] == program].set_index("year")
        money = units[program] == MONEY_UNIT
        lines[program] = [(wan_yuan(part.at[y, "value_base"]) if money else float(part.at[y, "value_base"]))
                          if y in part.index else None for y in years]
    ends = {p: max(i for i, v in enumerate(lines[p]) if v is not None) for p in programs}
    end_labels = {p: _end_label(lines[p][ends[p]], units[p] == MONEY_UNIT)
                  + ("" if ends[p] == len(years) - 1 else f"({years[ends[p]]}年)") for p in programs}
    widest: dict[int, str] = {}
    for p in programs:
        after = len(years) - 1 - ends[p]
        if text_width(end_labels[p]) > text_width(widest.get(after, "")):
            widest[after] = end_labels[p]
    right = _right_room(widest, len(years) - 1, columns)
    for i, program in enumerate(programs):
        row, col = divmod(i, columns)
        values, last = lines[program], ends[program]
        text = ["" for _ in years]
        text[last] = end_labels[program]
        unit = "万元" if units[program] == MONEY_UNIT else units[program]
        fig.add_scatter(x=years, y=values, name=label(program), mode="lines+markers+text", showlegend=False,
                        line=dict(color=LINE_COLOUR, width=2.5), marker=dict(color=LINE_COLOUR, size=8),
                        text=text, textposition="middle right", textfont=dict(size=MIN_FONT),
                        connectgaps=False, cliponaxis=False,
                        hovertemplate=f"{label(program)} %{{x}}年: %{{y:,.2f}}{label(unit)}<extra></extra>",
                        row=row + 1, col=col + 1)
        top = max(v for v in values if v is not None) or 1.0
        fig.update_yaxes(range=[0, top * HEADROOM], tickformat=",~r", nticks=4, showgrid=True,
                         gridcolor=GRID, row=row + 1, col=col + 1)
        fig.update_xaxes(range=[years[0] - 0.5, years[-1] + right], tickvals=ticks,
                         ticktext=[str(y) for y in ticks], tickangle=0, showgrid=False, row=row + 1, col=col + 1)
    fig.update_annotations(font_size=MIN_FONT + 1, yshift=2)
    fig.update_layout(title=title, height=120 + PANEL_HEIGHT * rows, showlegend=False,
                      margin=dict(l=40, r=30, t=110, b=40))
    return finish(fig)
