"""The leadership PDF: a Chinese title page with the headline figures, every executed notebook
without code, printed by Chromium (no network, fresh profile)."""

from __future__ import annotations

import copy
import datetime as dt
import html
import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from analysis.errors import ReportError
from analysis.params import Params
from analysis.report.html import DEMO_MARK, css, exporter, prune

PDF_PRIORITY = ["image/png", "image/jpeg", "text/html", "text/markdown", "text/plain"]
CHROMIUM_FLAGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--disable-extensions", "--no-pdf-header-footer",
]


def find_chromium() -> str:
    """The Chromium executable (``ANALYSIS_CHROMIUM`` overrides)."""
    for candidate in (os.environ.get("ANALYSIS_CHROMIUM"), "chromium", "chromium-browser", "google-chrome"):
        if candidate and shutil.which(candidate):
            return shutil.which(candidate)
    raise ReportError("Chromium not found (needed for charts and the PDF): run `make system` or install Debian's chromium")


def _headlines(params: Params) -> list[tuple[str, str, str]]:
    """The title page's cards (label, value, note), from the figures of the report year only."""
    from analysis import calc
    from analysis.load import load_figures
    from analysis.present import fmt_num, fmt_wan

    figures = load_figures([params.year], data_dir=params.data_dir)
    year = params.year
    by_program = calc.spending_by_program(figures, year)
    people = calc.people_served(figures, year, n=1)
    balance = calc.donation_balance(figures, year)
    cards = []
    if not by_program.empty:
        top = by_program.iloc[0]
        cards.append(("各项目支出合计", f"{fmt_wan(by_program['spend_yuan'].sum())}万元", f"{len(by_program)}个项目,“其中”部分不重复计算"))
        cards.append((f"最大支出项目:{top['program']}", f"{fmt_wan(top['spend_yuan'])}万元", f"占支出合计的{top['share_pct']:.1f}%"))
    if not people.empty:
        row = people.iloc[0]
        cards.append((f"服务人数最多:{row['program']}", f"{fmt_num(row['value_base'])}{row['unit_base']}", row["indicator"]))
    if not balance.empty:
        row = balance.iloc[0]
        cards.append((f"{row['program']}结余", f"{fmt_wan(row['remaining_yuan'])}万元",
                      f"收到{fmt_wan(row['received_yuan'])}万元,已支出{row['spent_share_pct']:.1f}%"))
    return cards


def title_cell(params: Params, generated: dt.date):
    """The title page as one output cell: bureau, year, base year, date, headline cards, source."""
    import nbformat

    from analysis.load import load_dataset

    dataset = load_dataset(params.data_dir)
    year = params.year
    e = html.escape
    base = f"{params.base_year}年" if params.base_year else "无(数据中没有更早的年份)"
    source = dataset.source_for(year)
    title = source.title if source else ""
    published = source.published if source else ""
    cards_html = "".join(
        f'<div class="headline"><div class="label">{e(label)}</div><div class="value">{e(value)}</div>'
        f'<div class="note">{e(note)}</div></div>' for label, value, note in _headlines(params)
    )
    region = "" if dataset.bureau.startswith(dataset.region) else dataset.region
    mark = DEMO_MARK if dataset.get("synthetic") else ""
    mark_html = f'<div class="demo-mark">{e(mark)}</div>' if mark else ""
    page = (
        f'<div class="title-page">{mark_html}'
        f'<div class="region">{e(region)}</div>'
        f'<h1 class="report-title">{e(dataset.bureau)}<br>{year}年民政工作数据报告</h1>'
        f'<div class="meta">报告年度:{year}年 &nbsp;|&nbsp; 比较基准年:{e(base)}<br>'
        f'生成日期:{generated:%Y年%m月%d日}</div>'
        f'<div class="headlines">{cards_html}</div>'
        f'<div class="source-note">数据来源:{e(title)}'
        f'{("(" + e(published) + "发布)") if published else ""}。'
        f'金额单位除注明外为万元;收入、彩票销售额和减免不计入支出。</div></div>'
    )
    cell = nbformat.v4.new_code_cell("")
    cell.outputs = [nbformat.v4.new_output("display_data", data={"text/html": page, "text/plain": "title"})]
    return cell


def combined_notebook(executed: list[Path], params: Params, generated: dt.date):
    """One notebook for the PDF: a title page with headline figures, then every executed notebook."""
    import nbformat

    combined = nbformat.v4.new_notebook()
    combined.metadata["title"] = f"{params.year}年民政工作数据报告"
    combined.cells.append(title_cell(params, generated))
    for path in executed:
        nb = prune(nbformat.read(path, as_version=4), params)
        for cell in nb.cells:
            if "parameters" in cell.metadata.get("tags", []) or "injected-parameters" in cell.metadata.get("tags", []):
                continue
            combined.cells.append(copy.deepcopy(cell))
    return combined


def print_pdf(html_path: Path, pdf_path: Path) -> Path:
    """Chromium's print-to-PDF of a local HTML file (no network, fresh profile)."""
    chromium = find_chromium()
    with tempfile.TemporaryDirectory(prefix="chromium-profile-") as profile:
        command = [chromium, *CHROMIUM_FLAGS, f"--user-data-dir={profile}", f"--print-to-pdf={pdf_path}",
                   html_path.resolve().as_uri()]
        result = subprocess.run(command, capture_output=True, text=True, timeout=300)
    if result.returncode != 0 or not pdf_path.exists() or pdf_path.read_bytes()[:5] != b"%PDF-":
        raise ReportError(f"Chromium could not print the PDF (exit {result.returncode}): {result.stderr.strip()[-300:]}")
    return pdf_path


def render_pdf(executed: list[Path], params: Params, target: Path, generated: dt.date) -> Path:
    """The leadership PDF: Chinese title page, no code, static charts, page numbers."""
    nb = combined_notebook(executed, params, generated)
    body, _ = exporter(PDF_PRIORITY).from_notebook_node(nb, resources={"report_css": css("report.css", "print.css")})
    html_path = target.with_suffix(".print.html")
    html_path.write_text(body, encoding="utf-8")
    try:
        return print_pdf(html_path, target)
    finally:
        html_path.unlink(missing_ok=True)
