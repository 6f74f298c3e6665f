"""Building a year's report: papermill runs, one HTML per notebook, and the leadership PDF.

Everything is produced in a staging folder and moved onto the final paths only when complete, so an
earlier good report is never replaced by a broken or partial one.
"""

from __future__ import annotations

import copy
import datetime as dt
import html
import os
import shutil
import subprocess
import sys
import tempfile
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import nbformat

from analysis import config
from analysis.errors import AnalysisError, ParameterError, ReportError
from analysis.config import display_path
from analysis.params import Params, check_programs, resolve

NOTEBOOKS: tuple[tuple[str, str], ...] = (
    ("overview", "年度概览"),
    ("comparison", "年度比较"),
    ("trends", "项目趋势"),
)
PDF_PRIORITY = ["image/png", "image/jpeg", "text/html", "text/markdown", "text/plain"]
CHROMIUM_FLAGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--disable-extensions", "--no-pdf-header-footer",
]


@dataclass(frozen=True)
class BuiltReport:
    """What a build wrote: the output folder and its files."""

    out_dir: Path
    pdf: Path
    notebooks: list[Path]
    html: list[Path]


def log(message: str) -> None:
    """Progress on stderr, one line per step."""
    print(message, file=sys.stderr, flush=True)


def notebook_parameters(name: str, params: Params) -> dict:
    """The papermill parameters of one notebook."""
    data_dir = str(Path(params.data_dir).resolve())
    if name == "overview":
        return {"year": params.year, "data_dir": data_dir}
    if name == "comparison":
        return {"year": params.year, "base_year": params.base_year or 0, "data_dir": data_dir}
    return {"programs": list(params.programs), "data_dir": data_dir}


def find_chromium() -> str:
    """The Chromium executable (``ANALYSIS_CHROMIUM`` overrides)."""
    for candidate in (os.environ.get("ANALYSIS_CHROMIUM"), "chromium", "chromium-browser", "google-chrome"):
        if candidate and shutil.which(candidate):
            return shutil.which(candidate)
    raise ReportError("Chromium not found (needed for charts and the PDF): run `make system` or install Debian's chromium")


def _prepare_out(out: Path, year: int) -> Path:
    out_dir = Path(out) / str(year)
    probe = out_dir
    while not probe.exists():
        probe = probe.parent
    if not probe.is_dir() or not os.access(probe, os.W_OK):
        raise ParameterError(f"--out {display_path(out)}: output folder is not writable")
    out_dir.mkdir(parents=True, exist_ok=True)
    return out_dir


def check_inputs(year=None, base_year=None, data_dir=None, out=None, programs=None) -> Params:
    """Every parameter and the data itself checked before any kernel starts."""
    from analysis.load import load_figures

    params = resolve(year=year, base_year=base_year, data_dir=data_dir, programs=programs)
    figures = load_figures(data_dir=params.data_dir)  # DataError lists every problem
    if params.programs:
        check_programs(params.programs, set(figures["program"]))
    out = Path(out) if out else config.REPORTS_DIR
    probe = out
    while not probe.exists():
        probe = probe.parent
    if not probe.is_dir() or not os.access(probe, os.W_OK):
        raise ParameterError(f"--out {display_path(out)}: output folder is not writable")
    return params


def _execute(name: str, params: Params, staging: Path, out_dir: Path) -> Path:
    import papermill
    from papermill.exceptions import PapermillExecutionError

    source = config.NOTEBOOKS_DIR / f"{name}.ipynb"
    target = staging / f"{name}.ipynb"
    env_before = os.environ.get("ANALYSIS_REQUIRE_STATIC")
    try:
        papermill.execute_notebook(
            str(source), str(target), parameters=notebook_parameters(name, params), kernel_name="python3",
            cwd=str(config.PROJECT_DIR), progress_bar=False, log_output=False, report_mode=False,
        )
    except PapermillExecutionError as exc:
        failed = out_dir / f"{name}.failed.ipynb"
        if target.exists():
            shutil.copyfile(target, failed)
        first_line = ""
        try:
            nb = nbformat.read(target, as_version=4)
            first_line = nb.cells[exc.cell_index].source.strip().splitlines()[0]
        except Exception:
            pass
        where = f"cell {exc.cell_index + 1}" + (f" ({first_line[:60]})" if first_line else "")
        raise ReportError(
            f"notebook {name}.ipynb failed in {where}: {exc.ename}: {exc.evalue.strip().splitlines()[-1] if exc.evalue.strip() else ''}; "
            f"partial notebook kept at {display_path(failed)}"
        ) from None
    finally:
        if env_before is None:
            os.environ.pop("ANALYSIS_REQUIRE_STATIC", None)
    return target


def _exporter(priority: list[str] | None = None):
    from nbconvert import HTMLExporter
    from traitlets.config import Config

    cfg = Config()
    cfg.HTMLExporter.exclude_input = True
    cfg.HTMLExporter.exclude_input_prompt = True
    cfg.HTMLExporter.exclude_output_prompt = True
    if priority:
        cfg.NbConvertBase.display_data_priority = priority
    exporter = HTMLExporter(config=cfg, template_name="report", extra_template_basedirs=[str(config.TEMPLATES_DIR)])
    return exporter


def _css(*names: str) -> str:
    return "\n".join((config.TEMPLATES_DIR / name).read_text(encoding="utf-8") for name in names)


def prune(nb, params: Params):
    """Drops the headings that would stand empty: comparison without a base year, trends of one year."""
    drop = set()
    if params.base_year is None:
        drop.add("needs-base-year")
    if len(params.years) < 2:
        drop.add("needs-several-years")
    nb.cells = [c for c in nb.cells if not drop & set(c.metadata.get("tags", []))]
    return nb


