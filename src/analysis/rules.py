"""The rules of the data model, checked on all files at once; problems are listed, not raised one by one."""

from __future__ import annotations

import hashlib
import re
from decimal import Decimal
from pathlib import Path

import pandas as pd
import pandera.errors

from analysis import config
from analysis.catalog import year_of
from analysis.config import display_path
from analysis.dataset import parse, problems_of, read_raw, units_of
from analysis.errors import DataError, Problem
from analysis.fields import (FIGURE_FIELDS, FIGURES_SCHEMA, ID_PATTERN, PLAN_FIELDS, PLANS_SCHEMA,
                             column_names, optional_columns)
from analysis.files import read_csv_text, read_text
from analysis.numbers import numbers_in
from analysis.vocab import UnitError, parse_unit

__all__ = ["validate", "figures_file", "plans_file", "figure_problems", "plan_problems", "numbers_in"]


def _schema_problems(frame: pd.DataFrame, schema, where: str) -> list[Problem]:
    try:
        schema.validate(frame, lazy=True)
    except pandera.errors.SchemaErrors as exc:
        problems = []
        for case in exc.failure_cases.itertuples(index=False):
            line = None if pd.isna(case.index) else int(case.index)
            column = case.column if isinstance(case.column, str) else None
            check = str(case.check)
            found = case.failure_case
            field = schema.columns.get(column)
            expected = next((c.error for c in field.checks if c.name in check), check) if field else check
            shown = "nothing" if found == "" else repr(found)
            problems.append(Problem(where, line, column, f"found {shown}, expected {expected}"))
        return sorted(problems, key=lambda p: (p.line or 0, p.column or ""))
    return []


def _common_problems(frame: pd.DataFrame, where: str, file_year: int | None) -> list[Problem]:
    problems = []
    if file_year is None:
        problems.append(Problem(where, None, None, f"found file name {Path(where).name!r}, expected the year, e.g. 2020.csv"))
    for line, row in frame.iterrows():
        if re.fullmatch(r"[0-9]+", row["year"]) and file_year is not None and int(row["year"]) != file_year:
            problems.append(Problem(where, line, "year", f"found {row['year']}, expected {file_year} (the file name)"))
    duplicated = frame["id"][frame["id"].duplicated(keep="first") & (frame["id"] != "")]
    for line, value in duplicated.items():
        first = frame.index[frame["id"] == value][0]
        problems.append(Problem(where, line, "id", f"found duplicate id {value!r}, expected a unique id (first on line {first})"))
    return problems


def _unit_problems(frame: pd.DataFrame, where: str, extra: tuple[str, ...]) -> list[Problem]:
    """Each unit must be one of the registry's (analysis.vocab) or declared under units: in dataset.yml."""
    problems = []
    for line, unit in frame["unit"].items():
        if unit:
            try:
                parse_unit(unit, extra)
            except UnitError as exc:
                problems.append(Problem(where, line, "unit", str(exc)))
    return problems


def _kind(unit: str, extra: tuple[str, ...]) -> str:
    try:
        return parse_unit(unit, extra).kind
    except UnitError:
        return ""


def _quote_problems(frame: pd.DataFrame, where: str, raw: str | None, raw_where: str,
                    value_column: str) -> list[Problem]:
    problems = []
    for line, row in frame.iterrows():
        quote = row["quote"]
        if not quote:
            continue
        if raw is not None and quote not in raw:
            problems.append(Problem(where, line, "quote", f"found {quote!r}, expected a verbatim fragment of {raw_where} (not found there)"))
        value = row[value_column]
        if re.fullmatch(r"-?[0-9]+(\.[0-9]+)?", value or ""):
            if Decimal(value).copy_abs().normalize() not in numbers_in(quote):
                problems.append(Problem(where, line, value_column,
                                        f"found {value}, expected a number printed in its quote {quote!r}"))
    return problems


