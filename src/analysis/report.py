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

# jsonschema, imported by nbformat, loads rfc3987_syntax when it is installed, which builds a grammar for
# ~0.7 s on every start; notebooks never use IRI formats, so the builder goes without (measured: bench).
sys.modules.setdefault("rfc3987_syntax", None)

from analysis import cache, config
from analysis.atomic import can_create_in, copy_file
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


def _check_writable(out: Path) -> None:
    if not can_create_in(out):
        raise ParameterError(f"--out {display_path(out)}: output folder is not writable")


def check_data(params: Params) -> None:
    """The data validated and the trend programs checked: before any kernel starts."""
    from analysis.load import load_figures

    figures = load_figures(data_dir=params.data_dir)  # DataError lists every problem
    if params.programs:
        check_programs(params.programs, set(figures["program"]))


def _kernel_manager(log: Path):
    """A kernel manager whose kernel writes its own stdout and stderr to ``log``, not into our progress lines."""
    from jupyter_client.manager import AsyncKernelManager

    class LoggedKernelManager(AsyncKernelManager):
        async def _async_launch_kernel(self, kernel_cmd, **kw):
            with open(log, "ab") as handle:  # the kernel keeps its own copy of the descriptor
                kw["stdout"] = kw["stderr"] = handle
                return await super()._async_launch_kernel(kernel_cmd, **kw)

    return LoggedKernelManager


def _execute(name: str, params: Params, staging: Path, out_dir: Path) -> Path:
    import nbformat
    import papermill
    from papermill.exceptions import PapermillExecutionError

    source = config.NOTEBOOKS_DIR / f"{name}.ipynb"
    target = staging / f"{name}.ipynb"
    try:
        papermill.execute_notebook(
            str(source), str(target), parameters=notebook_parameters(name, params), kernel_name="python3",
            progress_bar=False, log_output=False, report_mode=False,  # no cwd=: papermill would chdir the whole process
            kernel_manager_class=_kernel_manager(staging / f"{name}.kernel.log"),
        )
    except PapermillExecutionError as exc:
        failed = out_dir / f"{name}.failed.ipynb"
        if target.exists():
            copy_file(target, failed)
        lines = (exc.source or "").strip().splitlines()
        where = f"cell In [{exc.exec_count}]" + (f" ({lines[0][:60]})" if lines else "")
        last = exc.evalue.strip().splitlines()[-1] if exc.evalue.strip() else ""
        raise ReportError(
            f"notebook {name}.ipynb (year {params.year}) failed in {where}: {exc.ename}: {last}; "
            f"partial notebook kept at {display_path(failed)}"
        ) from None
    from analysis.charts import add_static_images

    nb = nbformat.read(target, as_version=4)
    if add_static_images(nb):
        nbformat.write(nb, target)
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
    import nbformat

    nb = prune(nbformat.read(notebook, as_version=4), params)
    nb.metadata["title"] = title
    resources = {"report_css": _css("report.css")}
    if any("application/vnd.plotly.v1+json" in o.get("data", {}) for c in nb.cells for o in c.get("outputs", [])):
        from plotly.offline import get_plotlyjs

        resources["plotly_js"] = get_plotlyjs()
    body, _ = _exporter().from_notebook_node(nb, resources=resources)
    target.write_text(body, encoding="utf-8")
    return target


def _title_cell(params: Params, generated: dt.date):
    import nbformat

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
    import nbformat

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


@dataclass
class Job:
    """One year's build: what is stale, where it is staged, the keys it will record."""

    params: Params
    out_dir: Path
    keys: dict[str, str]
    pdf_key: str
    manifest: dict
    stale: list[str]
    pdf_stale: bool
    staging: Path | None = None

    @property
    def pdf_name(self) -> str:
        return f"report-{self.params.year}.pdf"

    def result(self) -> BuiltReport:
        names = [n for n, _ in NOTEBOOKS]
        return BuiltReport(self.out_dir, self.out_dir / self.pdf_name,
                           [self.out_dir / f"{n}.ipynb" for n in names], [self.out_dir / f"{n}.html" for n in names])


def plan(params: Params, out: Path, force: bool = False) -> Job:
    """What must be rebuilt for one year, from content hashes alone (no data loading, no kernels)."""
    out_dir = Path(out) / str(params.year)
    if out_dir.is_dir():
        _remove_abandoned_staging(out_dir)
    data = cache.data_digest(params.data_dir)
    keys = {name: cache.notebook_key(config.NOTEBOOKS_DIR / f"{name}.ipynb", notebook_parameters(name, params), data)
            for name, _ in NOTEBOOKS}
    pdf_key = cache.key("pdf", keys)
    manifest = {} if force else cache.load(out_dir)
    stale = [name for name, _ in NOTEBOOKS if not cache.fresh(manifest, name, keys[name], out_dir)]
    pdf_stale = bool(stale) or not cache.fresh(manifest, "pdf", pdf_key, out_dir)
    return Job(params, out_dir, keys, pdf_key, manifest, stale, pdf_stale)


def _remove_abandoned_staging(out_dir: Path) -> None:
    """Staging folders of builds that were killed (their process is gone) are removed."""
    for folder in out_dir.glob(".staging-*"):
        try:
            pid = int(folder.name.split("-")[1])
            os.kill(pid, 0)
        except (ValueError, IndexError, ProcessLookupError):
            shutil.rmtree(folder, ignore_errors=True)
        except PermissionError:
            pass


