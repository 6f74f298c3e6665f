"""Calculations on the figures frame: plain functions, no I/O, no plotting.

Money columns are in 元 (``*_yuan``) or 万元 (``*_wan_yuan``); shares in percent (``*_pct``).
The input is the frame of :func:`analysis.load.load_figures` (``value_base`` is 元 for money).
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

import numpy as np
import pandas as pd

from analysis.units import split_unit, wan_yuan
from analysis.vocab import PEOPLE_UNITS


def _year(figures: pd.DataFrame, year: int | None) -> pd.DataFrame:
    return figures if year is None else figures[figures["year"] == year]


def round_half_up(value: float, decimals: int = 0) -> float:
    """Rounds the way people do on paper (0.5 up), not banker's rounding."""
    if value is None or (isinstance(value, float) and np.isnan(value)):
        return float("nan")
    quantum = Decimal(1).scaleb(-decimals)
    return float(Decimal(str(value)).quantize(quantum, rounding=ROUND_HALF_UP))


def top_level_spending(figures: pd.DataFrame, year: int | None = None) -> pd.DataFrame:
    """Spend rows that are not part of another spend row ("其中" children excluded): nothing counted twice."""
    frame = _year(figures, year)
    spend = frame[frame["flow"] == "spend"]
    spend_keys = set(zip(spend["year"], spend["id"]))
    has_spend_parent = [(y, p) in spend_keys for y, p in zip(spend["year"], spend["parent"])]
    top = spend[~np.asarray(has_spend_parent, dtype=bool)].copy()
    top["spend_yuan"] = top["value_base"]
    top["spend_wan_yuan"] = wan_yuan(top["spend_yuan"])
    return top


def _with_share(grouped: pd.DataFrame) -> pd.DataFrame:
    total = grouped.groupby("year")["spend_yuan"].transform("sum")
    grouped["spend_wan_yuan"] = wan_yuan(grouped["spend_yuan"])
    grouped["share_pct"] = grouped["spend_yuan"] / total * 100
    return grouped.sort_values(["year", "spend_yuan"], ascending=[True, False], ignore_index=True)


def spending_by_program(figures: pd.DataFrame, year: int | None = None) -> pd.DataFrame:
    """Spending per program (spend flow, parents respected): year, section, program, spend_yuan, spend_wan_yuan, share_pct."""
    top = top_level_spending(figures, year)
    grouped = top.groupby(["year", "section", "program"], as_index=False, sort=False)["spend_yuan"].sum()
    return _with_share(grouped)


def spending_by_section(figures: pd.DataFrame, year: int | None = None) -> pd.DataFrame:
    """Spending per report section: year, section, spend_yuan, spend_wan_yuan, share_pct."""
    top = top_level_spending(figures, year)
    grouped = top.groupby(["year", "section"], as_index=False, sort=False)["spend_yuan"].sum()
    return _with_share(grouped)


def total_spending_yuan(figures: pd.DataFrame, year: int) -> float:
    """Total program spending of a year in 元, each 元 counted once."""
    return float(top_level_spending(figures, year)["spend_yuan"].sum())


def spending_hierarchy(figures: pd.DataFrame, year: int) -> pd.DataFrame:
    """Section > program > "其中" parts, for a treemap or sunburst with branchvalues="total".

    Columns: node, label, parent_node, spend_wan_yuan. A parent's value is its own total, so a
    child (e.g. equipment bought out of donations) sits inside its parent and is not added again.
    """
    frame = _year(figures, year)
    top = top_level_spending(frame)
    rows = []
    for section, part in top.groupby("section", sort=False):
        rows.append((section, section, "", part["spend_yuan"].sum()))
        for program, prog in part.groupby("program", sort=False):
            node = f"{section}/{program}"
            rows.append((node, program, section, prog["spend_yuan"].sum()))
            children = frame[(frame["flow"] == "spend") & frame["parent"].isin(prog["id"])]
            for child in children.itertuples():
                rows.append((f"{node}/{child.id}", f"其中：{child.indicator}", node, child.value_base))
    result = pd.DataFrame(rows, columns=["node", "label", "parent_node", "spend_yuan"])
    result["spend_wan_yuan"] = wan_yuan(result["spend_yuan"])
    return result


def per_beneficiary_cost(figures: pd.DataFrame, year: int) -> pd.DataFrame:
    """Money per recipient, for each count that names the money figure it counts (``counts_for``).

    The pairs are explicit in the data (a count of the people, households or cases who received an
    amount), never guessed from equal program names. Columns: section, program, amount_yuan, count,
    count_unit, cost_yuan (rounded to whole 元), flow, money_id, count_id.
    """
    columns = ["section", "program", "amount_yuan", "count", "count_unit", "cost_yuan", "flow", "money_id", "count_id"]
    frame = _year(figures, year)
    if "counts_for" not in frame.columns:
        return pd.DataFrame(columns=columns)
    money = frame[frame["kind"] == "money"].set_index("id")
    heads = frame[(frame["kind"] == "count") & (frame["counts_for"] != "") & frame["counts_for"].isin(money.index)]
    rows = []
    for head in heads.itertuples(index=False):
        amount = money.loc[head.counts_for]
        if head.value_base <= 0:
            continue
        rows.append({
            "section": amount["section"],
            "program": amount["program"],
            "amount_yuan": amount["value_base"],
            "count": head.value_base,
            "count_unit": head.unit_base,
            "cost_yuan": round_half_up(amount["value_base"] / head.value_base),
            "flow": amount["flow"],
            "money_id": head.counts_for,
            "count_id": head.id,
        })
    return pd.DataFrame(rows, columns=columns).sort_values("cost_yuan", ascending=False, ignore_index=True)


