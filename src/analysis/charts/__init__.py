"""Plotly figure builders with one house style: CJK font, a colour and a pattern per section, 万元 axes.

Every builder applies the house template to its own figure, so importing this module changes no
global plotly setting; :func:`use_house_style` makes the house style the default for figures built
elsewhere in a session, when asked for. Charts are shown with :func:`show`, which sends one output
carrying plotly's own representation (interactive in JupyterLab), an HTML snippet (interactive in
the exported HTML, whose template inlines plotly.js once, so it works offline) and a text label.
It never renders an image: a live kernel starts no Chromium. The static PNGs the PDF needs are
added by the report builder alone (:func:`add_static_images`, one Chromium for every chart).
"""

from __future__ import annotations

import atexit
import base64
import html
import json
import threading
import warnings

import pandas as pd
import plotly.graph_objects as go
import plotly.io as pio

from analysis.units import wan_yuan
from analysis import vocab

FONT_FAMILY = "Noto Sans CJK SC, WenQuanYi Micro Hei, Source Han Sans SC, Microsoft YaHei, sans-serif"
WIDTH, HEIGHT = 900, 480

# One colour and one bar pattern per section, from the section registry (distinct in colour, and
# still apart when printed in grey: lightness steps plus patterns).
SECTION_STYLE: dict[str, tuple[str, str]] = {s.name: (s.colour, s.pattern) for s in vocab.SECTIONS}
INCREASE, DECREASE = "#2d5f2e", "#c0504d"

pio.templates["civil_affairs"] = go.layout.Template(
    layout=go.Layout(
        font=dict(family=FONT_FAMILY, size=17, color="#222222"),
        title=dict(font=dict(size=20), x=0.0, xanchor="left", y=0.98, yanchor="top"),
        uniformtext=dict(minsize=12, mode="hide"),
        paper_bgcolor="white",
        plot_bgcolor="white",
        colorway=[c for c, _ in SECTION_STYLE.values()],
        xaxis=dict(showgrid=False, linecolor="#444444", ticks="outside", automargin=True),
        yaxis=dict(gridcolor="#dddddd", zerolinecolor="#444444", tickformat=",~r", automargin=True),
        legend=dict(orientation="h", yanchor="bottom", y=1.01, x=0),
        margin=dict(l=40, r=30, t=100, b=40),
        separators=".,",
    )
)
TEMPLATE = "simple_white+civil_affairs"  # what every builder applies; never set as plotly's default on import


def use_house_style() -> None:
    """Makes the house style plotly's default template, for figures not built by this module (explicit only)."""
    pio.templates.default = TEMPLATE


def section_color(section: str) -> str:
    """The house colour of a report section."""
    return vocab.section(section).colour


def section_pattern(section: str) -> str:
    """The house bar pattern of a report section (for grey printing)."""
    return vocab.section(section).pattern


def label(text: str) -> str:
    """Report text as a chart label: plotly reads a few HTML tags in labels, so escape them."""
    return html.escape(str(text), quote=False)


def _finish(fig: go.Figure) -> go.Figure:
    """House template on the figure, house font on every trace's text too (kaleido would otherwise fall back
    to a serif face); title escaped."""
    fig.update_layout(template=TEMPLATE)
    fig.update_traces(textfont_family=FONT_FAMILY, selector=lambda t: "textfont" in t)
    if fig.layout.title.text:
        fig.update_layout(title_text=label(fig.layout.title.text))
    return fig


def _empty(title: str) -> go.Figure:
    fig = go.Figure()
    fig.update_layout(title=title, annotations=[dict(text="无数据", showarrow=False, font=dict(size=20))],
                      xaxis_visible=False, yaxis_visible=False, height=200)
    return _finish(fig)


