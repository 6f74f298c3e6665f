"""Charts of one year's money: spending per program, per-beneficiary amounts, where the donations went."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from analysis.units import wan_yuan
from analysis.charts.style import (
    BASE_YEAR, BASE_YEAR_PATTERN, GRID, INK, MIN_FONT, TOTAL, YEAR, change_words, empty, fill, finish, label, section_color,
    section_fill, signed_wan, wan,
)

REMAINDER = "当年结余"  # what is left of the year's donations: never just 结余, which reads as the fund's balance
REMAINDER_COLOUR = "#f2f2f2"


def spending_bar(by_program: pd.DataFrame, title: str = "各项目支出(万元)") -> go.Figure:
    """Horizontal bars, largest on top, coloured and patterned by section (legend); values in 万元 with separators."""
    if by_program.empty:
        return empty(title)
    data = by_program.sort_values("spend_wan_yuan")
    fig = go.Figure()
    for section, part in data.groupby("section", sort=False):
        fig.add_bar(
            y=[label(p) for p in part["program"]], x=part["spend_wan_yuan"], orientation="h", name=label(section),
            marker=section_fill(section),
            text=[wan(v) for v in part["spend_wan_yuan"]], textposition="outside", cliponaxis=False,
            customdata=part["share_pct"], hovertemplate="%{y}: %{x:,.2f}万元(占%{customdata:.1f}%)<extra></extra>",
        )
    fig.update_layout(title=title, xaxis_title="支出(万元)", barmode="stack",
                      yaxis=dict(categoryorder="array", categoryarray=[label(p) for p in data["program"]]),
                      height=max(300, 110 + 48 * len(data)))
    fig.update_xaxes(tickformat=",.0f", showgrid=True, gridcolor=GRID, range=[0, data["spend_wan_yuan"].max() * 1.2])
    return finish(fig)


def spending_treemap(hierarchy: pd.DataFrame, title: str = "按工作领域的支出结构(万元)") -> go.Figure:
    """Section > program > "其中" parts; a parent's area is its own total (nothing counted twice). Leaving the report."""
    if hierarchy.empty:
        return empty(title)
    colors = [section_color(node.split("/")[0]) for node in hierarchy["node"]]
    fig = go.Figure(go.Treemap(
        ids=hierarchy["node"], labels=[label(x) for x in hierarchy["label"]], parents=hierarchy["parent_node"],
        values=hierarchy["spend_wan_yuan"], branchvalues="total",
        marker=dict(colors=colors, line=dict(color="white", width=2)),
        texttemplate="%{label}<br>%{value:,.2f}万元<br>%{percentRoot:.1%}",
        hovertemplate="%{label}: %{value:,.2f}万元<extra></extra>",
        textfont=dict(color="white"), root_color="white",
    ))
    fig.update_layout(title=title, height=520, margin=dict(l=10, r=10, t=60, b=10))
    return finish(fig)


def cost_bar(costs: pd.DataFrame, title: str = "人均(每宗)金额(元)") -> go.Figure:
    """Money per person or case in one year, in 元, largest on top, coloured and patterned by section (legend)."""
    if costs.empty:
        return empty(title)
    data = costs.sort_values("cost_yuan", kind="stable")
    data = data.assign(row=[label(f"{p}(每{u})") for p, u in zip(data["program"], data["count_unit"])])
    fig = go.Figure()
    for section, part in data.groupby("section", sort=False):
        fig.add_bar(y=part["row"], x=part["cost_yuan"], orientation="h", name=label(section), marker=section_fill(section),
                    text=[f"{v:,.0f}元" for v in part["cost_yuan"]], textposition="outside", cliponaxis=False,
                    hovertemplate="%{y}: %{x:,.0f}元<extra></extra>")
    fig.update_layout(title=title, xaxis_title="元", height=max(280, 130 + 55 * len(data)), barmode="stack",
                      yaxis=dict(categoryorder="array", categoryarray=list(data["row"])))
    fig.update_xaxes(tickformat=",.0f", showgrid=True, gridcolor=GRID, range=[0, data["cost_yuan"].max() * 1.2])
    return finish(fig)


