"""Showing text and tables in a notebook: data strings are always escaped, numbers always formatted."""

from __future__ import annotations

import html
import re
from collections.abc import Callable

import pandas as pd

from analysis.units import format_number, wan_yuan


# Chinese typography of the sentences we write (GB/T 15834): half-width , : ; ( ) ? ! beside Chinese
# text become full-width; inside 《》 and “” (titles and verbatim quotes) nothing changes; 1,447 stays.
_WIDE = {",": "，", ":": "：", ";": "；", "(": "（", ")": "）", "?": "？", "!": "！"}
_PROTECTED = re.compile(r"《[^》]*》|“[^”]*”|&(?:[A-Za-z]+|#[0-9]+|#x[0-9A-Fa-f]+);")  # titles, quotes, HTML entities
_CJK = re.compile(r"[\u3000-\u303f\u3400-\u9fff\uff00-\uffef“”《》]")


def typeset(text: str) -> str:
    """``text`` with Chinese punctuation where it stands beside Chinese (titles in 《》 and quotes in
    “” kept as published): the one rule every sentence, heading and table header we write goes through."""
    kept = {i for m in _PROTECTED.finditer(text) for i in range(m.start(), m.end())}
    chars = list(text)
    stack: list[int] = []
    for i, ch in enumerate(text):  # parentheses as pairs: Chinese inside or beside makes both full-width
        if i in kept:
            continue
        if ch == "(":
            stack.append(i)
        elif ch == ")" and stack:
            start = stack.pop()
            if _CJK.search(text[max(0, start - 1):i + 2]):
                chars[start], chars[i] = "（", "）"
    for i, ch in enumerate(text):
        if ch in ",:;?!" and i not in kept:
            before, after = (chars[i - 1] if i else ""), (chars[i + 1] if i + 1 < len(chars) else "")
            if _CJK.match(before or " ") or _CJK.match(after or " "):
                chars[i] = _WIDE[ch]
    return "".join(chars)


def cn_date(value) -> str:
    """A date as Chinese documents print it: 2021年3月3日 (from a date or an ISO string); "" if empty."""
    import datetime as dt

    if not value:
        return ""
    day = value if isinstance(value, dt.date) else dt.date.fromisoformat(str(value))
    return f"{day.year}年{day.month}月{day.day}日"


EMPTY_MARK = "narrative empty-chapter"  # the class of a sentence that says a chapter has nothing to show


def say(text: str, empty: bool = False) -> None:
    """Displays a generated sentence as a paragraph, typeset (:func:`typeset`) and escaped (report text
    never becomes markup). ``empty=True``: the sentence only says there is nothing to show; a chapter
    whose outputs are all such sentences is left out of the report (the notebook still shows it)."""
    from IPython.display import display

    text = typeset(text)
    css = EMPTY_MARK if empty else "narrative"
    display({"text/html": f'<p class="{css}">{html.escape(text)}</p>', "text/plain": text}, raw=True)


def figure(fig, title: str) -> None:
    """Shows a chart with its title as a caption under it (numbered 图1, 图2, ... through the report by
    the report's stylesheet) instead of inside the image, so figures are numbered like tables."""
    from IPython.display import display

    from analysis import charts

    fig.update_layout(title_text="")
    charts.show(fig)
    text = typeset(title)
    display({"text/html": f'<p class="figure-title">{html.escape(text)}</p>', "text/plain": text}, raw=True)


def indent(level: int, label: str) -> str:
    """A row label of a table with parts: 其中 rows (level 2) indented by two ideographic spaces."""
    return ("\u3000\u3000" * max(0, level - 1)) + label


def fmt_wan(yuan: float) -> str:
    """元 shown in 万元 with separators and always two decimals (1,447.00 beside 1,151.97)."""
    if yuan is None or yuan != yuan:
        return "—"
    return fmt_wan_value(wan_yuan(yuan))


def fmt_pct(value: float, decimals: int = 1, sign: bool = False) -> str:
    """A percentage with one decimal (``+`` for increases when ``sign``)."""
    if value is None or value != value:
        return "—"
    return f"{value:+.{decimals}f}%" if sign else f"{value:.{decimals}f}%"


def fmt_pct_signed(value: float) -> str:
    """A change in percent with its sign (``+12.3%``, ``-4.0%``)."""
    return fmt_pct(value, sign=True)


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


def fmt_wan_value(wan: float) -> str:
    """An amount already in 万元, with separators and two decimals."""
    if wan is None or wan != wan:
        return "—"
    return f"{wan:,.2f}"


def _text(value) -> str:
    return "" if value is None or (isinstance(value, float) and value != value) else str(value)


