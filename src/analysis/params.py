"""Report parameters resolved and checked in one place: by the CLI before any kernel starts, and by
the notebooks themselves when run on their own."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from analysis import config
from analysis.errors import DataError, ParameterError
from analysis.config import display_path
from analysis.catalog import available_years


@dataclass(frozen=True)
class Params:
    """The checked parameters of one report: year, base year (or None), data directory, programs.

    ``years`` are every year of the data directory (what year and base year are checked against);
    ``report_years`` those the report reads.
    """

    year: int
    base_year: int | None
    data_dir: Path
    years: list[int] = field(default_factory=list)
    programs: list[str] = field(default_factory=list)

    @property
    def report_years(self) -> list[int]:
        """The years this report reads: every year of ``years`` up to and including ``year``.

        A year's report depends only on data up to that year (and the plans for the year after), so
        adding a later year never changes it.
        """
        return years_until(self.years, self.year)


def years_until(years, year: int) -> list[int]:
    """The years of ``years`` up to and including ``year``, ascending."""
    return sorted(y for y in years if y <= year)


def as_year(value, name: str = "year") -> int | None:
    """An int year from a CLI or notebook value (0, "" and None mean "default")."""
    if value in (None, "", 0, "0"):
        return None
    if isinstance(value, bool):
        raise ParameterError(f"{name}: expected a four-digit year, found {value!r}")
    try:
        year = int(str(value).strip())
    except ValueError:
        raise ParameterError(f"{name}: expected a four-digit year, found {value!r}") from None
    if not 1900 <= year <= 2999:
        raise ParameterError(f"{name}: expected a four-digit year, found {value!r}")
    return year


def resolve(year=None, base_year=None, data_dir=None, programs=None) -> Params:
    """Defaults filled in and every parameter checked; a ParameterError names the one that is wrong.

    year defaults to the latest year in ``data_dir``; base_year to the latest year before it (None if
    there is none); programs (for the trends notebook) are checked with :func:`check_programs`.
    """
    data_dir = Path(data_dir) if data_dir not in (None, "") else config.DATA_DIR
    if not data_dir.is_dir():
        raise ParameterError(f"--data-dir {display_path(data_dir)}: data directory not found")
    data_dir = data_dir.resolve()
    try:
        years = available_years(data_dir)
    except DataError:  # no figures at all
        raise ParameterError(f"--data-dir {display_path(data_dir)}: no years: expected figures/YYYY.csv files") from None
    chosen = as_year(year, "year")
    if chosen is None:
        chosen = years[-1]
    elif chosen not in years:
        raise ParameterError(f"year {chosen}: not in {display_path(data_dir)} (available: {', '.join(map(str, years))})")
    base = as_year(base_year, "base year")
    if base is None:
        earlier = [y for y in years if y < chosen]
        base = earlier[-1] if earlier else None
    elif base >= chosen:
        raise ParameterError(f"base year {base}: must be before year {chosen}")
    elif base not in years:
        raise ParameterError(f"base year {base}: not in {display_path(data_dir)} (available: {', '.join(map(str, years))})")
    if programs is not None and (isinstance(programs, str) or not isinstance(programs, list | tuple)):
        raise ParameterError(f"programs: expected a list of program names, found {programs!r}")
    return Params(chosen, base, data_dir, years, list(programs or []))


def check_programs(programs: list[str], known: set[str]) -> None:
    """Every program of the trends notebook must exist in the figures."""
    if not isinstance(programs, list | tuple) or not all(isinstance(p, str) for p in programs):
        raise ParameterError(f"programs: expected a list of program names, found {programs!r}")
    unknown = [p for p in programs if p not in known]
    if unknown:
        raise ParameterError(f"programs: unknown program(s) {', '.join(unknown)}; known: {', '.join(sorted(known))}")