def cost_comparison(costs: pd.DataFrame, base_year: int, year: int,
                    title: str = "人均(每宗)金额比较(元)") -> go.Figure:
    """Per-beneficiary amount of each program in two years side by side: the base year light and hatched, the
    year dark, each bar labelled in 元; the year's label carries the change in words (下降24.2%).

    ``costs``: program, section, unit (元/人), base_cost_yuan, cost_yuan, change_pct; a NaN base_cost_yuan
    means the program was not reported in the base year (its label says 上年未列).
    """
    if costs.empty:
        return empty(title)
    data = costs.sort_values("cost_yuan", ascending=True, kind="stable")  # plotly draws bottom up: largest on top
    rows = [label(f"{p}({u})") for p, u in zip(data["program"], data["unit"])]

    def year_text(cost: float, base: float, pct: float) -> str:
        words = "上年未列" if base != base else change_words(pct)
        return f"{cost:,.0f}元" + (f"({words})" if words else "")

    fig = go.Figure()
    fig.add_bar(y=rows, x=data["cost_yuan"], orientation="h", name=f"{year}年", marker=fill(YEAR),
                text=[year_text(c, b, p) for c, b, p in zip(data["cost_yuan"], data["base_cost_yuan"], data["change_pct"])],
                textposition="outside", cliponaxis=False, hovertemplate=f"%{{y}} {year}年: %{{x:,.0f}}元<extra></extra>")
    fig.add_bar(y=rows, x=data["base_cost_yuan"], orientation="h", name=f"{base_year}年",
                marker=fill(BASE_YEAR, BASE_YEAR_PATTERN),
                text=["" if b != b else f"{b:,.0f}元" for b in data["base_cost_yuan"]],
                textposition="outside", cliponaxis=False, hovertemplate=f"%{{y}} {base_year}年: %{{x:,.0f}}元<extra></extra>")
    high = max(data["cost_yuan"].max(), data["base_cost_yuan"].max(skipna=True) if data["base_cost_yuan"].notna().any() else 0)
    fig.update_layout(title=title, xaxis_title="元", barmode="group", bargap=0.3, bargroupgap=0.05,
                      height=max(280, 130 + 96 * len(data)), uniformtext=dict(mode="show", minsize=MIN_FONT),
                      legend=dict(traceorder="reversed"),
                      yaxis=dict(categoryorder="array", categoryarray=rows))
    fig.update_xaxes(tickformat=",.0f", showgrid=True, gridcolor=GRID, range=[0, high * 1.45])
    return finish(fig)


def donation_flow(row: pd.Series, title: str = "防控捐赠资金收支(万元)") -> go.Figure:
    """Where the year's donations went: received = spent (with its "其中" part drawn as part of it) + 当年结余.

    Three rows, top to bottom: 收到捐款; 捐款支出, split into the 其中 part and the rest; 当年结余, drawn
    from the end of the spending to the end of the receipts (backwards when more was spent than received).
    ``row``: one row of calc.donation_balance (received_yuan, spent_yuan, parts_yuan, parts, remaining_yuan,
    spent_share_pct, section).
    """
    received, spent, parts = (wan_yuan(float(row[k])) for k in ("received_yuan", "spent_yuan", "parts_yuan"))
    remaining = received - spent
    colour = section_color(row.get("section", ""))
    share = float(row["spent_share_pct"]) if "spent_share_pct" in row and row["spent_share_pct"] == row["spent_share_pct"] else None
    fig = go.Figure()
    fig.add_bar(y=["收到捐款"], x=[received], orientation="h", name="收到捐款", marker=fill(TOTAL), showlegend=False,
                text=[wan(received)], textposition="outside", cliponaxis=False,
                hovertemplate="收到捐款: %{x:,.2f}万元<extra></extra>")
    spent_label = wan(spent) + (f"(占{share:.1f}%)" if share is not None else "")
    if parts:
        part_name = label(f"其中{row['parts'] or '专项支出'}")
        fig.add_bar(y=["捐款支出"], x=[parts], orientation="h", name=part_name, marker=fill(colour, "x"),
                    text=[wan(parts)], textposition="inside", insidetextanchor="middle",
                    insidetextfont=dict(color=INK), hovertemplate=f"{part_name}: %{{x:,.2f}}万元<extra></extra>")
        fig.add_bar(y=["捐款支出"], x=[spent - parts], orientation="h", name="其他支出", marker=fill(colour),
                    text=[wan(spent - parts)], textposition="inside", insidetextanchor="middle",
                    hovertemplate="其他支出: %{x:,.2f}万元<extra></extra>")
        fig.add_annotation(x=spent, y="捐款支出", xanchor="left", xshift=4, showarrow=False, text=spent_label,
                           font=dict(size=MIN_FONT))
    else:
        fig.add_bar(y=["捐款支出"], x=[spent], orientation="h", name="捐款支出", marker=fill(colour), showlegend=False,
                    text=[spent_label], textposition="outside", cliponaxis=False,
                    hovertemplate="捐款支出: %{x:,.2f}万元<extra></extra>")
    fig.add_bar(y=[REMAINDER], x=[remaining], base=[spent], orientation="h", name=REMAINDER,
                marker=fill(REMAINDER_COLOUR), showlegend=False,
                text=[signed_wan(remaining).lstrip("+") + (f"(占{100 - share:.1f}%)" if share is not None and remaining >= 0 else "")],
                textposition="outside", cliponaxis=False, hovertemplate=f"{REMAINDER}: %{{x:,.2f}}万元<extra></extra>")
    fig.update_layout(title=title, barmode="stack", height=340 if parts else 300, xaxis_title="万元",
                      yaxis=dict(categoryorder="array", categoryarray=[REMAINDER, "捐款支出", "收到捐款"]),
                      legend=dict(traceorder="normal"))
    fig.update_xaxes(tickformat=",.0f", showgrid=True, gridcolor=GRID, range=[0, max(received, spent) * 1.3])
    return finish(fig)


donation_waterfall = donation_flow  # the earlier name, kept for notebooks written against it