def figure_problems(frame: pd.DataFrame, path: Path, raw: str | None, raw_where: str,
                    extra: tuple[str, ...] = ()) -> list[Problem]:
    """All broken rules of one figures file (``frame`` read as text, index = line number); ``extra``
    are the measure words declared in dataset.yml."""
    where = display_path(path)
    problems = _schema_problems(frame, FIGURES_SCHEMA, where)
    problems += _common_problems(frame, where, year_of(path))
    problems += _unit_problems(frame, where, extra)
    ids = set(frame["id"])
    parents = dict(zip(frame["id"], frame["parent"]))
    kinds = {i: _kind(u, extra) for i, u in zip(frame["id"], frame["unit"])}
    for line, row in frame.iterrows():
        money = _kind(row["unit"], extra) == "money"
        if money and row["value"].startswith("-"):
            problems.append(Problem(where, line, "value", f"found {row['value']}, expected an amount of 0 or more (money is never negative)"))
        if money and not row["flow"]:
            problems.append(Problem(where, line, "flow", f"found nothing for money in {row['unit']}, expected a flow: spend, income, sales or waiver"))
        if row["flow"] and not money and row["unit"]:
            problems.append(Problem(where, line, "flow",
                                    f"found {row['flow']!r} for unit {row['unit']}, expected nothing: a flow is for money only (元, 万元, 亿元)"))
        if row["funding"] and ((not money and row["unit"]) or row["flow"] in ("sales", "waiver")):
            problems.append(Problem(where, line, "funding", f"found {row['funding']!r} on a figure with flow "
                                    f"{row['flow'] or 'none'}, expected nothing: a funding source is for money spent or received"))
        parent = row["parent"]
        if parent:
            if parent == row["id"]:
                problems.append(Problem(where, line, "parent", f"found {parent!r}, expected the id of another figure (a figure cannot be its own parent)"))
            elif parent not in ids:
                problems.append(Problem(where, line, "parent", f"found {parent!r}, expected the id of a figure in the same file"))
            else:
                seen, current = {row["id"]}, parent
                while current and current in parents:
                    if current in seen:
                        what = (f"which leads back to {row['id']!r} (a cycle)" if current == row["id"]
                                else f"which leads into a cycle through {current!r}")
                        problems.append(Problem(where, line, "parent", f"found {parent!r}, {what}; expected a parent chain without cycles"))
                        break
                    seen.add(current)
                    current = parents[current]
        problems += _counts_for_problems(row, line, where, ids, kinds, extra)
    problems += _quote_problems(frame, where, raw, raw_where, "value")
    return problems


def _counts_for_problems(row, line, where: str, ids: set, kinds: dict, extra: tuple[str, ...]) -> list[Problem]:
    """counts_for names the money figure of the same year whose recipients this count counts."""
    target = row["counts_for"]
    if not target or not re.fullmatch(ID_PATTERN, target):  # an empty cell, or the schema's problem
        return []
    if _kind(row["unit"], extra) != "count":
        return [Problem(where, line, "counts_for", f"found {target!r} on a figure in {row['unit'] or 'no unit'}, "
                                                   "expected nothing: only a count of recipients names the money it counts")]
    if target not in ids:
        return [Problem(where, line, "counts_for", f"found {target!r}, expected the id of a money figure in the same file")]
    if kinds.get(target) != "money":
        return [Problem(where, line, "counts_for", f"found {target!r}, which is not money, expected the id of a money figure")]
    return []


def plan_problems(frame: pd.DataFrame, path: Path, raw: str | None, raw_where: str,
                  extra: tuple[str, ...] = ()) -> list[Problem]:
    """All broken rules of one plans file."""
    where = display_path(path)
    problems = _schema_problems(frame, PLANS_SCHEMA, where)
    problems += _common_problems(frame, where, year_of(path))
    problems += _unit_problems(frame, where, extra)
    for line, row in frame.iterrows():
        if row["target"] and not row["unit"]:
            problems.append(Problem(where, line, "unit", f"found nothing, expected the unit of target {row['target']}"))
        if row["unit"] and not row["target"]:
            problems.append(Problem(where, line, "target", f"found nothing, expected a target for unit {row['unit']!r} (or no unit)"))
    problems += _quote_problems(frame, where, raw, raw_where, "target")
    return problems