Column = tuple[str, "Callable | None"]

# Chinese headers (with units) and formatters of the columns the library produces; ``table(frame)``
# uses them when no column map is given. A formatter means a number (right-aligned), None text.
KNOWN_COLUMNS: dict[str, Column] = {
    "id": ("编号", None),
    "year": ("年度", str),
    "section": ("领域", None),
    "program": ("项目", None),
    "indicator": ("指标", None),
    "item": ("计划事项", None),
    "value": ("数值", fmt_num),
    "unit": ("单位", None),
    "value_base": ("数值(基本单位)", fmt_num),
    "unit_base": ("基本单位", None),
    "flow": ("性质", None),
    "flow_label": ("性质", None),
    "parent": ("上级指标", None),
    "counts_for": ("对应金额指标", None),
    "funding": ("资金来源", None),
    "comparability": ("可比性", None),
    "reason": ("不计算增减的原因", None),
    "quote": ("原文", None),
    "note": ("备注", None),
    "kind": ("类型", None),
    "status": ("状态", None),
    "label": ("名称", None),
    "surface": ("原文写法", None),
    "spend_yuan": ("支出(万元)", fmt_wan),
    "spend_wan_yuan": ("支出(万元)", fmt_wan_value),
    "amount_yuan": ("金额(万元)", fmt_wan),
    "cost_yuan": ("人均(元)", fmt_num),
    "share_pct": ("占比", fmt_pct),
    "spent_share_pct": ("支出占比", fmt_pct),
    "change_pct": ("增减", fmt_pct_signed),
    "cagr_pct": ("年均增长", fmt_pct_signed),
    "count": ("人数", fmt_num),
    "count_unit": ("人数单位", None),
    "target_base": ("目标", fmt_num),
    "actual_base": ("实际", fmt_num),
    "first_year": ("起始年", str),
    "last_year": ("最近年", str),
}


def columns_for(frame: pd.DataFrame) -> dict[str, Column]:
    """The column map ``table(frame)`` uses: every column of ``frame`` in order, with its Chinese header
    where the column is known; an unknown column keeps its name and is a number if its values are."""
    columns: dict[str, Column] = {}
    for column in frame.columns:
        if column in KNOWN_COLUMNS:
            columns[column] = KNOWN_COLUMNS[column]
        elif pd.api.types.is_numeric_dtype(frame[column]) and not pd.api.types.is_bool_dtype(frame[column]):
            columns[column] = (str(column), fmt_num)
        else:
            columns[column] = (str(column), None)
    return columns


# Columns shown exactly as stored: the verbatim quotes of the report (every other text cell is typeset).
VERBATIM_COLUMNS = frozenset({"quote", "surface"})

# Inline alignment as well as the classes: JupyterLab right-aligns every cell of an output table with
# its own CSS and drops a <style> block from untrusted outputs, but honours an inline text-align.
_ALIGN = {"num": "text-align:right", "text": "text-align:left"}


def _cell(tag: str, kind: str, shown: str) -> str:
    return f'<{tag} class="{kind}" style="{_ALIGN[kind]}">{html.escape(shown)}</{tag}>'


def table_html(frame: pd.DataFrame, columns: dict[str, Column] | None = None, title: str | None = None) -> str:
    """An HTML table of ``frame``: ``columns`` maps a column to (Chinese header with unit, formatter);
    without it, every column with the headers of :data:`KNOWN_COLUMNS` (see :func:`columns_for`).

    Columns with a formatter are numbers (right-aligned); the others are text (left-aligned), in the
    report and in JupyterLab alike. Every cell is escaped, so report text never becomes markup.
    ``title`` becomes the caption; the report numbers captioned tables through the document (表1, 表2, ...).
    """
    if columns is None:
        columns = columns_for(frame)
    head = "".join(_cell("th", "num" if fmt else "text", typeset(str(header))) for header, fmt in columns.values())
    rows = []
    for _, record in frame.iterrows():
        cells = []
        for column, (_, fmt) in columns.items():
            value = record[column]
            shown = fmt(value) if fmt else _text(value) if column in VERBATIM_COLUMNS else typeset(_text(value))
            cells.append(_cell("td", "num" if fmt else "text", shown))
        rows.append("<tr>" + "".join(cells) + "</tr>")
    caption = f'<caption class="table-title">{html.escape(typeset(title))}</caption>' if title else ""
    return f'<table class="report-table">{caption}<thead><tr>{head}</tr></thead><tbody>{"".join(rows)}</tbody></table>'


