"""Loading the curated data: figures, plans and the dataset description, validated on the way in."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

import pandas as pd

from analysis import config
from analysis.catalog import available_years, require_dir, years_in
from analysis.config import display_path
from analysis.dataset import Dataset, load_dataset, units_of
from analysis.errors import DataError, Problem
from analysis.fields import FIGURE_FIELDS, PLAN_FIELDS, column_names
from analysis.rules import figures_file, plans_file
from analysis.numbers import is_approximate
from analysis.vocab import parse_unit

__all__ = ["Dataset", "load_dataset", "load_figures", "load_plans", "add_base_values", "available_years"]


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


def add_base_values(frame: pd.DataFrame, extra: tuple[str, ...] = ()) -> pd.DataFrame:
    """Adds ``value_base`` and ``unit_base`` (万/亿 multiplied in, money in 元) and ``kind``
    (money, count, percent, rate), from the unit registry; ``extra`` are declared measure words."""
    from decimal import Decimal

    frame = frame.copy()
    units = [parse_unit(u, extra) for u in frame["unit"]]
    frame["value_base"] = [float(Decimal(str(v)) * u.magnitude) for v, u in zip(frame["value"], units)]
    frame["unit_base"] = [u.base for u in units]
    frame["kind"] = [u.kind for u in units]
    if "quote" in frame.columns:
        stated = frame["comparability"] if "comparability" in frame.columns else [""] * len(frame)
        frame["comparability"] = [comparability(c, u, q, v) for c, u, q, v in zip(stated, units, frame["quote"], frame["value"])]
    return frame


def comparability(stated: str, unit, quote: str, value) -> str:
    """Why a change rate of this figure would mislead (a code of ``vocab.COMPARABILITY``), or "".

    What the data says first (``cumulative`` can only be said there); then what the figure shows:
    a rate, standard or percentage is ``standard``; a count in 万/亿 (2.2万人), an amount in 亿元
    (1.186亿元) or a printed approximation (约, 余, 多, 以上, 数百) is ``approximate``.
    """
    if stated:
        return stated
    if unit.kind in ("rate", "percent"):
        return "standard"
    if (unit.magnitude > 1 and unit.kind != "money") or unit.magnitude >= 10**8 or is_approximate(quote, value):
        return "approximate"
    return ""


def load_figures(years: int | Iterable[int] | None = None, data_dir: Path | str = config.DATA_DIR) -> pd.DataFrame:
    """The curated figures of ``years`` (all by default), validated, one row per reported figure.

    Columns as stored (see ``analysis.fields.FIGURE_FIELDS``): id, year, section, program,
    indicator, value and unit as printed, flow, parent, quote, note, counts_for, funding, comparability;
    added on load: value_base and unit_base (万/亿 multiplied in, money in 元) and kind (money, count,
    percent, rate); comparability filled in where the figure itself shows it (see :func:`comparability`).

    Not all money is spending: ``flow`` says what a sum is (spend, income = donations received,
    sales = e.g. lottery tickets sold, waiver = fees forgone), and ``parent`` marks a part (其中) of
    another figure. Summing ``value_base`` over money rows double counts and mixes flows: use
    ``calc.spending_by_program``, ``calc.spending_by_section`` or ``calc.total_spending_yuan``.

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
    for column in column_names(FIGURE_FIELDS):
        if column not in ("year", "value"):
            figures[column] = figures[column].astype(str)
    return add_base_values(figures, units_of(data_dir))


def load_plans(years: int | Iterable[int] | None = None, data_dir: Path | str = config.DATA_DIR) -> pd.DataFrame:
    """Plan items announced for ``years`` (all plan files by default); an empty frame if there are none."""
    data_dir = require_dir(Path(data_dir))
    folder = data_dir / config.PLANS_SUBDIR
    present = years_in(folder)
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
