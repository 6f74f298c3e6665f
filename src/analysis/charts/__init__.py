"""Plotly figure builders with one house style for print, and their display.

Modules: ``style`` (CJK font sized for print, a colour and a pattern per section, neutral greys for
changes), ``money`` (one year's money), ``changes`` (two years: the bridge of the total, relative
changes), ``trends`` (small multiples over the years). Everything public is importable from here.

Every builder applies the house template to its own figure, so importing this package changes no
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
import json
import threading
import warnings

import plotly.graph_objects as go
import plotly.io as pio

from analysis.charts.changes import BRIDGE_ROWS, changes_bar, spending_bridge
from analysis.charts.money import (
    REMAINDER, cost_bar, cost_comparison, donation_flow, donation_waterfall, spending_bar, spending_treemap,
)
from analysis.charts.style import (
    BASE_YEAR, DECREASE, DECREASE_PATTERN, DECREASE_WORD, FONT_FAMILY, HEIGHT, INCREASE, INCREASE_PATTERN,
    INCREASE_WORD, MIN_FONT, SECTION_STYLE, TEMPLATE, TOTAL, WIDTH, YEAR, label, luma, section_color,
    section_pattern, use_house_style,
)
from analysis.charts.trends import trend_lines

__all__ = [
    "show", "mime_bundle", "add_static_images", "render_png", "use_house_style", "section_color", "section_pattern",
    "label", "luma", "spending_bar", "spending_treemap", "cost_bar", "cost_comparison", "donation_flow",
    "donation_waterfall", "spending_bridge", "changes_bar", "trend_lines",
    # the house style's constants, for tests and for notebooks that draw their own chart in the house style
    "FONT_FAMILY", "WIDTH", "HEIGHT", "MIN_FONT", "TEMPLATE", "SECTION_STYLE", "TOTAL", "INCREASE", "DECREASE",
    "INCREASE_PATTERN", "DECREASE_PATTERN", "INCREASE_WORD", "DECREASE_WORD", "BASE_YEAR", "YEAR", "BRIDGE_ROWS",
    "REMAINDER",
]

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
        "text/plain": f"<图表：{fig.layout.title.text or ''}>",
    }


def show(fig: go.Figure) -> None:
    """Displays a chart, interactive (plotly JSON and HTML) with a text label; never renders a PNG or starts Chromium."""
    from IPython.display import display

    display(mime_bundle(fig), raw=True)