def _finish(job: Job, executed: dict[str, Path], generated: dt.date) -> None:
    """HTML of the re-executed notebooks, the PDF, then everything renamed into place; manifest last."""
    names = [n for n, _ in NOTEBOOKS]
    titles = dict(NOTEBOOKS)
    for name in job.stale:
        export_html(executed[name], job.staging / f"{name}.html", f"{job.params.year}年{titles[name]}", job.params)
    notebooks = [executed.get(name, job.out_dir / f"{name}.ipynb") for name in names]
    render_pdf(notebooks, job.params, job.staging / job.pdf_name, generated)
    for name in job.stale:  # each file replaced atomically; the PDF last
        for suffix in (".ipynb", ".html"):
            os.replace(job.staging / f"{name}{suffix}", job.out_dir / f"{name}{suffix}")
        (job.out_dir / f"{name}.failed.ipynb").unlink(missing_ok=True)
        cache.record(job.manifest, name, job.keys[name], job.out_dir, [f"{name}.ipynb", f"{name}.html"])
    os.replace(job.staging / job.pdf_name, job.out_dir / job.pdf_name)
    cache.record(job.manifest, "pdf", job.pdf_key, job.out_dir, [job.pdf_name])
    cache.save(job.manifest, job.out_dir)


def build_reports(params_list: list[Params], out=None, force: bool = False, jobs: int | None = None) -> list[BuiltReport]:
    """Builds the reports of several years: stale notebooks of all years run in one parallel pool."""
    out = (Path(out) if out else config.REPORTS_DIR).resolve()
    _check_writable(out)
    planned = [plan(p, out, force) for p in params_list]
    todo = [job for job in planned if job.pdf_stale]
    for job in planned:
        if job not in todo:
            log(f"report {job.params.year}: up to date ({display_path(job.out_dir / job.pdf_name)}); --force rebuilds")
    if not todo:
        return [job.result() for job in planned]
    checked = set()
    for job in todo:  # every input checked before any kernel starts
        if (job.params.data_dir, tuple(job.params.programs)) not in checked:
            check_data(job.params)
            checked.add((job.params.data_dir, tuple(job.params.programs)))
    find_chromium()
    generated = dt.date.today()
    previous = os.environ.get("ANALYSIS_STATIC_IMAGES")
    os.environ["ANALYSIS_STATIC_IMAGES"] = "defer"  # kernels skip PNGs; one Chromium here renders them all
    pool = None
    try:
        for job in todo:
            job.out_dir.mkdir(parents=True, exist_ok=True)
            job.staging = Path(tempfile.mkdtemp(prefix=f".staging-{os.getpid()}-", dir=job.out_dir))
        tasks = [(job, name) for job in todo for name in job.stale]
        for job in todo:
            kept = [n for n, _ in NOTEBOOKS if n not in job.stale]
            log(f"report {job.params.year} (base year {job.params.base_year or '-'}): running {len(job.stale)} notebook(s)"
                + (f", reusing {', '.join(kept)}" if kept else ""))
        executed: dict[int, dict[str, Path]] = {id(job): {} for job in todo}
        pool = ThreadPoolExecutor(max_workers=jobs or max(1, min(len(tasks), os.cpu_count() or 1)))
        futures = [(job, name, pool.submit(_execute, name, job.params, job.staging, job.out_dir)) for job, name in tasks]
        for done, (job, name, future) in enumerate(futures, start=1):
            executed[id(job)][name] = future.result()
            log(f"  [{done}/{len(futures)}] {job.params.year} {name}.ipynb executed")
        pool.shutdown()
        for job in todo:
            _finish(job, executed[id(job)], generated)
            log(f"wrote {display_path(job.out_dir / job.pdf_name)}")
        return [job.result() for job in planned]
    except AnalysisError:
        raise
    except Exception as exc:
        raise ReportError(f"building the report failed: {type(exc).__name__}: {exc}") from exc
    finally:
        if pool is not None:
            pool.shutdown(wait=False, cancel_futures=True)
        if previous is None:
            os.environ.pop("ANALYSIS_STATIC_IMAGES", None)
        else:
            os.environ["ANALYSIS_STATIC_IMAGES"] = previous
        for job in todo:
            if job.staging is not None:
                shutil.rmtree(job.staging, ignore_errors=True)


def build_report(year=None, base_year=None, data_dir=None, out=None, programs=None, force: bool = False,
                 jobs: int | None = None) -> BuiltReport:
    """Runs the notebooks for ``year`` and writes ``out/year/``: executed notebooks, HTML, ``report-year.pdf``.

    Parameters are checked first, then the cache: an unchanged rerun writes nothing.
    """
    params = resolve(year=year, base_year=base_year, data_dir=data_dir, programs=programs)
    return build_reports([params], out=out, force=force, jobs=jobs)[0]


def build_all_years(data_dir=None, out=None, programs=None, force: bool = False, jobs: int | None = None) -> list[BuiltReport]:
    """Every year's report (each compared with the year before it), in parallel, reusing the cache."""
    first = resolve(data_dir=data_dir, programs=programs)
    params_list = [resolve(year=y, data_dir=first.data_dir, programs=programs) for y in first.years]
    return build_reports(params_list, out=out, force=force, jobs=jobs)
