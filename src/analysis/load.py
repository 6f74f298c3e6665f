"""Loading the curated data: figures, plans and the dataset description, validated on the way in."""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path

import pandas as pd
import yaml

from analysis import config
from analysis.errors import DataError, Problem
from analysis.fields import PLAN_FIELDS, column_names
from analysis.catalog import require_dir, available_years
from analysis.config import display_path
from analysis.files import read_text
from analysis.units import base_unit, split_unit, to_base
from analysis.rules import figures_file, plans_file

DATASET_KEYS = ("region", "bureau", "currency_unit", "sources")


def load_dataset(data_dir: Path | str = config.DATA_DIR) -> dict:
    """``dataset.yml``: region, bureau, currency unit and one provenance record per raw report."""
    path = config.dataset_path(require_dir(Path(data_dir)))
    where = display_path(path)
    try:
        dataset = yaml.safe_load(read_text(path, what="dataset description"))
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        raise DataError(Problem(where, mark.line + 1 if mark else None, None, f"not valid YAML ({exc.problem if hasattr(exc, 'problem') else exc})")) from None
    if not isinstance(dataset, dict):
        raise DataError(Problem(where, None, None, "expected a mapping with keys " + ", ".join(DATASET_KEYS)))
    missing = [k for k in DATASET_KEYS if k not in dataset]
    if missing:
        raise DataError(Problem(where, None, None, "missing key(s) " + ", ".join(missing)))
    return dataset


def _years(years: int | Iterable[int] | None, data_dir: Path) -> list[int]:
    known = available_years(data_dir)
    if years is None:
        return known
    wanted = [years] if isinstance(years, int) else list(years)
    unknown = [y for y in wanted if y not in known]
    if unknown:
        raise DataError(Problem(display_path(data_dir), None, None,
                                f"no figures for {', '.join(map(str, unknown))}; available: {', '.join(map(str, known))}"))
    return wanted


def _kind(unit: str) -> str:
    base = base_unit(unit)
    if base == "元":
        return "money"
    if base == "%":
        return "percent"
    if "/" in base:
        return "rate"
    return "count"


def add_base_values(frame: pd.DataFrame) -> pd.DataFrame:
    """Adds ``value_base`` and ``unit_base`` (万/亿 multiplied in, money in 元) and ``kind``."""
    frame = frame.copy()
    frame["value_base"] = [to_base(v, u) for v, u in zip(frame["value"], frame["unit"])]
    frame["unit_base"] = [split_unit(u)[1] for u in frame["unit"]]
    frame["kind"] = [_kind(u) for u in frame["unit"]]
    return frame


def load_figures(years: int | Iterable[int] | None = None, data_dir: Path | str = config.DATA_DIR) -> pd.DataFrame:
    """The curated figures of ``years`` (all by default), validated, with base values added.

    Raises DataError listing every problem (file, line, column, found, expected) if a rule is broken.
    """
    data_dir = Path(data_dir)
    frames, problems = [], []
    for year in _years(years, data_dir):
        frame, found = figures_file(data_dir, year)
        problems += found
        frames.append(frame)
    if problems:
        raise DataError(problems)
    figures = pd.concat(frames, ignore_index=True)
    figures["year"] = figures["year"].astype(int)
    figures["value"] = figures["value"].astype(float)
    for column in ("id", "section", "program", "indicator", "unit", "flow", "parent", "quote", "note"):
        figures[column] = figures[column].astype(str)
    return add_base_values(figures)


def load_plans(years: int | Iterable[int] | None = None, data_dir: Path | str = config.DATA_DIR) -> pd.DataFrame:
    """Plan items announced for ``years`` (all plan files by default); an empty frame if there are none."""
    data_dir = require_dir(Path(data_dir))
    folder = data_dir / config.PLANS_SUBDIR
    present = sorted(int(p.stem) for p in folder.glob("*.csv") if re.fullmatch(r"[0-9]{4}", p.stem))
    wanted = present if years is None else [y for y in ([years] if isinstance(years, int) else years) if y in present]
    frames, problems = [], []
    for year in wanted:
        frame, found = plans_file(data_dir, year)
        problems += found
        frames.append(frame)
    if problems:
        raise DataError(problems)
    if not frames:
        return pd.DataFrame({c: pd.Series(dtype=object) for c in column_names(PLAN_FIELDS)})
    plans = pd.concat(frames, ignore_index=True)
    plans["year"] = plans["year"].astype(int)
    plans["target"] = pd.to_numeric(plans["target"].replace("", None)).astype(float)
    return plans
