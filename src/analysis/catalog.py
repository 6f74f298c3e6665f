"""What a data directory holds (years with figures, years with plans), read from file names only.

Kept free of pandas so that parameter checks and cache look-ups stay fast.
"""

from __future__ import annotations

import re
from pathlib import Path

from analysis import config
from analysis.config import display_path
from analysis.errors import DataError, Problem


_YEAR = re.compile(r"[0-9]{4}")


def year_of(name: Path | str | int) -> int | None:
    """The year a data file or a sources key stands for (``figures/2020.csv``, ``"2020"``, ``2020`` -> 2020);
    None for anything else. The one definition of a year in a name."""
    text = Path(name).stem if isinstance(name, Path) else str(name)
    return int(text) if _YEAR.fullmatch(text) else None


def years_in(folder: Path, pattern: str = "*.csv") -> list[int]:
    """The years of the files named after one in ``folder``, ascending."""
    return sorted(y for y in (year_of(p) for p in Path(folder).glob(pattern)) if y is not None)


def require_dir(data_dir: Path) -> Path:
    data_dir = Path(data_dir)
    if not data_dir.is_dir():
        raise DataError(Problem(display_path(data_dir), None, None, "data directory not found"))
    return data_dir


def available_years(data_dir: Path | str = config.DATA_DIR) -> list[int]:
    """The years that have a figures file, ascending."""
    data_dir = require_dir(Path(data_dir))
    folder = data_dir / config.FIGURES_SUBDIR
    years = years_in(folder)
    if not years:
        raise DataError(Problem(display_path(data_dir), None, None,
                                f"no years: expected figures in {display_path(folder)}/YYYY.csv"))
    return years
