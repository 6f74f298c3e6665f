"""The command line: a thin wrapper over library functions (``analysis --help``)."""

from __future__ import annotations

import os
import signal
import sys
import threading
import traceback
from pathlib import Path
from typing import Annotated, Optional

import typer

from analysis import config
from analysis.errors import AnalysisError, ParameterError

app = typer.Typer(
    add_completion=False,
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    help="Annual figures of a civil affairs bureau: validate the data, extract figures, build reports.",
)

DataDir = Annotated[Path, typer.Option("--data-dir", help="Data directory (figures/, plans/, raw/, dataset.yml).")]
_state = {"debug": False}


@app.callback()
def _main(debug: Annotated[bool, typer.Option("--debug", help="Show a traceback on errors.")] = False) -> None:
    _state["debug"] = debug


@app.command()
def validate(data_dir: DataDir = config.DATA_DIR) -> None:
    """Check every rule of the data model; list all problems; exit 1 if there are any."""
    from analysis.rules import validate as run

    problems = run(data_dir)
    if problems:
        for problem in problems:
            typer.echo(str(problem), err=True)
        if len(problems) > 1:
            typer.echo(f"{len(problems)} problems in {data_dir}; nothing was changed", err=True)
        raise typer.Exit(1)
    from analysis.catalog import available_years

    years = available_years(data_dir)
    from analysis.config import display_path

    typer.echo(f"{display_path(data_dir)}: valid ({len(years)} year(s): {', '.join(map(str, years))})")


@app.command()
def years(data_dir: DataDir = config.DATA_DIR) -> None:
    """Print the years available in the data directory, one per line."""
    from analysis.catalog import available_years

    for year in available_years(data_dir):
        typer.echo(year)


@app.command()
def report(
    year: Annotated[Optional[str], typer.Option("--year", help="Report year (default: latest in the data).")] = None,
    base_year: Annotated[Optional[str], typer.Option("--base-year", help="Year to compare with (default: latest before --year).")] = None,
    data_dir: DataDir = config.DATA_DIR,
    out: Annotated[Path, typer.Option("--out", help="Output folder; the report goes to OUT/YEAR/.")] = config.REPORTS_DIR,
    program: Annotated[Optional[list[str]], typer.Option("--program", help="Program for the trends notebook (repeatable).")] = None,
    all_years: Annotated[bool, typer.Option("--all-years", help="Build every year's report, in parallel.")] = False,
    force: Annotated[bool, typer.Option("--force", help="Rebuild even what the cache says is up to date.")] = False,
    jobs: Annotated[Optional[int], typer.Option("--jobs", min=1, help="Notebooks run at once (default: CPU count).")] = None,
) -> None:
    """Run the notebooks for a year and write OUT/YEAR/: notebooks, HTML and report-YEAR.pdf."""
    from analysis import report as build

    if all_years:
        if year or base_year:
            raise ParameterError("--all-years: do not combine with --year or --base-year")
        build.build_all_years(data_dir=data_dir, out=out, programs=program, force=force, jobs=jobs)
    else:
        build.build_report(year=year, base_year=base_year, data_dir=data_dir, out=out, programs=program,
                           force=force, jobs=jobs)


def _pairs(names: list[str], values: list[str], notebook: Path) -> dict[str, str]:
    """``-p NAME VALUE`` pairs: typer gives ``-p`` one word, the values arrive as extra arguments, in order."""
    if notebook.suffix != ".ipynb" and any(v.endswith(".ipynb") for v in values):
        raise ParameterError("the notebook comes first: analysis render NOTEBOOK.ipynb -p NAME VALUE ...")
    if len(values) != len(names):
        raise ParameterError(f"-p takes a name and a value (-p NAME VALUE): found {len(names)} name(s) "
                             f"({', '.join(names)}) and {len(values)} value(s) ({', '.join(values) or '-'})")
    return dict(zip(names, values))


@app.command(context_settings={"allow_extra_args": True, "ignore_unknown_options": True})
def render(
    ctx: typer.Context,
    notebook: Annotated[Path, typer.Argument(help="The notebook (.ipynb) to run and render.")],
    parameter: Annotated[Optional[list[str]], typer.Option(
        "-p", "--parameter", metavar="NAME VALUE",
        help="A parameter of the notebook's parameters cell (repeatable); lists as JSON, e.g. '[\"高龄津贴\"]'.")] = None,
    out: Annotated[Optional[Path], typer.Option("--out", help="Output folder (default: reports/render/<notebook name>/).")] = None,
    title: Annotated[Optional[str], typer.Option("--title", help="Title of the PDF (default: the notebook's first heading).")] = None,
    timeout: Annotated[Optional[float], typer.Option("--timeout", help="Seconds any one cell may run (default: no limit).")] = None,
) -> None:
    """Run any notebook and write it as notebook, offline HTML and PDF in the house style (and Excel)."""
    from analysis.report.render import render as run_render

    given = _pairs(parameter or [], list(ctx.args), notebook)
    run_render(notebook, given, out=out, title=title, timeout=timeout, from_text=True)


