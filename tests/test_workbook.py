"""The Excel workbook beside the PDF: the data a displayed table carries, the sheets written from it
(names, formats, frozen header, widths, marking of synthetic data) and, on the real 2020 report, the
workbook read back with openpyxl against the calculation and the PDF's printed total."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import nbformat
import openpyxl
import pandas as pd
import pytest

from analysis import calc, load_dataset, load_figures
from analysis.fields import FIGURE_FIELDS
from analysis.present import (KNOWN_COLUMNS, TABLE_MIME, fmt_num, fmt_pct, fmt_pct_signed, fmt_wan, fmt_wan_value,
                              table, table_data, typeset)
from analysis.report.html import DEMO_MARK, exporter
from analysis.report.pdf import PDF_PRIORITY
from analysis.units import wan_yuan
from analysis.workbook import FIGURES_SHEET, sheet_name, text_width, write_workbook

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "data"
SYNTHETIC = ROOT / "tests" / "fixtures" / "two_years"  # synthetic, marked so in its dataset.yml

# A small table of invented numbers (synthetic), one column per formatter the library has.
FRAME = pd.DataFrame({
    "program": ["甲项目", "乙项目<b>", "丙项目"],
    "year": [2020, 2020, 2021],
    "spend_yuan": [14_470_000.0, 6_360_300.0, float("nan")],
    "spend_wan": [1447.0, 636.03, 1.5],
    "share_pct": [68.0, 29.97, 2.03],
    "change_pct": [12.34, -4.0, 0.0],
    "count": [710, 1234.5, 3],
    "ratio": [1.5, 2.25, 0.5],
})
COLUMNS = {
    "program": ("项目", None), "year": ("年度", str), "spend_yuan": ("支出(万元)", fmt_wan),
    "spend_wan": ("预算(万元)", fmt_wan_value), "share_pct": ("占比", fmt_pct), "change_pct": ("变化率", fmt_pct_signed),
    "count": ("人数", fmt_num), "ratio": ("倍数", lambda v: f"×{v:.1f}"),
}


def notebook_with(tables: list[dict], path: Path) -> Path:
    """An executed-looking notebook whose outputs are the displays of ``tables`` (as present.table shows them)."""
    nb = nbformat.v4.new_notebook()
    for data in tables:
        cell = nbformat.v4.new_code_cell("table(...)")
        cell.outputs = [nbformat.v4.new_output("display_data", data={"text/html": "<table></table>", TABLE_MIME: data})]
        nb.cells.append(cell)
    nbformat.validate(nb)
    nbformat.write(nb, path)
    return path


def header_row(ws) -> int:
    """The row of the column headers: the one frozen panes start below."""
    return ws[ws.freeze_panes].row - 1


def plain(header: str) -> str:
    return header.replace("（", "(").replace("）", ")")


# -- the data a table carries -----------------------------------------------------------------------


def test_table_data_kinds_and_numbers_in_the_headers_unit():
    data = table_data(FRAME, COLUMNS, "测试表")
    json.dumps(data)  # plain JSON, as a notebook output must be
    kinds = {c["key"]: (c["header"], c["kind"], c["signed"]) for c in data["columns"]}
    assert kinds["spend_yuan"] == ("支出（万元）", "wan", False)  # typeset as the HTML table's header
    assert kinds["spend_wan"][1] == "wan" and kinds["share_pct"][1:] == ("pct", False)
    assert kinds["change_pct"][1:] == ("pct", True) and kinds["count"][1] == "num"
    assert kinds["program"][1] == kinds["year"][1] == kinds["ratio"][1] == "text"
    first, second, third = data["rows"]
    assert first[2] == wan_yuan(14_470_000.0) == 1447.0 and second[2] == pytest.approx(636.03)
    assert third[2] is None  # NaN: an empty cell, not "—"
    assert first[3] == 1447.0 and first[4] == pytest.approx(0.68) and second[5] == pytest.approx(-0.04)
    assert first[6] == 710 and second[6] == 1234.5
    assert first[1] == "2020" and second[0] == "乙项目<b>"  # text as it is (the workbook is no HTML)
    assert first[7] == "×1.5"  # an unknown formatter: the text the table shows
    assert data["title"] == "测试表"


def test_table_displays_the_data_beside_the_html(monkeypatch):
    shown = []
    monkeypatch.setattr("IPython.display.display", lambda obj, raw=False: shown.append(obj))
    table(FRAME, COLUMNS, "测试表")
    table(FRAME.iloc[0:0], COLUMNS)  # empty: nothing shown
    assert len(shown) == 1
    assert "<table" in shown[0]["text/html"] and shown[0][TABLE_MIME] == table_data(FRAME, COLUMNS, "测试表")


def test_known_signed_columns_use_the_named_formatter():
    assert KNOWN_COLUMNS["change_pct"][1] is fmt_pct_signed and fmt_pct_signed(3.25) == "+3.2%"


@pytest.mark.parametrize("priority", [None, PDF_PRIORITY], ids=["html", "pdf"])
def test_report_exporters_show_the_html_not_the_data(priority):
    nb = nbformat.v4.new_notebook()
    cell = nbformat.v4.new_code_cell("")
    cell.outputs = [nbformat.v4.new_output("display_data", data={
        "text/html": '<table class="report-table"><tr><td>甲项目</td></tr></table>', "text/plain": "plain-fallback",
        TABLE_MIME: table_data(FRAME, COLUMNS)})]
    nb.cells.append(cell)
    body, _ = exporter(priority).from_notebook_node(nb, resources={"report_css": ""})
    assert '<table class="report-table">' in body
    assert "spend_yuan" not in body and "plain-fallback" not in body and "vnd.analysis" not in body


# -- sheets written from the data -------------------------------------------------------------------


def test_sheet_names_are_valid_unique_and_short():
    taken = {FIGURES_SHEET}
    names = [sheet_name(t, taken) for t in ("支出[万元]: 按项目/领域?", "长" * 40, "长" * 40, "全部指标", "Sheet", "sheet")]
    assert names[0] == "支出_万元__ 按项目_领域_"
    assert all(len(n) <= 31 and not re.search(r"[\[\]:*?/\\]", n) for n in names)
    assert len({n.casefold() for n in names} | {FIGURES_SHEET}) == len(names) + 1
    assert names[2].endswith("(2)") and names[3] == "全部指标(2)" and names[5] == "sheet(2)"


def test_text_width_counts_cjk_double():
    assert text_width("支出(万元)") == 2 * 4 + 2 and text_width("1,447.00") == 8


def test_workbook_sheets_formats_frozen_header_and_widths(tmp_path):
    notebook = notebook_with([table_data(FRAME, COLUMNS, "各项目支出"), table_data(FRAME[["program", "count"]], None)],
                             tmp_path / "shown.ipynb")
    target = write_workbook([notebook], tmp_path / "out.xlsx")
    assert target == tmp_path / "out.xlsx"
    wb = openpyxl.load_workbook(target)
    assert wb.sheetnames == ["各项目支出", "表2"]  # no figures given: no 全部指标
    ws = wb["各项目支出"]
    assert ws["A1"].value == "各项目支出" and ws.freeze_panes == "A3"
    assert [plain(c.value) for c in ws[2]] == [h for h, _ in COLUMNS.values()]
    row = {h: c for h, c in zip([h for h, _ in COLUMNS.values()], ws[3])}
    assert row["支出(万元)"].value == 1447 and row["支出(万元)"].number_format == "#,##0.00"
    assert row["预算(万元)"].number_format == "#,##0.00"
    assert row["占比"].value == pytest.approx(0.68) and row["占比"].number_format == "0.0%"
    assert row["变化率"].number_format.startswith("+0.0%")
    assert row["人数"].number_format == "#,##0" and ws.cell(4, 7).number_format == "#,##0.##"
    assert row["倍数"].value == "×1.5" and row["年度"].value == "2020"
    assert ws.cell(5, 3).value is None  # NaN stays empty
    assert ws.column_dimensions["A"].width >= text_width("乙项目<b>")  # CJK counted double
    assert wb["表2"]["A1"].value == "表2" and [c.value for c in wb["表2"][2]] == ["项目", "人数"]


def test_figures_sheet_has_every_figure_of_the_year_and_the_source(tmp_path):
    figures = load_figures(data_dir=SYNTHETIC)
    dataset = load_dataset(SYNTHETIC)
    notebook = notebook_with([table_data(FRAME, COLUMNS)], tmp_path / "shown.ipynb")
    wb = openpyxl.load_workbook(write_workbook([notebook], tmp_path / "out.xlsx", figures, dataset, 2021))
    assert wb.sheetnames == ["表1", FIGURES_SHEET]
    for ws in wb:  # synthetic data is said so on top of every sheet, as on every page of its PDF
        assert ws["A1"].value == DEMO_MARK
    ws = wb[FIGURES_SHEET]
    top = header_row(ws)
    names = [f.name for f in FIGURE_FIELDS if f.name in figures.columns]
    assert [c.value for c in ws[top]] == [typeset(KNOWN_COLUMNS.get(n, (n, None))[0]) for n in names]
    ids = [ws.cell(r, 1).value for r in range(top + 1, ws.max_row + 1)]
    assert ids == list(figures.loc[figures["year"] == 2021, "id"])
    notes = " ".join(str(ws.cell(r, 1).value) for r in range(1, top))
    assert dataset.source_for(2021).title in notes


def test_no_table_writes_nothing_and_a_failed_write_keeps_the_old_file(tmp_path, monkeypatch):
    empty = notebook_with([], tmp_path / "empty.ipynb")
    assert write_workbook([empty], tmp_path / "none.xlsx") is None and not (tmp_path / "none.xlsx").exists()
    target = tmp_path / "kept.xlsx"
    target.write_bytes(b"an earlier workbook")
    monkeypatch.setattr("openpyxl.Workbook.save", lambda self, path: Path(path).write_bytes(b"half") and 1 / 0)
    with pytest.raises(ZeroDivisionError):
        write_workbook([notebook_with([table_data(FRAME, COLUMNS)], tmp_path / "t.ipynb")], target)
    assert target.read_bytes() == b"an earlier workbook" and sorted(os.listdir(tmp_path)) == ["empty.ipynb", "kept.xlsx", "t.ipynb"]


# -- the real 2020 report ---------------------------------------------------------------------------


def spending_sheet(wb):
    """The first sheet of spending per program (headers 项目 and 支出(万元)), whatever its title."""
    for ws in wb:
        if ws.freeze_panes and ws.title != FIGURES_SHEET:
            headers = [plain(str(c.value)) for c in ws[header_row(ws)]]
            if {"项目", "支出(万元)"} <= set(headers):
                return ws, headers
    raise AssertionError(f"no sheet of spending per program among {wb.sheetnames}")


@pytest.mark.integration
def test_report_workbook_beside_the_pdf(report_2020_session):
    target = report_2020_session.out_dir / "report-2020.xlsx"
    wb = openpyxl.load_workbook(target)
    assert wb.sheetnames[-1] == FIGURES_SHEET and len(wb.sheetnames) >= 4
    for ws in wb:
        assert ws.freeze_panes and header_row(ws) >= 1
        headers = [c.value for c in ws[header_row(ws)]]
        assert all(re.search(r"[\u4e00-\u9fff]", str(h)) for h in headers), (ws.title, headers)
        assert DEMO_MARK not in str(ws["A1"].value)  # real data: no marking
    ws, headers = spending_sheet(wb)
    spend = headers.index("支出(万元)") + 1
    share = next(i for i, h in enumerate(headers, start=1) if h.startswith("占"))  # 占比, 占合计
    assert ws.cell(header_row(ws) + 1, spend).number_format == "#,##0.00"
    assert ws.cell(header_row(ws) + 1, share).number_format == "0.0%"
    figures = wb[FIGURES_SHEET]
    assert figures.max_row - header_row(figures) == len(load_figures([2020], data_dir=DATA))
    assert load_dataset(DATA).source_for(2020).url in " ".join(str(figures.cell(r, 1).value) for r in range(1, header_row(figures)))


@pytest.mark.integration
def test_report_workbook_total_equals_the_calculation_and_the_pdf(report_2020_session):
    ws, headers = spending_sheet(openpyxl.load_workbook(report_2020_session.out_dir / "report-2020.xlsx"))
    spend = headers.index("支出(万元)") + 1
    label = headers.index("项目")
    rows = [[c.value for c in row] for row in ws.iter_rows(min_row=header_row(ws) + 1)]
    total_rows = [r for r in rows if str(r[label]).strip() == "合计"]
    # the programs, without the 合计 row and without 其中 rows (parts already inside their program)
    parts = sum(r[spend - 1] for r in rows if r not in total_rows and not str(r[label]).strip().startswith("其中"))
    expected = round(wan_yuan(calc.total_spending_yuan(load_figures([2020], data_dir=DATA), 2020)), 2)
    assert round(parts, 2) == expected
    for row in total_rows:  # a 合计 row, if the table has one, says the same
        assert round(row[spend - 1], 2) == expected
    text = re.sub(r"\s+", "", subprocess.run(["pdftotext", str(report_2020_session.pdf), "-"], capture_output=True,
                                             text=True, check=True).stdout)
    printed = f"{expected:,.2f}"
    assert re.search("合计[^0-9]{0,30}" + re.escape(printed), text), f"the PDF prints no 合计 of {printed}"


@pytest.mark.integration
def test_warm_rerun_keeps_the_workbook_and_a_deleted_one_is_rebuilt(report_2020_session, tmp_path):
    from analysis.report import build_report

    out = tmp_path / "out"
    shutil.copytree(report_2020_session.out_dir.parent, out)  # copy2: times kept, the cache still applies
    folder = out / "2020"
    before = {p.name: p.stat().st_mtime_ns for p in folder.iterdir()}
    build_report(year=2020, data_dir=DATA, out=out)
    assert {p.name: p.stat().st_mtime_ns for p in folder.iterdir()} == before  # nothing written
    (folder / "report-2020.xlsx").unlink()
    build_report(year=2020, data_dir=DATA, out=out)
    assert openpyxl.load_workbook(folder / "report-2020.xlsx").sheetnames[-1] == FIGURES_SHEET
    for name in ("overview.ipynb", "comparison.ipynb", "trends.ipynb"):  # no notebook ran again
        assert (folder / name).stat().st_mtime_ns == before[name]