def spending_bar(by_program: pd.DataFrame, title: str = "各项目支出(万元)") -> go.Figure:
    """Horizontal bars, largest on top, coloured by section; values in 万元 with separators."""
    if by_program.empty:
        return _empty(title)
    data = by_program.sort_values("spend_wan_yuan")
    fig = go.Figure()
    for section, part in data.groupby("section", sort=False):
        fig.add_bar(
            y=[label(p) for p in part["program"]], x=part["spend_wan_yuan"], orientation="h", name=label(section),
            marker=dict(color=section_color(section), pattern_shape=section_pattern(section), line=dict(color="#222", width=0.5)),
            text=[f"{v:,.2f}" for v in part["spend_wan_yuan"]], textposition="outside", cliponaxis=False,
            customdata=part["share_pct"], hovertemplate="%{y}: %{x:,.2f}万元(占%{customdata:.1f}%)<extra></extra>",
        )
    fig.update_layout(title=title, xaxis_title="支出(万元)", barmode="stack",
                      yaxis=dict(categoryorder="array", categoryarray=[label(p) for p in data["program"]]),
                      height=max(300, 80 + 48 * len(data)))
    fig.update_xaxes(tickformat=",.0f", showgrid=True, gridcolor="#dddddd", range=[0, data["spend_wan_yuan"].max() * 1.18])
    return _finish(fig)


def spending_treemap(hierarchy: pd.DataFrame, title: str = "按工作领域的支出结构(万元)") -> go.Figure:
    """Section > program > "其中" parts; a parent's area is its own total (nothing counted twice)."""
    if hierarchy.empty:
        return _empty(title)
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
    return _finish(fig)


def cost_bar(costs: pd.DataFrame, title: str = "人均(每宗)金额(元)") -> go.Figure:
    """Money per person or case, in 元."""
    if costs.empty:
        return _empty(title)
    data = costs.sort_values("cost_yuan")
    labels = [label(f"{p}(每{u})") for p, u in zip(data["program"], data["count_unit"])]
    fig = go.Figure(go.Bar(
        y=labels, x=data["cost_yuan"], orientation="h",
        marker=dict(color=[section_color(s) for s in data["section"]],
                    pattern_shape=[section_pattern(s) for s in data["section"]], line=dict(color="#222", width=0.5)),
        text=[f"{v:,.0f}元" for v in data["cost_yuan"]], textposition="outside", cliponaxis=False,
        hovertemplate="%{y}: %{x:,.0f}元<extra></extra>",
    ))
    fig.update_layout(title=title, xaxis_title="元", height=max(260, 80 + 55 * len(data)), showlegend=False)
    fig.update_xaxes(tickformat=",.0f", showgrid=True, gridcolor="#dddddd", range=[0, data["cost_yuan"].max() * 1.2])
    return _finish(fig)


def donation_waterfall(balance: pd.Series, title: str = "防控捐赠资金流向(万元)") -> go.Figure:
    """Received, spent (with the "其中" part shown beside, not subtracted twice), remaining."""
    received, spent, parts = (wan_yuan(balance[k]) for k in ("received_yuan", "spent_yuan", "parts_yuan"))
    fig = go.Figure(go.Waterfall(
        x=["收到捐款", "捐款支出", "结余"], y=[received, -spent, 0], measure=["absolute", "relative", "total"],
        text=[f"{received:,.2f}", f"-{spent:,.2f}", f"{received - spent:,.2f}"], textposition=["outside", "inside", "outside"],
        increasing=dict(marker=dict(color="#0b3c5d")), decreasing=dict(marker=dict(color=DECREASE)),
        totals=dict(marker=dict(color="#9a9a9a")), connector=dict(line=dict(color="#888")),
    ))
    if parts:
        fig.add_annotation(x="捐款支出", y=received - spent / 2, yshift=-40, showarrow=False, font=dict(color="white"),
                           text=label(f"其中{balance['parts'] or '专项'}{parts:,.2f}"))
    fig.update_layout(title=title, height=420, showlegend=False)
    fig.update_yaxes(tickformat=",.0f", range=[0, received * 1.15])
    return _finish(fig)


def changes_bar(changes: pd.DataFrame, title: str = "变化最大的指标(%)") -> go.Figure:
    """Relative change per figure, increases and decreases in two colours (and hatching)."""
    if changes.empty:
        return _empty(title)
    data = changes.sort_values("change_pct")
    labels = [label(f"{p}·{i}") for p, i in zip(data["program"], data["indicator"])]
    up = data["change_pct"] >= 0
    fig = go.Figure(go.Bar(
        y=labels, x=data["change_pct"], orientation="h",
        marker=dict(color=[INCREASE if u else DECREASE for u in up], pattern_shape=["" if u else "/" for u in up]),
        text=[f"{v:+.1f}%" for v in data["change_pct"]], textposition="outside", cliponaxis=False,
        hovertemplate="%{y}: %{x:+.1f}%<extra></extra>",
    ))
    low, high = min(0.0, data["change_pct"].min()), max(0.0, data["change_pct"].max())
    pad = (high - low) * 0.22 or 10
    fig.update_layout(title=title, xaxis_title="变化(%)", height=max(280, 80 + 44 * len(data)), showlegend=False)
    fig.update_xaxes(tickformat=",.0f", zeroline=True, showgrid=True, gridcolor="#dddddd", range=[low - pad, high + pad])
    return _finish(fig)


