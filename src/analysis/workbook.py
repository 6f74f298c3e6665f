"""The Excel workbook beside a PDF: one sheet per table the executed notebooks show, and every figure
of the year with its quote and source.

The tables come from what the report shows: :func:`analysis.present.table` displays, beside its HTML,
the table's data (:data:`~analysis.present.TABLE_MIME`: title, Chinese headers, kinds, numbers in the
header's unit). The workbook turns each into a sheet with a title row, a frozen header row, number
formats (``#,##0.00`` for 万元, ``0.0%`` for shares) and column widths that fit Chinese text. Written
with openpyxl, atomically (a temporary file renamed into place).
"""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

from analysis.atomic import atomic_path
from analysis.present import KNOWN_COLUMNS, TABLE_MIME, table_data

FIGURES_SHEET = "全部指标"
MAX_NAME = 31  # Excel's limit on a sheet name
FORBIDDEN = re.compile(r"[\[\]:*?/\\]")
FORMATS = {"wan": "#,##0.00", "pct": "0.0%", "signed": "+0.0%;-0.0%;0.0%", "int": "#,##0"}
MAX_WIDTH = 60  # widest column (in Excel's character units); longer text wraps
DECIMALS = 6  # as many decimals as present.fmt_num shows at most


def shown_tables(notebooks: list[Path]) -> list[dict]:
    """The data of every table the executed ``notebooks`` display, in order."""
    import nbformat

    tables = []
    for path in notebooks:
        nb = nbformat.read(path, as_version=4)
        for cell in nb.cells:
            for output in cell.get("outputs", []):
                data = output.get("data", {})
                if TABLE_MIME in data and data[TABLE_MIME].get("rows"):
                    tables.append(data[TABLE_MIME])
    return tables


def sheet_name(title: str, taken: set[str]) -> str:
    """A valid, unique sheet name from ``title``: no ``[]:*?/\\``, at most 31 characters, not yet ``taken``
    (compared as Excel does, ignoring case); ``taken`` is updated."""
    base = FORBIDDEN.sub("_", title).strip().strip("'") or "表"
    name, n = base[:MAX_NAME], 1
    while name.casefold() in taken:
        n += 1
        suffix = f"({n})"
        name = base[: MAX_NAME - len(suffix)] + suffix
    taken.add(name.casefold())
    return name