@app.command()
def extract(
    report: Annotated[Path, typer.Argument(help="The report text (UTF-8 or GBK/GB18030).")],
    year: Annotated[int, typer.Option("--year", help="The year the report is about.")],
    out: Annotated[Optional[Path], typer.Option("--out", help="Candidates CSV to write; standard output if omitted.")] = None,
    draft: Annotated[Optional[Path], typer.Option("--draft", help="Draft figures CSV to write (columns of figures/YYYY.csv).")] = None,
    force: Annotated[bool, typer.Option("--force", help="Overwrite --out and --draft if they exist.")] = False,
    data_dir: DataDir = config.DATA_DIR,
) -> None:
    """Write candidate figures found in a report text, with suggestions from the previous year."""
    from analysis.extract import candidates_csv, run_extract

    result = run_extract(report, year=year, out=out, draft=draft, force=force, data_dir=data_dir)
    if out is None:
        sys.stdout.write(candidates_csv(result.candidates))
        sys.stdout.flush()
    for line in _extract_summary(result, report, year, data_dir):
        typer.echo(line, err=True)


@app.command()
def ingest(
    file: Annotated[Path, typer.Argument(help="The report as published: a saved web page (.html/.htm), .docx, text-layer .pdf or .txt.")],
    year: Annotated[int, typer.Option("--year", help="The year the report is about.")],
    url: Annotated[Optional[str], typer.Option("--url", help="Where it was published (default: the address the saved page gives, if any).")] = None,
    data_dir: DataDir = config.DATA_DIR,
    draft: Annotated[Optional[Path], typer.Option("--draft", help="Draft figures CSV to write (default: reports/extract/YEAR-draft.csv).")] = None,
    force: Annotated[bool, typer.Option("--force", help="Replace the year's raw report and record (figures and plans are kept).")] = False,
) -> None:
    """Keep a published report as raw/YEAR.<ext>, derive raw/YEAR.txt, add its provenance record and draft its figures."""
    from analysis.ingest import next_steps, run_ingest

    result = run_ingest(file, year=year, url=url, data_dir=data_dir, force=force, draft=draft)
    for line in next_steps(result):
        typer.echo(line)


_SHOWN_IDS = 10


def _ids(ids: list[str]) -> str:
    more = f", ... and {len(ids) - _SHOWN_IDS} more" if len(ids) > _SHOWN_IDS else ""
    return ", ".join(ids[:_SHOWN_IDS]) + more


def _extract_summary(result, report: Path, year: int, data_dir: Path) -> list[str]:
    """The lines ``analysis extract`` prints to standard error: counts, misses, implausible matches, draft."""
    from analysis.config import display_path

    candidates, misses = result.candidates, result.misses
    line = f"{display_path(Path(report))}: {len(candidates)} candidate figure(s)"
    if result.out is not None:
        line += f" written to {display_path(result.out)}"
    lines = [line]
    if result.previous is None:
        lines.append(f"no figures for {year - 1} in {display_path(Path(data_dir))}: no suggestions, no misses")
    elif len(misses):
        where = f" (all in {display_path(result.misses_path)})" if result.misses_path is not None else ""
        lines.append(f"misses: {len(misses)} id(s) of {year - 1} without a candidate{where}: {_ids(list(misses['id']))}")
    else:
        lines.append(f"misses: none (every id of {year - 1} has a candidate)")
    doubtful = candidates[candidates["implausible"] != ""] if len(candidates) else candidates
    if len(doubtful):
        lines.append(f"implausible: {len(doubtful)} suggestion(s) left unmatched in the draft "
                     f"(value too far from {year - 1}'s or another kind): {_ids(list(doubtful['suggested_id']))}")
    if result.draft_path is not None:
        todo = int((result.draft["program"] == "").sum())
        lines.append(f"draft: {len(result.draft)} row(s) written to {display_path(result.draft_path)}; "
                     f"{todo} without program and indicator, to review")
    return lines


def _terminate(signum, frame):
    raise KeyboardInterrupt


def _interrupted() -> None:
    typer.echo("interrupted; nothing was written to the final paths", err=True)


def main(argv: Optional[list[str]] = None) -> int:
    """Entry point: runs the app, turning the project's errors into one message and an exit code."""
    from typer import _click as click  # typer ships its own click; its exceptions are these

    signal.signal(signal.SIGTERM, _terminate)  # a kill cleans up like Ctrl-C: final paths untouched

    try:
        result = app(args=argv, standalone_mode=False)
        if result == 130:  # click turns Ctrl-C into exit code 130 before we see it
            _interrupted()
        if isinstance(result, int) and result:
            return result
    except AnalysisError as exc:
        if _state["debug"]:
            traceback.print_exc()
        typer.echo(f"error: {exc}", err=True)
        return exc.exit_code
    except typer.Exit as exc:
        return exc.exit_code
    except (typer.Abort, KeyboardInterrupt):
        _interrupted()
        return 130
    except click.ClickException as exc:  # usage errors: unknown option, missing value, ...
        exc.show()
        return exc.exit_code
    except Exception as exc:
        if _state["debug"]:
            raise
        typer.echo(f"error: unexpected {type(exc).__name__}: {exc} (rerun with --debug for a traceback)", err=True)
        return 1
    return 0


def run() -> None:
    """The console script: ``main`` as a process. After an interruption, a watchdog ends the process
    should a worker thread still wait on a Chromium or kernel that the signal killed."""
    code = main()
    if code == 130:
        watchdog = threading.Timer(15, os._exit, args=(130,))
        watchdog.daemon = True
        watchdog.start()
    sys.exit(code)


if __name__ == "__main__":
    run()
