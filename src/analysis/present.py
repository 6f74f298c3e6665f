"""Showing text and tables in a notebook: data strings are always escaped, numbers always formatted."""

from __future__ import annotations

import html
from collections.abc import Callable

import pandas as pd

from analysis.units import format_number, wan_yuan


def say(text: str) -> None:
    """Displays a generated sentence as a paragraph (escaped: report text never becomes markup)."""
    from IPython.display import display

    display({"text/html": f'<p class="narrative">{html.escape(text)}</p>', "text/plain": text}, raw=True)


def fmt_wan(yuan: float) -> str:
    """元 shown in 万元 with separators and always two decimals (1,447.00 beside 1,151.97)."""
    if yuan is None or yuan != yuan:
        return "—"
    return f"{wan_yuan(yuan):,.2f}"


def fmt_pct(value: float, decimals: int = 1, sign: bool = False) -> str:
    """A percentage with one decimal (``+`` for increases when ``sign``)."""
    if value is None or value != value:
        return "—"
    return f"{value:+.{decimals}f}%" if sign else f"{value:.{decimals}f}%"


def fmt_num(value: float) -> str:
    """A count or amount with thousands separators."""
    return format_number(value)


def fmt_base(value: float, unit_base: str) -> str:
    """A value in its base unit shown for people: money in 万元, anything else with its unit."""
    if value is None or value != value:
        return "—"
    if unit_base == "元":
        return f"{fmt_wan(value)}万元"
    return f"{format_number(value)}{unit_base}"


def table_html(frame: pd.DataFrame, columns: dict[str, tuple[str, Callable | None]]) -> str:
    """An HTML table of ``frame``: ``columns`` maps a column to (Chinese header with unit, formatter).

    Columns with a formatter are numbers (right-aligned); the others are text (left-aligned). Every
    cell is escaped, so report text never becomes markup.
    """
    e = html.escape
    head = "".join(f'<th class="{"num" if fmt else "text"}">{e(header)}</th>' for header, fmt in columns.values())
    rows = []
    for _, record in frame.iterrows():
        cells = []
        for column, (_, fmt) in columns.items():
            value = record[column]
            shown = fmt(value) if fmt else ("" if value is None or value != value else str(value))
            cells.append(f'<td class="{"num" if fmt else "text"}">{e(shown)}</td>')
        rows.append("<tr>" + "".join(cells) + "</tr>")
    return f'<table class="report-table"><thead><tr>{head}</tr></thead><tbody>{"".join(rows)}</tbody></table>'


def table(frame: pd.DataFrame, columns: dict[str, tuple[str, Callable | None]]) -> None:
    """Displays a formatted table (thousands separators, units in headers, text escaped); nothing if empty."""
    from IPython.display import display

    if frame.empty:
        return
    display({"text/html": table_html(frame, columns), "text/plain": frame.to_string()}, raw=True)