def trend_lines(series: pd.DataFrame, title: str = "项目支出趋势(万元)") -> go.Figure:
    """One line per program over the years (money in 万元), markers for printed readability."""
    if series.empty:
        return _empty(title)
    fig = go.Figure()
    symbols = ["circle", "square", "diamond", "triangle-up", "x", "star"]
    dashes = ["solid", "dash", "dot", "dashdot", "longdash", "longdashdot"]
    for i, (program, part) in enumerate(series.groupby("program", sort=False)):
        money = part["unit_base"].iloc[0] == "元"
        values = wan_yuan(part["value_base"]) if money else part["value_base"]
        fig.add_scatter(x=part["year"], y=values, name=label(program), mode="lines+markers+text",
                        line=dict(dash=dashes[i % len(dashes)], width=2.5), marker=dict(symbol=symbols[i % len(symbols)], size=9),
                        text=[f"{v:,.2f}" for v in values], textposition="top center",
                        hovertemplate=f"{label(program)} %{{x}}年: %{{y:,.2f}}{'万元' if money else part['unit_base'].iloc[0]}<extra></extra>")
    fig.update_layout(title=title, height=460)
    fig.update_xaxes(dtick=1, tickformat="d")
    fig.update_yaxes(tickformat=",.0f", rangemode="tozero")
    return _finish(fig)


# --- display ------------------------------------------------------------------------------------

_state = {"server": False}
_render_lock = threading.Lock()


def render_png(fig: go.Figure | dict) -> bytes:
    """The chart as PNG through kaleido; one Chromium is kept running for every chart of the process.

    Only the report builder calls this (through :func:`add_static_images`); :func:`show` never does.
    """
    import kaleido

    fig = go.Figure(fig) if isinstance(fig, dict) else fig
    with _render_lock, warnings.catch_warnings():
        warnings.simplefilter("ignore")
        if not _state["server"]:
            kaleido.start_sync_server(silence_warnings=True)
            _state["server"] = True
            atexit.register(lambda: kaleido.stop_sync_server(silence_warnings=True))
        return pio.to_image(fig, format="png", width=fig.layout.width or WIDTH, height=fig.layout.height or HEIGHT, scale=2)


def add_static_images(nb) -> int:
    """Adds the PNG to every chart output of an executed notebook that lacks one; returns how many.

    The report builder calls this after execution: kernels never render images, one Chromium here does.
    """
    added = 0
    for cell in nb.cells:
        for output in cell.get("outputs", []):
            data = output.get("data", {})
            if "application/vnd.plotly.v1+json" in data and "image/png" not in data:
                figure = {k: v for k, v in data["application/vnd.plotly.v1+json"].items() if k in ("data", "layout")}
                try:
                    png = render_png(figure)
                except Exception as exc:
                    raise RuntimeError(f"static chart image failed (Chromium needed: run `make system`): {exc}") from exc
                data["image/png"] = base64.b64encode(png).decode("ascii")
                added += 1
    return added


def mime_bundle(fig: go.Figure) -> dict:
    """plotly JSON (JupyterLab), inline HTML (exported HTML, offline) and a text label for one chart; no image."""
    # plotly.js itself is not repeated in every notebook: the report's HTML template inlines it once.
    html = fig.to_html(full_html=False, include_plotlyjs=False, config={"displaylogo": False, "responsive": True})
    return {
        "application/vnd.plotly.v1+json": json.loads(pio.to_json(fig, validate=False)) | {"config": {"displaylogo": False}},
        "text/html": html,
        "text/plain": f"<图表:{fig.layout.title.text or ''}>",
    }


def show(fig: go.Figure) -> None:
    """Displays a chart, interactive (plotly JSON and HTML) with a text label; never renders a PNG or starts Chromium."""
    from IPython.display import display

    display(mime_bundle(fig), raw=True)
