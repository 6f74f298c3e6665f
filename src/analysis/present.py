"""Showing text and tables in a notebook: data strings are always escaped, numbers always formatted."""

from __future__ import annotations

import html
from collections.abc import Callable

import pandas as pd

from analysis.units import format_number


def say(text: str) -> None:
    """Displays a generated sentence as a paragraph (escaped: report text never becomes markup)."""
    from IPython.display import display

    display({"text/html": f'<p class="narrative">{html.escape(text)}</p>', "text/plain": text}, raw=True)


def fmt_wan(yuan: float) -> str:
    """元 shown in 万元 with separators, two decimals at most."""
    return format_number(round(yuan / 10_000, 2))


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
    if unit_base == "元":
        return f"{fmt_wan(value)}万元"
    return f"{format_number(value)}{unit_base}"


def table_html(frame: pd.DataFrame, columns: dict[str, tuple[str, Callable | None]]) -> str:
    """An HTML table of ``frame``: ``columns`` maps a column to (Chinese header with unit, formatter)."""
    shown = pd.DataFrame({
        header: [fmt(v) if fmt else ("" if v is None or v != v else str(v)) for v in frame[column]]
        for column, (header, fmt) in columns.items()
    })
    numeric = [header for column, (header, fmt) in columns.items() if fmt is not None]
    table = shown.to_html(index=False, escape=True, classes="report-table", border=0)
    for header in numeric:  # right-align number columns
        table = table.replace(f"<th>{html.escape(header)}</th>", f'<th class="num">{html.escape(header)}</th>')
    return table


def table(frame: pd.DataFrame, columns: dict[str, tuple[str, Callable | None]]) -> None:
    """Displays a formatted table (thousands separators, units in headers, text escaped)."""
    from IPython.display import display

    if frame.empty:
        say("(无数据)")
        return
    display({"text/html": table_html(frame, columns), "text/plain": frame.to_string()}, raw=True)
