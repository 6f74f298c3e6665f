"""Building reports: what is stale (content hashes), the data checked, the stale notebooks of every
year run in one parallel pool, then HTML, PDF and an atomic rename into place.

Everything is produced in a staging folder and moved onto the final paths only when complete, so an
earlier good report is never replaced by a broken or partial one. A year's report reads only the data
up to that year (and the plans for the year after): its cache key hashes nothing else, so adding a
later year rebuilds nothing of the earlier ones.
"""

from __future__ import annotations

import datetime as dt
import os
import sys
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from functools import partial
from pathlib import Path

from analysis import config
from analysis.config import display_path
from analysis.errors import AnalysisError, DataError, ParameterError, ReportError
from analysis.params import Params, check_programs, resolve, years_until
from analysis.report import cache, staging
from analysis.report.execute import NOTEBOOKS, execute, notebook_parameters
from analysis.report.html import export_html
from analysis.report.pdf import find_chromium, render_pdf


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


def check_data(params_list: list[Params]) -> None:
    """What these reports read, validated, and their trend programs checked: before any kernel starts.

    A report reads the figures of the years up to its year, the plans for the next year (and for its
    year when it has a base year) and dataset.yml: nothing of a later year, so a broken later year
    does not block an earlier report.
    """
    from analysis.load import load_dataset, load_figures, load_plans

    by_dir: dict[Path, list[Params]] = {}
    for params in params_list:
        by_dir.setdefault(Path(params.data_dir), []).append(params)
    for data_dir, group in by_dir.items():
        last = max(p.year for p in group)
        plan_years = sorted({y for p in group for y in (p.year, p.year + 1) if y > p.year or p.base_year})
        problems: list = []

        def attempt(load):
            try:
                return load()
            except DataError as exc:  # every problem listed: figures, plans and dataset.yml together
                problems.extend(exc.problems)

        figures = attempt(partial(load_figures, years_until(group[0].years, last), data_dir=data_dir))
        attempt(partial(load_plans, plan_years, data_dir=data_dir))
        attempt(partial(load_dataset, data_dir))
        if problems:
            raise DataError(list(dict.fromkeys(problems)))
        for params in group:
            if params.programs:
                try:
                    check_programs(params.programs, set(figures.loc[figures["year"] <= params.year, "program"]))
                except ParameterError as exc:
                    raise (ParameterError(f"report {params.year}: {exc}") if len(params_list) > 1 else exc) from None


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
    """What must be rebuilt for one year, from content hashes alone (no data loading, no kernels).

    The keys hash only what that year's report reads (:func:`cache.data_digest` of its year).
    """
    out_dir = Path(out) / str(params.year)
    if out_dir.is_dir():
        staging.remove_abandoned(out_dir)
    data = cache.data_digest(params.data_dir, params.year)
    keys = {name: cache.notebook_key(config.NOTEBOOKS_DIR / f"{name}.ipynb", notebook_parameters(name, params), data)
            for name, _ in NOTEBOOKS}
    pdf_key = cache.key("pdf", keys)
    manifest = {} if force else cache.load(out_dir)
    stale = [name for name, _ in NOTEBOOKS if not cache.fresh(manifest, name, keys[name], out_dir)]
    pdf_stale = bool(stale) or not cache.fresh(manifest, "pdf", pdf_key, out_dir)
    return Job(params, out_dir, keys, pdf_key, manifest, stale, pdf_stale)


def _finish(job: Job, executed: dict[str, Path], generated: dt.date) -> None:
    """HTML of the re-executed notebooks, the PDF, then everything renamed into place; manifest last."""
    names = [n for n, _ in NOTEBOOKS]
    titles = dict(NOTEBOOKS)
    notebooks = [executed.get(name, job.out_dir / f"{name}.ipynb") for name in names]
    from analysis.workbook import report_workbook  # every table of the report and every figure of the year

    xlsx_name = f"report-{job.params.year}.xlsx"
    # in this thread, one after the other: an interruption (Ctrl-C) then stops Chromium with the build
    for name in job.stale:
        export_html(executed[name], job.staging / f"{name}.html", f"{job.params.year}年{titles[name]}", job.params)
    render_pdf(notebooks, job.params, job.staging / job.pdf_name, generated)
    xlsx = report_workbook(notebooks, job.staging / xlsx_name, job.params.data_dir, job.params.year)
    for name in job.stale:  # each file replaced atomically; the PDF last
        staging.publish(job.staging, job.out_dir, [f"{name}.ipynb", f"{name}.html"])
        (job.out_dir / f"{name}.failed.ipynb").unlink(missing_ok=True)
        cache.record(job.manifest, name, job.keys[name], job.out_dir, [f"{name}.ipynb", f"{name}.html"])
    if xlsx is not None:
        os.replace(xlsx, job.out_dir / xlsx_name)
    else:
        (job.out_dir / xlsx_name).unlink(missing_ok=True)  # no table any more: no stale workbook
    staging.publish(job.staging, job.out_dir, [job.pdf_name])
    cache.record(job.manifest, "pdf", job.pdf_key, job.out_dir, [job.pdf_name] + ([xlsx_name] if xlsx else []))
    cache.save(job.manifest, job.out_dir)


def build_reports(params_list: list[Params], out=None, force: bool = False, jobs: int | None = None) -> list[BuiltReport]:
    """Builds the reports of several years: stale notebooks of all years run in one parallel pool."""
    out = (Path(out) if out else config.REPORTS_DIR).resolve()
    staging.check_writable(out)
    planned = [plan(p, out, force) for p in params_list]
    todo = [job for job in planned if job.pdf_stale]
    for job in planned:
        if job not in todo:
            log(f"report {job.params.year}: up to date ({display_path(job.out_dir / job.pdf_name)}); --force rebuilds")
    if not todo:
        return [job.result() for job in planned]
    check_data([job.params for job in todo])  # every input checked before any kernel starts
    find_chromium()
    generated = dt.date.today()
    pool = None
    try:
        for job in todo:
            job.staging = staging.create(job.out_dir)
        tasks = [(job, name) for job in todo for name in job.stale]
        for job in todo:
            kept = [n for n, _ in NOTEBOOKS if n not in job.stale]
            log(f"report {job.params.year} (base year {job.params.base_year or '-'}): running {len(job.stale)} notebook(s)"
                + (f", reusing {', '.join(kept)}" if kept else ""))
        executed: dict[int, dict[str, Path]] = {id(job): {} for job in todo}
        pool = ThreadPoolExecutor(max_workers=jobs or max(1, min(len(tasks), os.cpu_count() or 1)))
        futures = [(job, name, pool.submit(execute, name, job.params, job.staging, job.out_dir)) for job, name in tasks]
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
        for job in todo:
            staging.discard(job.staging)


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
