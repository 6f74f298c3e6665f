"""What a data directory holds (years with figures, years with plans), read from file names only.

Kept free of pandas so that parameter checks and cache look-ups stay fast.
"""

from __future__ import annotations

import re
from pathlib import Path

from analysis import config
from analysis.config import display_path
from analysis.errors import DataError, Problem


def require_dir(data_dir: Path) -> Path:
    data_dir = Path(data_dir)
    if not data_dir.is_dir():
        raise DataError(Problem(display_path(data_dir), None, None, "data directory not found"))
    return data_dir


def available_years(data_dir: Path | str = config.DATA_DIR) -> list[int]:
    """The years that have a figures file, ascending."""
    data_dir = require_dir(Path(data_dir))
    folder = data_dir / config.FIGURES_SUBDIR
    years = sorted(int(p.stem) for p in folder.glob("*.csv") if re.fullmatch(r"[0-9]{4}", p.stem))
    if not years:
        raise DataError(Problem(display_path(data_dir), None, None,
                                f"no years: expected figures in {display_path(folder)}/YYYY.csv"))
    return years