# The data of a displayed table, beside its HTML, for the Excel workbook (analysis.workbook): exporters
# and JupyterLab show text/html and ignore this type.
TABLE_MIME = "application/vnd.analysis.table+json"


def _kind(fmt) -> tuple[str, Callable | None]:
    """A formatter's kind in the workbook and how a value becomes the number shown in the header's unit."""
    if fmt is fmt_wan:
        return "wan", wan_yuan
    if fmt is fmt_wan_value:
        return "wan", lambda v: v
    if fmt is fmt_pct or fmt is fmt_pct_signed:
        return "pct", lambda v: v / 100  # a percentage shown as a fraction under the format 0.0%
    if fmt is fmt_num:
        return "num", lambda v: v
    return "text", None


def _number(value, convert: Callable):
    if value is None or (isinstance(value, float) and value != value) or value is pd.NA or value is pd.NaT:
        return None
    try:
        number = float(value)
    except (TypeError, ValueError):
        return _text(value)  # not a number after all: kept as the text it is
    return None if number != number else convert(number)


def table_data(frame: pd.DataFrame, columns: dict[str, Column] | None = None, title: str | None = None) -> dict:
    """What :func:`table` shows as data (JSON): the title, each column's key, Chinese header and kind
    (``wan`` in 万元, ``pct`` as a fraction, ``num``, ``text``; ``signed`` for changes), and the rows,
    numbers in the header's unit. A column with another formatter keeps the text it displays."""
    if columns is None:
        columns = columns_for(frame)
    described, converters = [], []
    for column, (header, fmt) in columns.items():
        kind, convert = _kind(fmt) if fmt else ("text", None)
        described.append({"key": str(column), "header": typeset(str(header)), "kind": kind,
                          "signed": fmt is fmt_pct_signed})
        if convert is not None:
            converters.append(lambda v, c=convert: _number(v, c))
        elif fmt is None or fmt is str:
            converters.append(_text)
        else:
            converters.append(fmt)  # an unknown formatter: its displayed text
    rows = [[convert(record[column]) for convert, column in zip(converters, columns)] for _, record in frame.iterrows()]
    return {"title": typeset(title) if title else title, "columns": described, "rows": rows}


def table(frame: pd.DataFrame, columns: dict[str, Column] | None = None, title: str | None = None) -> None:
    """Displays a formatted table (thousands separators, units in headers, text escaped); nothing if empty.

    Without ``columns``, every column is shown with a sensible Chinese header (:data:`KNOWN_COLUMNS`).
    """
    from IPython.display import display

    if frame.empty:
        return
    display({"text/html": table_html(frame, columns, title), "text/plain": frame.to_string(),
             TABLE_MIME: table_data(frame, columns, title)}, raw=True)


# -- errors in a notebook -------------------------------------------------------------------------

# Command-line words in the library's messages, said in notebook terms (a parameter to set).
NOTEBOOK_TERMS = {
    "use --force": "set the parameter `force = True`",
    "--force": "the parameter `force = True`",
}


def in_notebook_terms(message: str, terms: dict[str, str] | None = None) -> str:
    """``message`` with the command line's options replaced by the notebook's parameters: ``terms``
    (e.g. ``{"--draft": "the parameter `out`"}``) first, then :data:`NOTEBOOK_TERMS`, then any other
    ``--name`` as the parameter ``name``."""
    for cli, notebook in {**(terms or {}), **NOTEBOOK_TERMS}.items():
        message = message.replace(cli, notebook)
    return re.sub(r"(?<![\w-])--([a-z][a-z0-9-]*)", lambda m: f"the parameter `{m.group(1).replace('-', '_')}`",
                  message)


def one_line_errors(terms: dict[str, str] | None = None) -> bool:
    """From now on in this kernel, the project's errors (:class:`~analysis.errors.AnalysisError`) show as
    one line, ``ErrorName: message`` with the fix in notebook terms, instead of a traceback; the cell
    still fails (papermill stops there). Other exceptions keep their traceback. False outside IPython.
    """
    try:
        from IPython import get_ipython
    except ImportError:  # pragma: no cover - IPython comes with ipykernel
        return False
    shell = get_ipython()
    if shell is None:
        return False
    from analysis.errors import AnalysisError

    def handler(shell, etype, value, tb, tb_offset=None):
        message = in_notebook_terms(str(value), terms)
        value.args = (message,)  # what papermill and the error output report as evalue
        stb = [f"{etype.__name__}: {message}"]
        shell._showtraceback(etype, value, stb)  # the kernel sends it as the cell's error output
        return stb

    shell.set_custom_exc((AnalysisError,), handler)
    return True