def export_html(notebook: Path, target: Path, title: str, params: Params) -> Path:
    """One self-contained HTML per executed notebook: no code, no prompts, interactive charts, no CDN."""
    nb = prune(nbformat.read(notebook, as_version=4), params)
    nb.metadata["title"] = title
    body, _ = _exporter().from_notebook_node(nb, resources={"report_css": _css("report.css")})
    target.write_text(body, encoding="utf-8")
    return target


def _title_cell(params: Params, generated: dt.date):
    from analysis import calc
    from analysis.load import load_dataset, load_figures
    from analysis.present import fmt_num, fmt_wan

    dataset = load_dataset(params.data_dir)
    figures = load_figures(data_dir=params.data_dir)
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
    e = html.escape
    base = f"{params.base_year}年" if params.base_year else "无(数据中没有更早的年份)"
    source = (dataset.get("sources") or {}).get(year) or {}
    cards_html = "".join(
        f'<div class="headline"><div class="label">{e(label)}</div><div class="value">{e(value)}</div>'
        f'<div class="note">{e(note)}</div></div>' for label, value, note in cards
    )
    region = "" if str(dataset["bureau"]).startswith(str(dataset["region"])) else str(dataset["region"])
    page = (
        f'<div class="title-page"><div class="region">{e(region)}</div>'
        f'<h1 class="report-title">{e(str(dataset["bureau"]))}<br>{year}年民政工作数据报告</h1>'
        f'<div class="meta">报告年度:{year}年 &nbsp;|&nbsp; 比较基准年:{e(base)}<br>'
        f'生成日期:{generated:%Y年%m月%d日}</div>'
        f'<div class="headlines">{cards_html}</div>'
        f'<div class="source-note">数据来源:{e(str(source.get("title", "")))}'
        f'{("(" + e(str(source.get("published"))) + "发布)") if source.get("published") else ""}。'
        f'金额单位除注明外为万元;收入、彩票销售额和减免不计入支出。</div></div>'
    )
    cell = nbformat.v4.new_code_cell("")
    cell.outputs = [nbformat.v4.new_output("display_data", data={"text/html": page, "text/plain": "title"})]
    return cell


def combined_notebook(executed: list[Path], params: Params, generated: dt.date):
    """One notebook for the PDF: a title page with headline figures, then every executed notebook."""
    combined = nbformat.v4.new_notebook()
    combined.metadata["title"] = f"{params.year}年民政工作数据报告"
    combined.cells.append(_title_cell(params, generated))
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
    body, _ = _exporter(PDF_PRIORITY).from_notebook_node(nb, resources={"report_css": _css("report.css", "print.css")})
    html_path = target.with_suffix(".print.html")
    html_path.write_text(body, encoding="utf-8")
    try:
        return print_pdf(html_path, target)
    finally:
        html_path.unlink(missing_ok=True)


def build_report(year=None, base_year=None, data_dir=None, out=None, programs=None, jobs: int | None = None) -> BuiltReport:
    """Runs the notebooks for ``year`` and writes ``out/year/``: executed notebooks, HTML, ``report-year.pdf``."""
    params = check_inputs(year, base_year, data_dir, out, programs)
    find_chromium()
    out_dir = _prepare_out(Path(out) if out else config.REPORTS_DIR, params.year)
    staging = Path(tempfile.mkdtemp(prefix=".staging-", dir=out_dir))
    generated = dt.date.today()
    os.environ["ANALYSIS_REQUIRE_STATIC"] = "1"  # inherited by the kernels: a chart without its image fails the build
    try:
        names = [name for name, _ in NOTEBOOKS]
        log(f"report {params.year} (base year {params.base_year or '-'}): running {len(names)} notebooks with papermill")
        executed: dict[str, Path] = {}
        with ThreadPoolExecutor(max_workers=jobs or min(len(names), os.cpu_count() or 1)) as pool:
            futures = {name: pool.submit(_execute, name, params, staging, out_dir) for name in names}
            for i, name in enumerate(names, start=1):
                executed[name] = futures[name].result()
                log(f"  [{i}/{len(names)}] {name}.ipynb executed")
        for name, title in NOTEBOOKS:
            export_html(executed[name], staging / f"{name}.html", f"{params.year}年{title}", params)
        log(f"  HTML written ({len(names)} files)")
        pdf_name = f"report-{params.year}.pdf"
        render_pdf([executed[n] for n in names], params, staging / pdf_name, generated)
        log("  PDF printed")
        finals = []
        for name in names:  # each file replaced atomically; the PDF last
            for suffix in (".ipynb", ".html"):
                os.replace(staging / f"{name}{suffix}", out_dir / f"{name}{suffix}")
                finals.append(out_dir / f"{name}{suffix}")
            (out_dir / f"{name}.failed.ipynb").unlink(missing_ok=True)
        os.replace(staging / pdf_name, out_dir / pdf_name)
        log(f"wrote {display_path(out_dir / pdf_name)}")
        return BuiltReport(out_dir, out_dir / pdf_name,
                           [out_dir / f"{n}.ipynb" for n in names], [out_dir / f"{n}.html" for n in names])
    except AnalysisError:
        raise
    except Exception as exc:
        raise ReportError(f"building the report failed: {type(exc).__name__}: {exc}") from exc
    finally:
        os.environ.pop("ANALYSIS_REQUIRE_STATIC", None)
        shutil.rmtree(staging, ignore_errors=True)
