"""The command line: a thin wrapper over library functions (``analysis --help``)."""

from __future__ import annotations

import sys
import traceback
from pathlib import Path
from typing import Annotated, Optional

import typer

from analysis import config
from analysis.errors import AnalysisError

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
    from analysis.validate import validate as run

    problems = run(data_dir)
    if problems:
        for problem in problems:
            typer.echo(str(problem), err=True)
        typer.echo(f"{len(problems)} problem(s) in {data_dir}; nothing was changed", err=True)
        raise typer.Exit(1)
    from analysis.load import available_years

    years = available_years(data_dir)
    from analysis.files import display_path

    typer.echo(f"{display_path(data_dir)}: valid ({len(years)} year(s): {', '.join(map(str, years))})")


@app.command()
def years(data_dir: DataDir = config.DATA_DIR) -> None:
    """Print the years available in the data directory, one per line."""
    from analysis.load import available_years

    for year in available_years(data_dir):
        typer.echo(year)


def main(argv: Optional[list[str]] = None) -> int:
    """Entry point: runs the app, turning the project's errors into one message and an exit code."""
    try:
        app(args=argv, standalone_mode=False)
    except AnalysisError as exc:
        if _state["debug"]:
            traceback.print_exc()
        typer.echo(f"error: {exc}", err=True)
        return exc.exit_code
    except typer.Exit as exc:
        return exc.exit_code
    except typer.Abort:
        typer.echo("aborted", err=True)
        return 130
    except KeyboardInterrupt:
        typer.echo("interrupted; nothing was written to the final paths", err=True)
        return 130
    except Exception as exc:  # click usage errors and the like
        import click

        if isinstance(exc, click.ClickException):
            exc.show()
            return exc.exit_code
        if _state["debug"]:
            raise
        typer.echo(f"error: unexpected {type(exc).__name__}: {exc} (rerun with --debug for a traceback)", err=True)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