def text_width(text: str) -> int:
    """Display width in Excel's character units: a CJK (wide or full-width) character counts 2."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def number_format(kind: str, value: float, signed: bool = False) -> str:
    """The Excel number format of one cell: 万元 with two decimals, shares as percent, counts with
    separators and the decimals they have."""
    if kind == "wan":
        return FORMATS["wan"]
    if kind == "pct":
        return FORMATS["signed" if signed else "pct"]
    if float(value).is_integer():
        return FORMATS["int"]
    decimals = len(f"{value:.{DECIMALS}f}".rstrip("0").split(".")[1])
    return "#,##0." + "#" * max(2, decimals)


def _shown(kind: str, value, fmt: str) -> str:
    """Roughly what Excel shows in the cell, to size the column."""
    if not isinstance(value, int | float):
        return str(value)
    if kind == "pct":
        return f"{value * 100:+.1f}%"
    decimals = 0 if fmt == FORMATS["int"] else fmt.count("#") - 3
    return f"{value:,.{max(decimals, 0)}f}"


def _write_sheet(wb, name: str, table: dict, notes: list[str], mark: str) -> None:
    """One sheet: the marking of synthetic data, the title, notes, the header (frozen) and the rows."""
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    ws = wb.create_sheet(name)
    lines = ([(mark, Font(bold=True, color="C00000"))] if mark else []) + [(table["title"], Font(bold=True, size=13))]
    lines += [(note, Font(color="555555")) for note in notes]
    for text, font in lines:
        ws.append([text])
        ws.cell(ws.max_row, 1).font = font
    columns = table["columns"]
    ws.append([c["header"] for c in columns])
    header_row = ws.max_row
    widths = [text_width(c["header"]) for c in columns]
    for cell in ws[header_row]:
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor="DDE5F0")
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    for values in table["rows"]:
        ws.append(values)
        for index, (column, value) in enumerate(zip(columns, values)):
            cell = ws.cell(ws.max_row, index + 1)
            if isinstance(value, int | float) and not isinstance(value, bool):
                cell.number_format = number_format(column["kind"], value, column.get("signed", False))
            shown = "" if value is None else _shown(column["kind"], value, cell.number_format)
            widths[index] = max(widths[index], text_width(shown))
            if text_width(shown) > MAX_WIDTH:
                cell.alignment = Alignment(wrap_text=True, vertical="top")
    for index, width in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(index)].width = min(width + 2, MAX_WIDTH)
    ws.freeze_panes = ws.cell(header_row + 1, 1)
    ws.auto_filter.ref = f"A{header_row}:{get_column_letter(len(columns))}{ws.max_row}"


def figures_table(figures, year: int | None) -> dict:
    """Every figure of ``year`` with every column of the field dictionary, Chinese headers where the
    library has one, the flow as its Chinese word."""
    from analysis.fields import FIGURE_FIELDS
    from analysis.vocab import FLOW_WORDS

    rows = figures if year is None else figures[figures["year"] == year]
    names = [f.name for f in FIGURE_FIELDS if f.name in rows.columns]
    rows = rows[names].assign(**({"flow": rows["flow"].map(lambda c: FLOW_WORDS.get(c, c))} if "flow" in names else {}))
    columns = {name: KNOWN_COLUMNS.get(name, (name, None)) for name in names}
    title = f"{year}年全部指标" if year is not None else "全部指标"
    return table_data(rows, columns, f"{title}({len(rows)}项)")


def write_workbook(notebooks: list[Path], target: Path, figures=None, dataset=None, year: int | None = None) -> Path | None:
    """Writes ``target`` (.xlsx): one sheet per table shown in the executed ``notebooks`` (in order; the
    sheet named after the table's title, or 表N), then, when ``figures`` are given, the sheet 全部指标
    with every figure of ``year`` and the source of the year's report (from ``dataset``). A synthetic
    dataset is marked at the top of every sheet as in the PDF. Returns None, writing nothing, when the
    notebooks show no table."""
    tables = shown_tables([Path(p) for p in notebooks])
    if not tables:
        return None
    from openpyxl import Workbook

    from analysis.report.html import DEMO_MARK

    mark = DEMO_MARK if dataset is not None and dataset.get("synthetic") else ""
    wb = Workbook()
    wb.remove(wb.active)
    taken: set[str] = {FIGURES_SHEET.casefold()} if figures is not None else set()
    for number, table in enumerate(tables, start=1):
        table = {**table, "title": table.get("title") or f"表{number}"}
        _write_sheet(wb, sheet_name(table["title"], taken), table, [], mark)
    if figures is not None:
        source = dataset.source_for(year) if dataset is not None and year is not None else None
        notes = [f"数据来源:{source.title or '(无标题)'} {source.url or '(无网址)'}" if source else "数据来源:无记录",
                 "金额按报告原文的数值和单位列出;“上级指标”表示“其中”部分,合计时不重复计算。"]
        _write_sheet(wb, FIGURES_SHEET, figures_table(figures, year), notes, mark)
    with atomic_path(Path(target)) as tmp:
        wb.save(tmp)
    return Path(target)


def report_workbook(notebooks: list[Path], target: Path, data_dir, year: int) -> Path | None:
    """The workbook of a year's report: its notebooks' tables and every figure of ``year`` in ``data_dir``."""
    from analysis.load import load_dataset, load_figures

    return write_workbook(notebooks, target, load_figures([year], data_dir=data_dir), load_dataset(data_dir), year)