def _raw(data_dir: Path, year: int, problems: list[Problem], needed_by: str) -> str | None:
    path = config.raw_path(data_dir, year)
    try:
        return read_text(path, what="raw report")
    except DataError as exc:
        if not path.exists():
            problems.append(Problem(needed_by, None, None, f"needs the raw report {display_path(path)}, which is missing"))
        else:
            problems.extend(exc.problems)
        return None


def _dataset_problems(data_dir: Path) -> list[Problem]:
    """dataset.yml's structure, and every raw report against the sha256 its source record gives."""
    where = display_path(config.dataset_path(data_dir))
    try:
        raw = read_raw(data_dir)
    except DataError as exc:
        return list(exc.problems)
    problems = problems_of(raw, where)
    for year, source in parse(raw).sources.items():
        path = config.raw_path(data_dir, year)
        if path.exists() and source.sha256:
            try:
                actual = hashlib.sha256(path.read_bytes()).hexdigest()
            except OSError as exc:
                problems.append(Problem(display_path(path), None, None, f"cannot read raw report ({exc.strerror or exc})"))
                continue
            if actual != source.sha256:
                problems.append(Problem(display_path(path), None, None,
                                        f"found sha256 {actual[:12]}…, expected {source.sha256[:12]}… as in dataset.yml: raw reports are never edited"))
    sources = parse(raw).sources
    if any(source.original for source in sources.values()):  # an ingested year: re-derive raw/Y.txt (parsers load only then)
        from analysis.ingest.check import derivation_problems

        problems += derivation_problems(data_dir, sources)
    return problems


def figures_file(data_dir: Path, year: int) -> tuple[pd.DataFrame | None, list[Problem]]:
    """One year's figures read as text, and every problem of it (the raw report it quotes included)."""
    return _checked_file(data_dir, config.figures_path(data_dir, year), year, FIGURE_FIELDS, "figures file", figure_problems)


def plans_file(data_dir: Path, year: int) -> tuple[pd.DataFrame | None, list[Problem]]:
    """The plans for ``year`` read as text, and every problem (they quote the report about ``year - 1``)."""
    return _checked_file(data_dir, config.plans_path(data_dir, year), year - 1, PLAN_FIELDS, "plans file", plan_problems)


def _checked_file(data_dir, path, raw_year, fields, what, rules) -> tuple[pd.DataFrame | None, list[Problem]]:
    problems: list[Problem] = []
    try:
        frame = read_csv_text(path, column_names(fields), what=what, optional=optional_columns(fields))
    except DataError as exc:
        problems.extend(exc.problems)
        frame = None
    raw = _raw(data_dir, raw_year, problems, display_path(path)) if raw_year else None
    if frame is not None:
        problems += rules(frame, path, raw, display_path(config.raw_path(data_dir, raw_year or 0)), units_of(data_dir))
    return frame, problems


def validate(data_dir: Path | str = config.DATA_DIR) -> list[Problem]:
    """Every problem in a data directory (figures, plans, raw reports, dataset.yml); empty when valid."""
    data_dir = Path(data_dir)
    if not data_dir.is_dir():
        return [Problem(display_path(data_dir), None, None, "data directory not found")]
    problems: list[Problem] = []
    figure_files = sorted((data_dir / config.FIGURES_SUBDIR).glob("*.csv"))
    plan_files = sorted((data_dir / config.PLANS_SUBDIR).glob("*.csv"))
    if not figure_files:
        problems.append(Problem(display_path(data_dir), None, None, f"no figures: expected {config.FIGURES_SUBDIR}/YYYY.csv"))
    if not config.dataset_path(data_dir).exists():
        problems.append(Problem(display_path(config.dataset_path(data_dir)), None, None, "dataset.yml not found"))
    else:
        problems += _dataset_problems(data_dir)
    for path in figure_files:
        year = year_of(path)
        problems += figures_file(data_dir, year)[1] if year else _checked_file(
            data_dir, path, None, FIGURE_FIELDS, "figures file", figure_problems)[1]
    for path in plan_files:
        year = year_of(path)
        problems += plans_file(data_dir, year)[1] if year else _checked_file(
            data_dir, path, None, PLAN_FIELDS, "plans file", plan_problems)[1]
    return list(dict.fromkeys(problems))  # a raw report read for figures and plans is reported once
