"""The house style of every chart: CJK font sized for print, one colour and pattern per section, neutral greys.

Print sizes: the PDF prints a chart WIDTH (800) layout pixels wide on about 16 cm, so one pixel is
about 0.57 pt and the smallest text (MIN_FONT, 17 px) prints at about 9.6 pt.

Colours survive greyscale print: the sections' colours sit on grey levels 20 apart and each has a
bar pattern (analysis.vocab.SECTIONS); changes and comparisons use neutral greys far apart in
lightness, the lighter one hatched, never red against green.
"""

from __future__ import annotations

import html

import plotly.graph_objects as go
import plotly.io as pio

from analysis import vocab
from analysis.present import fmt_wan_value

FONT_FAMILY = "WenQuanYi Micro Hei, Noto Sans CJK SC, Source Han Sans SC, Microsoft YaHei, sans-serif"  # the PDF text's face
WIDTH, HEIGHT = 800, 480
MIN_FONT, FONT, TITLE_FONT = 17, 18, 21  # px; at 800 px on 16 cm: 9.6, 10.2 and 11.9 pt
GRID, LINE, INK = "#dddddd", "#444444", "#222222"

# One colour and one bar pattern per section, from the section registry.
SECTION_STYLE: dict[str, tuple[str, str]] = {s.name: (s.colour, s.pattern) for s in vocab.SECTIONS}

# Neutral greys (Rec. 601 luma 51, 140, 217): totals dark, increases mid grey, decreases light and hatched.
TOTAL, INCREASE, DECREASE = "#333333", "#8c8c8c", "#d9d9d9"
INCREASE_PATTERN, DECREASE_PATTERN = "", "/"
INCREASE_WORD, DECREASE_WORD, UNCHANGED_WORD = "增长", "下降", "持平"
# Two years side by side: the base year light and hatched, the year dark.
BASE_YEAR, YEAR = "#cfcfcf", "#3d3d3d"
BASE_YEAR_PATTERN = "/"
MINUS = "\u2212"  # the minus sign of printed numbers (−67.89), not a hyphen

pio.templates["civil_affairs"] = go.layout.Template(
    layout=go.Layout(
        font=dict(family=FONT_FAMILY, size=FONT, color=INK),
        title=dict(font=dict(size=TITLE_FONT), x=0.0, xanchor="left", y=0.98, yanchor="top"),
        uniformtext=dict(minsize=MIN_FONT, mode="hide"),
        paper_bgcolor="white",
        plot_bgcolor="white",
        colorway=[c for c, _ in SECTION_STYLE.values()],
        xaxis=dict(showgrid=False, linecolor=LINE, ticks="outside", automargin=True, tickfont=dict(size=MIN_FONT),
                   title=dict(font=dict(size=FONT))),
        yaxis=dict(gridcolor=GRID, zerolinecolor=LINE, tickformat=",~r", automargin=True, tickfont=dict(size=MIN_FONT),
                   title=dict(font=dict(size=FONT))),
        legend=dict(orientation="h", yanchor="bottom", y=1.01, x=0, font=dict(size=MIN_FONT)),
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


def luma(color: str) -> float:
    """Grey level (0-255, Rec. 601 as greyscale printing and Pillow's "L" use) of a ``#rrggbb`` colour."""
    r, g, b = (int(color[i:i + 2], 16) for i in (1, 3, 5))
    return 0.299 * r + 0.587 * g + 0.114 * b


def fill(color: str, pattern: str = "", outline: str = INK) -> dict:
    """A bar marker: solid colour with the pattern drawn over it in a contrasting ink, and an outline."""
    marker = dict(color=color, line=dict(color=outline, width=0.8))
    if pattern:
        ink = "white" if luma(color) < 128 else INK
        marker["pattern"] = dict(shape=pattern, fillmode="overlay", fgcolor=ink, fgopacity=0.5, size=9, solidity=0.3)
    return marker


def section_fill(section: str) -> dict:
    """The bar marker of a report section."""
    return fill(section_color(section), section_pattern(section))


def label(text: str) -> str:
    """Report text as a chart label: plotly reads a few HTML tags in labels, so escape them."""
    return html.escape(str(text), quote=False)


def wan(value: float) -> str:
    """万元 with separators and two decimals (1,151.97)."""
    return fmt_wan_value(value)


def signed_wan(value: float) -> str:
    """A change in 万元 with its sign: +123.45, −67.89, 0.00."""
    text = wan(abs(value))
    return text if round(value, 2) == 0 else ("+" if value > 0 else MINUS) + text


def change_words(pct: float) -> str:
    """A relative change in words: 增长12.3%, 下降4.0%, 持平; empty when unknown."""
    if pct is None or pct != pct:
        return ""
    if round(pct, 1) == 0:
        return UNCHANGED_WORD
    return f"{INCREASE_WORD if pct > 0 else DECREASE_WORD}{abs(pct):.1f}%"


def finish(fig: go.Figure) -> go.Figure:
    """House template on the figure, house font on every trace's text too (kaleido would otherwise fall back
    to a serif face); title escaped."""
    fig.update_layout(template=TEMPLATE)
    fig.update_traces(textfont_family=FONT_FAMILY, selector=lambda t: "textfont" in t)
    fig.update_traces(textfont_size=MIN_FONT, selector=lambda t: "textfont" in t and not t.textfont.size)
    if fig.layout.title.text:
        fig.update_layout(title_text=label(fig.layout.title.text))
    return _typeset(fig)


def _typeset(fig: go.Figure) -> go.Figure:
    """Chinese punctuation in every text of the chart we write (titles, axis titles, names, labels,
    category labels), as in the report's sentences (:func:`analysis.present.typeset`)."""
    from analysis.present import typeset

    def each(value):
        if isinstance(value, str):
            return typeset(value)
        if not isinstance(value, (str, bytes, dict)) and hasattr(value, "__len__"):
            items = list(value)
            if items and all(isinstance(v, str) for v in items):
                return [typeset(v) for v in items]
        return value

    if fig.layout.title.text:
        fig.layout.title.text = typeset(fig.layout.title.text)
    for axis in (fig.layout[name] for name in fig.layout if name.startswith(("xaxis", "yaxis"))):
        if axis.title.text:
            axis.title.text = typeset(axis.title.text)
        if axis.categoryarray is not None:
            axis.categoryarray = each(list(axis.categoryarray))
    for note in fig.layout.annotations:
        if note.text:
            note.text = typeset(note.text)
    for trace in fig.data:
        for key in ("name", "text", "x", "y"):
            value = getattr(trace, key, None)
            if value is not None:
                setattr(trace, key, each(value))
    return fig


def empty(title: str) -> go.Figure:
    """The no-data figure: the title and 无数据."""
    fig = go.Figure()
    fig.update_layout(title=title, annotations=[dict(text="无数据", showarrow=False, font=dict(size=TITLE_FONT))],
                      xaxis_visible=False, yaxis_visible=False, height=200)
    return finish(fig)
