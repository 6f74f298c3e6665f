"""``analysis render``: any notebook through the report's one pipeline, into the house-style PDF.

The notebook's parameters are checked against its ``parameters`` cell before a kernel starts
(:mod:`~analysis.report.nbparams`); then the same steps as the year's report, in a staging folder:
papermill (:func:`~analysis.report.execute.run_notebook`, static chart images added), the offline HTML
(:func:`~analysis.report.html.write_html`), the PDF with a title page of title, parameters and date
(:func:`~analysis.report.pdf.print_notebook`), an Excel workbook when the notebook shows tables; all
renamed into ``OUT`` at the end. The kernel starts in the notebook's own folder, as in JupyterLab, so
relative paths inside the notebook resolve against it.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from pathlib import Path

from analysis import config
from analysis.config import display_path
from analysis.errors import AnalysisError, ParameterError, ReportError
from analysis.report import nbparams, staging

RENDER_SUBDIR = "render"  # default output: REPORTS_DIR/render/<notebook stem>/


@dataclass(frozen=True)
class Rendered:
    """What a render wrote: the output folder, the executed notebook, its HTML and PDF, the workbook
    (None when the notebook shows no table)."""

    out_dir: Path
    notebook: Path
    html: Path
    pdf: Path
    workbook: Path | None


def default_out(notebook: Path) -> Path:
    """Where a notebook's render goes without ``--out``: ``reports/render/<stem>/``."""
    return config.REPORTS_DIR / RENDER_SUBDIR / Path(notebook).stem


def read_notebook(notebook: Path):
    """The notebook file read with nbformat; a ParameterError if it is missing or not a notebook."""
    import nbformat

    where = display_path(notebook)
    if not notebook.is_file():
        raise ParameterError(f"notebook {where}: file not found")
    if notebook.suffix != ".ipynb":
        raise ParameterError(f"notebook {where}: expected a Jupyter notebook (.ipynb)")
    try:
        return nbformat.read(notebook, as_version=4)
    except Exception as exc:  # nbformat raises several kinds for a file that is not a notebook
        raise ParameterError(f"notebook {where}: not a readable Jupyter notebook ({type(exc).__name__})") from None


def notebook_title(nb, notebook: Path) -> str:
    """The notebook's title: its metadata title, else its first markdown heading, else its file name."""
    if nb.metadata.get("title"):
        return str(nb.metadata["title"])
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            for line in cell.source.splitlines():
                if line.startswith("#"):
                    return line.lstrip("#").strip()
    return notebook.stem


def value_text(value) -> str:
    """A parameter value as the title page prints it: lists of text joined with 、, empty text as (空)."""
    if value == "":
        return "(空)"
    if isinstance(value, list | tuple) and all(isinstance(v, str) for v in value):
        return "、".join(value) if value else "(无)"
    if isinstance(value, list | tuple | dict):
        return json.dumps(value, ensure_ascii=False)
    return str(value)


def _mark(values: dict, folder: Path) -> str:
    """The synthetic-data banner when a ``data_dir`` parameter names a dataset marked synthetic."""
    from analysis.report.html import demo_mark

    data_dir = values.get("data_dir")
    if not isinstance(data_dir, str | Path) or not data_dir:
        return ""
    data_dir = folder / Path(data_dir).expanduser()
    if not config.dataset_path(data_dir).is_file():
        return ""
    try:
        return demo_mark(data_dir)
    except AnalysisError:
        return ""


def render(notebook, parameters: dict | None = None, out=None, title: str | None = None,
           timeout: float | None = None, *, from_text: bool = False) -> Rendered:
    """Runs ``notebook`` with ``parameters`` and writes ``OUT/<stem>.ipynb``, ``.html``, ``.pdf`` (and
    ``.xlsx`` when it shows tables); ``out`` defaults to ``reports/render/<stem>/``.

    ``timeout``: seconds any one cell may run. ``from_text``: the parameter values are ``-p`` texts.
    Every parameter is checked before a kernel starts; a failing or timed-out cell raises a
    ReportError naming the cell and keeps ``OUT/<stem>.failed.ipynb``; an earlier output is replaced
    only by a complete new one.
    """
    import nbformat

    from analysis.report.build import log
    from analysis.report.execute import run_notebook
    from analysis.report.html import write_html
    from analysis.report.pdf import combine, find_chromium, print_notebook
    from analysis.report.title import TitlePage, date_text

    notebook = Path(notebook).expanduser().resolve()
    nb = read_notebook(notebook)
    given = nbparams.check(notebook, nb, dict(parameters or {}), from_text)
    if timeout is not None and not timeout > 0:
        raise ParameterError(f"--timeout {timeout}: expected a number of seconds above 0")
    out_dir = (Path(out).expanduser() if out else default_out(notebook)).resolve()
    staging.check_writable(out_dir)
    find_chromium()
    title = title or notebook_title(nb, notebook)
    values = nbparams.effective(nb, given)
    stem, where = notebook.stem, display_path(notebook)
    names = {suffix: f"{stem}{suffix}" for suffix in (".ipynb", ".html", ".pdf", ".xlsx")}
    if out_dir.is_dir():
        staging.remove_abandoned(out_dir)
    stage = None
    try:
        stage = staging.create(out_dir)
        log(f"render {where}: running" + (f" with {', '.join(given)}" if given else ""))
        executed = run_notebook(notebook, stage / names[".ipynb"], given, label=f"notebook {where}",
                                failed=out_dir / f"{stem}.failed.ipynb", log=stage / f"{stem}.kernel.log",
                                cwd=notebook.parent, timeout=timeout)
        mark = _mark(values, notebook.parent)
        write_html(nbformat.read(executed, as_version=4), stage / names[".html"], title, mark)
        page = TitlePage(title_lines=[title], mark=mark,
                         meta=[("笔记本", notebook.name), *((k, value_text(v)) for k, v in values.items()),
                               ("生成日期", date_text(dt.date.today()))])
        print_notebook(combine(page, [nbformat.read(executed, as_version=4)], title), stage / names[".pdf"])
        from analysis.workbook import write_workbook  # every table the notebook shows, one sheet each

        workbook = write_workbook([executed], stage / names[".xlsx"])
        staging.publish(stage, out_dir, [names[".ipynb"], names[".html"]] + ([names[".xlsx"]] if workbook else [])
                        + [names[".pdf"]])
        if workbook is None:
            (out_dir / names[".xlsx"]).unlink(missing_ok=True)  # no table any more: no stale workbook
        (out_dir / f"{stem}.failed.ipynb").unlink(missing_ok=True)
        log(f"wrote {display_path(out_dir / names['.pdf'])}")
    except AnalysisError:
        raise
    except Exception as exc:
        raise ReportError(f"rendering {where} failed: {type(exc).__name__}: {exc}") from exc
    finally:
        staging.discard(stage)
    return Rendered(out_dir, out_dir / names[".ipynb"], out_dir / names[".html"], out_dir / names[".pdf"],
                    out_dir / names[".xlsx"] if workbook else None)
