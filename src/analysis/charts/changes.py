"""Charts of change between two years, in neutral greys with the words 增长/下降 (never red against green)."""

from __future__ import annotations


import pandas as pd
import plotly.graph_objects as go

from analysis.units import wan_yuan
from analysis.charts.style import (
    DECREASE, DECREASE_PATTERN, DECREASE_WORD, GRID, INCREASE, INCREASE_PATTERN, INCREASE_WORD, LINE, MIN_FONT, TOTAL,
    UNCHANGED_WORD, empty, fill, finish, label, signed_wan, wan,
)

BRIDGE_ROWS = 8  # at most this many change bars; beyond, the smallest changes become one bar 其他N项
TOTAL_WORD = "合计"


def _bridge_rows(bridge: pd.DataFrame) -> pd.DataFrame:
    """Changes in 万元 per program (absent = 0), the smallest grouped into 其他N项 beyond BRIDGE_ROWS."""
    data = bridge.copy()
    data["base"] = wan_yuan(data["base_yuan"].fillna(0.0))
    data["value"] = wan_yuan(data["value_yuan"].fillna(0.0))
    data["change"] = data["value"] - data["base"]
    data["name"] = [
        label(p) + ("(上年未列)" if b != b else "(本年未列)" if v != v else "")
        for p, b, v in zip(data["program"], data["base_yuan"], data["value_yuan"])
    ]
    if len(data) > BRIDGE_ROWS:
        order = data["change"].abs().sort_values(ascending=False, kind="stable").index
        kept, rest = data.loc[order[:BRIDGE_ROWS - 1]], data.loc[order[BRIDGE_ROWS - 1:]]
        other = {"name": f"其他{len(rest)}项", "change": rest["change"].sum(),
                 "base": rest["base"].sum(), "value": rest["value"].sum()}
        data = pd.concat([kept, pd.DataFrame([other])], ignore_index=True)
    return data[["name", "base", "value", "change"]].reset_index(drop=True)


def spending_bridge(bridge: pd.DataFrame, base_year: int, year: int,
                    title: str = "支出合计的变化(万元)") -> go.Figure:
    """How the reported spending total moved from ``base_year`` to ``year``, program by program (a bridge).

    Rows top to bottom: the base year's total, one bar per program's change (growing to the right for
    增长, to the left for 下降, each starting where the previous one ended), the year's total. Totals dark,
    增长 mid grey, 下降 light grey and hatched; every bar labelled (+123.45 / −67.89 万元).
    ``bridge``: program, section, base_yuan, value_yuan, change_yuan (元; NaN = not listed that year),
    ordered by absolute change.
    """
    if bridge.empty:
        return empty(title)
    rows = _bridge_rows(bridge)
    start = float(rows["base"].sum())
    end = float(rows["value"].sum())
    first, last = f"{base_year}年{TOTAL_WORD}", f"{year}年{TOTAL_WORD}"
    running = start + rows["change"].cumsum()
    bases = running - rows["change"]
    up = rows["change"] >= 0
    fig = go.Figure()
    fig.add_bar(y=[first, last], x=[start, end], orientation="h", name=TOTAL_WORD, marker=fill(TOTAL),
                text=[wan(start), wan(end)], textposition="outside", cliponaxis=False,
                hovertemplate="%{y}: %{x:,.2f}万元<extra></extra>")
    for word, colour, pattern, mask in ((INCREASE_WORD, INCREASE, INCREASE_PATTERN, up),
                                        (DECREASE_WORD, DECREASE, DECREASE_PATTERN, ~up)):
        part = rows[mask]
        if part.empty:
            continue
        fig.add_bar(y=list(part["name"]), x=list(part["change"]), base=list(bases[mask]), orientation="h",
                    name=word, marker=fill(colour, pattern),
                    text=[signed_wan(c) if round(c, 2) else UNCHANGED_WORD for c in part["change"]],
                    textposition="outside", cliponaxis=False,
                    hovertemplate="%{y}: %{text}万元<extra></extra>")
    # thin connectors: each bar's end is the next bar's start
    ends = [start, *running]
    names = [first, *rows["name"], last]
    fig.update_layout(shapes=[
        dict(type="line", xref="x", yref="y", x0=x, x1=x, y0=names[i], y1=names[i + 1],
             line=dict(color=LINE, width=1, dash="dot"), layer="below")
        for i, x in enumerate(ends)
    ])
    high = max(start, end, float(running.max()))
    axis_start = 0.0  # from zero, always: a cut axis makes a 5% change look like a doubling of the total
    unit = "单位：万元"
    fig.update_layout(title=title, barmode="overlay", height=max(320, 150 + 46 * (len(rows) + 2)),
                      xaxis_title=dict(text=f"{unit}<br>{_summary(start, end, base_year, year)}", font=dict(size=MIN_FONT)),
                      yaxis=dict(categoryorder="array", categoryarray=names[::-1]),
                      legend=dict(traceorder="normal"))
    fig.update_xaxes(tickformat=",.0f", showgrid=True, gridcolor=GRID,
                     range=[axis_start, high + (high - axis_start) * 0.18])
    return finish(fig)


def _summary(start: float, end: float, base_year: int, year: int) -> str:
    """The total's change in words: 2021年比2020年增加70.00万元，增长4.0% (持平 when equal)."""
    change = round(end - start, 2)
    if change == 0:
        return f"{year}年与{base_year}年持平"
    verb, word = ("增加", INCREASE_WORD) if change > 0 else ("减少", DECREASE_WORD)
    pct = f"，{word}{abs(change) / start * 100:.1f}%" if start else ""
    return f"{year}年比{base_year}年{verb}{wan(abs(change))}万元{pct}"


def changes_bar(changes: pd.DataFrame, title: str = "变化最大的指标(%)") -> go.Figure:
    """Relative change per figure: 增长 mid grey, 下降 light grey and hatched (legend says which), signed labels."""
    if changes.empty:
        return empty(title)
    data = changes.sort_values("change_pct").reset_index(drop=True)
    labels = [label(f"{p}·{i}") for p, i in zip(data["program"], data["indicator"])]
    up = data["change_pct"] >= 0
    fig = go.Figure()
    for word, colour, pattern, mask in ((INCREASE_WORD, INCREASE, INCREASE_PATTERN, up),
                                        (DECREASE_WORD, DECREASE, DECREASE_PATTERN, ~up)):
        if not mask.any():
            continue
        part = data[mask]
        fig.add_bar(y=[labels[i] for i in part.index], x=part["change_pct"], orientation="h", name=word,
                    marker=fill(colour, pattern),
                    text=[f"{v:+.1f}%".replace("-", "\u2212") for v in part["change_pct"]],
                    textposition="outside", cliponaxis=False, hovertemplate="%{y}: %{x:+.1f}%<extra></extra>")
    low, high = min(0.0, data["change_pct"].min()), max(0.0, data["change_pct"].max())
    pad = (high - low) * 0.25 or 10
    fig.update_layout(title=title, xaxis_title="变化(%)", height=max(280, 110 + 44 * len(data)), barmode="overlay",
                      yaxis=dict(categoryorder="array", categoryarray=labels))
    fig.update_xaxes(tickformat=",.0f", zeroline=True, showgrid=True, gridcolor=GRID, range=[low - pad, high + pad])
    return finish(fig)
