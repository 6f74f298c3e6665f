"""``analysis extract`` as a library call: read a report, extract, suggest from last year, write the
candidates, the misses and the draft. Nothing is printed here; the command line prints the result."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from analysis import config
from analysis.atomic import check_writable, write_text
from analysis.config import display_path
from analysis.dataset import units_of
from analysis.errors import DataError, ExtractError
from analysis.extract.candidates import extract
from analysis.extract.decode import read_report
from analysis.extract.draft import candidates_csv, draft_figures, frame_csv
from analysis.extract.suggest import unmatched_previous

__all__ = ["ExtractRun", "run_extract", "load_previous"]


@dataclass(frozen=True)
class ExtractRun:
    """What one extraction found and wrote (paths are None for what was not written)."""

    candidates: pd.DataFrame
    misses: pd.DataFrame
    previous: pd.DataFrame | None  # the figures of year - 1, if the data has them
    draft: pd.DataFrame | None
    out: Path | None
    misses_path: Path | None
    draft_path: Path | None


def load_previous(year: int, data_dir: Path | str = config.DATA_DIR) -> pd.DataFrame | None:
    """The curated figures of ``year - 1`` in ``data_dir``, or None if there are none."""
    from analysis.load import available_years, load_figures

    data_dir = Path(data_dir)
    if not (data_dir / config.FIGURES_SUBDIR).is_dir():
        return None
    try:
        years = available_years(data_dir)
    except DataError:
        return None
    if year - 1 not in years:
        return None
    return load_figures(year - 1, data_dir)


def _target(path: Path | None, option: str) -> Path | None:
    if path is None:
        return None
    path = Path(path)
    if path.is_dir():
        raise ExtractError(f"{display_path(path)}: {option} is a directory; expected a CSV file path")
    return path


def run_extract(report: Path | str, year: int, out: Path | str | None = None, draft: Path | str | None = None,
                force: bool = False, data_dir: Path | str = config.DATA_DIR) -> ExtractRun:
    """Candidates of ``report`` (suggested from the figures of ``year - 1`` in ``data_dir``, with the
    measure words it declares), written as CSV to ``out`` with the misses beside it
    (``<out stem>.misses.csv``), and as a draft figures file to ``draft``.

    Every target is checked before anything is written: none is replaced unless ``force``, and a
    refused write changes nothing.
    """
    text = read_report(report)
    data_dir = Path(data_dir)
    previous = load_previous(year, data_dir)
    out, draft = _target(out, "--out"), _target(draft, "--draft")
    misses_path = out.with_name(f"{out.stem}.misses.csv") if out is not None else None
    targets = [p for p in (out, misses_path, draft) if p is not None]
    if len({p.resolve() for p in targets}) < len(targets):
        raise ExtractError(f"{display_path(draft)}: --draft is the same file as --out or its misses file; "
                           "expected another path")
    for path in targets:
        check_writable(path, force=force)
    candidates = extract(text, year, previous, units_of(data_dir))
    misses = unmatched_previous(candidates, previous)
    drafted = draft_figures(candidates, year) if draft is not None else None
    if out is not None:
        write_text(out, candidates_csv(candidates), force=force)
        write_text(misses_path, frame_csv(misses), force=force)
    if draft is not None:
        write_text(draft, frame_csv(drafted), force=force)
    return ExtractRun(candidates, misses, previous, drafted, out, misses_path, draft)