def donation_balance(figures: pd.DataFrame, year: int) -> pd.DataFrame:
    """Per program with donations received (income): received, spent, of which parts, remaining, share spent.

    Columns: program, received_yuan, spent_yuan, parts_yuan (spend children, already inside spent),
    parts (labels), remaining_yuan, spent_share_pct.
    """
    frame = _year(figures, year)
    income = frame[frame["flow"] == "income"]
    rows = []
    for program, received in income.groupby("program", sort=False):
        spend = frame[(frame["program"] == program) & (frame["flow"] == "spend")]
        top = spend[~spend["parent"].isin(spend["id"])]
        children = spend[spend["parent"].isin(top["id"])]
        received_yuan = float(received["value_base"].sum())
        spent_yuan = float(top["value_base"].sum())
        rows.append({
            "section": received["section"].iloc[0],
            "program": program,
            "received_yuan": received_yuan,
            "spent_yuan": spent_yuan,
            "parts_yuan": float(children["value_base"].sum()),
            "parts": "、".join(children["indicator"]),
            "remaining_yuan": received_yuan - spent_yuan,
            "spent_share_pct": spent_yuan / received_yuan * 100 if received_yuan else float("nan"),
        })
    columns = ["section", "program", "received_yuan", "spent_yuan", "parts_yuan", "parts", "remaining_yuan", "spent_share_pct"]
    return pd.DataFrame(rows, columns=columns)


def cagr_pct(first_value: float, last_value: float, years: int) -> float:
    """Compound annual growth rate in percent over ``years`` years; NaN when undefined."""
    if years <= 0 or first_value <= 0 or last_value < 0:
        return float("nan")
    return ((last_value / first_value) ** (1 / years) - 1) * 100


def program_series(figures: pd.DataFrame, programs: list[str], kind: str = "money") -> pd.DataFrame:
    """Yearly totals per program (top-level spend for money; the figures of ``kind`` otherwise).

    Columns: program, year, value_base, unit_base.
    """
    if kind == "money":
        source = top_level_spending(figures)
    else:
        source = figures[(figures["kind"] == kind) & (figures["parent"] == "")]
    source = source[source["program"].isin(programs)]
    series = source.groupby(["program", "year", "unit_base"], as_index=False)["value_base"].sum()
    return series.sort_values(["program", "year"], ignore_index=True)


def growth(series: pd.DataFrame) -> pd.DataFrame:
    """Per program of :func:`program_series`: first and last year, values, total change and CAGR."""
    rows = []
    for (program, unit), part in series.groupby(["program", "unit_base"], sort=False):
        part = part.sort_values("year")
        first, last = part.iloc[0], part.iloc[-1]
        span = int(last["year"] - first["year"])
        rows.append({
            "program": program,
            "unit_base": unit,
            "first_year": int(first["year"]),
            "last_year": int(last["year"]),
            "first_value": first["value_base"],
            "last_value": last["value_base"],
            "years_reported": len(part),
            "change_pct": (last["value_base"] / first["value_base"] - 1) * 100 if first["value_base"] else float("nan"),
            "cagr_pct": cagr_pct(first["value_base"], last["value_base"], span),
        })
    columns = ["program", "unit_base", "first_year", "last_year", "first_value", "last_value", "years_reported", "change_pct", "cagr_pct"]
    return pd.DataFrame(rows, columns=columns)


def plan_tracking(plans: pd.DataFrame, figures: pd.DataFrame, year: int) -> pd.DataFrame:
    """Plan items for ``year`` against the figures of ``year`` (matched by id).

    status: "达成" (actual >= target), "未达成", "无数据" (a target but no figure yet) or
    "无量化目标" (nothing to check). Columns: id, section, item, target_base, unit_base, actual_base,
    status, quote.
    """
    items = plans[plans["year"] == year].copy()
    actual = figures[figures["year"] == year].set_index("id")
    rows = []
    for item in items.itertuples():
        target, unit, actual_value = float("nan"), "", float("nan")
        if isinstance(item.unit, str) and item.unit and not pd.isna(item.target):
            magnitude, unit = split_unit(item.unit)
            target = float(item.target) * magnitude
        if pd.isna(target):
            status = "无量化目标"
        elif item.id in actual.index and actual.loc[item.id, "unit_base"] == unit:
            actual_value = float(actual.loc[item.id, "value_base"])
            status = "达成" if actual_value >= target else "未达成"
        else:
            status = "无数据"
        rows.append({"id": item.id, "section": item.section, "item": item.item, "target_base": target,
                     "unit_base": unit, "actual_base": actual_value, "status": status, "quote": item.quote})
    columns = ["id", "section", "item", "target_base", "unit_base", "actual_base", "status", "quote"]
    return pd.DataFrame(rows, columns=columns)


def people_served(figures: pd.DataFrame, year: int, n: int = 5) -> pd.DataFrame:
    """The largest counts of people (人, 名, 人次) of a year, not summed: one person can be in many programs."""
    frame = _year(figures, year)
    people = frame[(frame["kind"] == "count") & frame["unit_base"].isin(PEOPLE_UNITS)]
    return people.sort_values("value_base", ascending=False).head(n).reset_index(drop=True)


def __getattr__(name: str):
    """``calc.compare_years`` and ``calc.largest_changes`` live in :mod:`analysis.compare` (year against year)."""
    if name in ("compare_years", "largest_changes"):
        from analysis import compare

        return getattr(compare, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
