"""Year against year: the same figures in two years, which of them a change rate may describe, and
the money tables of a comparison (spending with its total and 其中 parts, the bridge of the total's
change, amounts per recipient). Plain functions on the frame of :func:`analysis.load.load_figures`.

A change rate is computed only where it means what a reader thinks: not for a figure summed over
several years, not for an approximate or source-rounded figure, not for a standard or rate
(``comparability`` of the loaded figures, see :func:`analysis.load.comparability`); such figures are
shown side by side with the reason instead.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from analysis.calc import per_beneficiary_cost, top_level_spending
from analysis.vocab import COMPARABILITY_BY_CODE, FLOWS_BY_CODE, FUNDING_UNSTATED

# A change of a few units on a small base reads as a large percentage (39 -> 31 is -20%): counts are
# ranked by their change rate only from this base up.
MIN_BASE_FOR_RATE = 100

COMPARE_COLUMNS = [
    "id", "section", "program", "indicator", "kind", "flow", "unit_base",
    "base_value", "value", "change_abs", "change_pct", "status", "comparability", "reason",
]


def reason(code: str) -> str:
    """The Chinese reason a figure has no change rate (``""`` for an ordinary figure)."""
    return COMPARABILITY_BY_CODE[code].reason if code in COMPARABILITY_BY_CODE else ""


def compare_years(figures: pd.DataFrame, year: int, base_year: int) -> pd.DataFrame:
    """Figures of ``year`` against ``base_year`` matched by id, in base units (万元 vs 亿元 safe).

    status: "both", "new" (only in year), "gone" (only in base year) or "unit_changed" (the same id
    measured in incompatible units: no change computed). ``comparability`` is the code of either year
    that makes a change rate misleading (cumulative, approximate, standard) and ``reason`` says it in
    Chinese; such rows keep both values but no change_abs or change_pct. change_pct is NaN when the
    base is 0 and exactly 0 when the values are equal (持平).
    """
    keys = ["id", "section", "program", "indicator", "kind", "flow", "unit_base", "value_base"]
    extra = ["comparability"] if "comparability" in figures.columns else []
    current = figures.loc[figures["year"] == year, keys + extra]
    base = figures.loc[figures["year"] == base_year, keys + extra]
    merged = current.merge(base, on="id", how="outer", suffixes=("", "_b"), indicator=True)
    for column in ("section", "program", "indicator", "kind", "flow", "unit_base"):
        merged[column] = merged[column].fillna(merged[f"{column}_b"])
    merged = merged.rename(columns={"value_base": "value", "value_base_b": "base_value"})
    merged["status"] = np.select(
        [merged["_merge"] == "left_only", merged["_merge"] == "right_only", merged["unit_base"] != merged["unit_base_b"]],
        ["new", "gone", "unit_changed"],
        default="both",
    )
    if extra:
        now, then = merged["comparability"].fillna(""), merged["comparability_b"].fillna("")
        merged["comparability"] = np.where(now != "", now, then)
    else:
        merged["comparability"] = ""
    merged["reason"] = [reason(c) for c in merged["comparability"]]
    comparable = (merged["status"] == "both") & (merged["comparability"] == "")
    merged["change_abs"] = np.where(comparable, merged["value"] - merged["base_value"], np.nan)
    with np.errstate(divide="ignore", invalid="ignore"):
        pct = (merged["value"] - merged["base_value"]) / merged["base_value"].abs() * 100
    merged["change_pct"] = np.where(comparable & (merged["base_value"] != 0), pct, np.nan)
    return merged[COMPARE_COLUMNS].sort_values("id", ignore_index=True)


def largest_changes(comparison: pd.DataFrame, n: int = 10, kind: str | None = None,
                    min_base: float = MIN_BASE_FOR_RATE) -> pd.DataFrame:
    """The ``n`` comparable figures that changed most: money by its absolute change (a large
    percentage of a small sum is not a large movement), other figures by their change rate from a
    base of ``min_base`` up. ``kind="money"`` or another kind restricts the list; without it, money
    comes first."""
    both = comparison[(comparison["status"] == "both")].dropna(subset=["change_pct"])
    if kind is not None:
        both = both[both["kind"] == kind]
    money = both[both["kind"] == "money"]
    money = money.loc[money["change_abs"].abs().sort_values(ascending=False, kind="stable").index]
    others = both[(both["kind"] != "money") & (both["base_value"].abs() >= min_base)]
    others = others.loc[others["change_pct"].abs().sort_values(ascending=False, kind="stable").index]
    return pd.concat([money, others]).head(n).reset_index(drop=True)


BRIDGE_COLUMNS = ["program", "section", "base_yuan", "value_yuan", "change_yuan"]


def _by_program(figures: pd.DataFrame, year: int) -> pd.DataFrame:
    top = top_level_spending(figures, year)
    return top.groupby(["program", "section"], as_index=False, sort=False)["spend_yuan"].sum()


def spending_bridge(figures: pd.DataFrame, year: int, base_year: int) -> pd.DataFrame:
    """From the base year's reported spending total to this year's, program by program.

    One row per program reported with spending in either year: base_yuan and value_yuan (NaN when
    the program is not reported that year), change_yuan (an absent year counts as 0 here, so the
    changes add up to the change of the total), ordered by the size of the change.
    """
    now, then = _by_program(figures, year), _by_program(figures, base_year)
    merged = now.merge(then, on="program", how="outer", suffixes=("", "_b"))
    merged["section"] = merged["section"].fillna(merged["section_b"])
    merged = merged.rename(columns={"spend_yuan": "value_yuan", "spend_yuan_b": "base_yuan"})
    merged["change_yuan"] = merged["value_yuan"].fillna(0) - merged["base_yuan"].fillna(0)
    order = merged["change_yuan"].abs().sort_values(ascending=False, kind="stable").index
    return merged.loc[order, BRIDGE_COLUMNS].reset_index(drop=True)


SPENDING_TABLE_COLUMNS = ["label", "level", "id", "section", "program", "funding",
                          "base_yuan", "value_yuan", "change_yuan", "change_pct", "share_pct"]


def spending_table(figures: pd.DataFrame, year: int, base_year: int | None = None) -> pd.DataFrame:
    """The spending lines the report lists, as a table a reader can add up: a 合计 row (level 0), one
    row per spending line (level 1: program, funding source, share of the total) and under each its
    其中 parts (level 2, already inside their line, so never added again).

    With ``base_year``, the lines carry the base year's amount (matched by id), the change and its
    rate, and are ordered by the size of the change (the lines of the base year no longer reported
    follow with an empty amount); without it, by amount.
    """
    frame = figures[figures["year"] == year]
    top = top_level_spending(figures, year)
    base = figures[figures["year"] == base_year] if base_year is not None else figures.iloc[0:0]
    base_values = dict(zip(base["id"], base["value_base"]))
    total = float(top["spend_yuan"].sum())
    several = top["program"].duplicated(keep=False)
    lines = []
    for row, repeated in zip(top.itertuples(index=False), several):
        lines.append({"label": f"{row.program}({row.indicator})" if repeated else row.program, "level": 1,
                      "id": row.id, "section": row.section, "program": row.program,
                      "funding": row.funding if getattr(row, "funding", "") else FUNDING_UNSTATED,
                      "base_yuan": base_values.get(row.id, np.nan), "value_yuan": row.spend_yuan})
    if base_year is not None:
        gone = top_level_spending(figures, base_year)
        gone = gone[~gone["id"].isin(top["id"])]
        for row in gone.itertuples(index=False):
            lines.append({"label": row.program, "level": 1, "id": row.id, "section": row.section,
                          "program": row.program, "funding": row.funding or FUNDING_UNSTATED,
                          "base_yuan": row.spend_yuan, "value_yuan": np.nan})
    table = pd.DataFrame(lines, columns=SPENDING_TABLE_COLUMNS[:7] + ["value_yuan"])
    table["change_yuan"] = table["value_yuan"].fillna(0) - table["base_yuan"].fillna(0)
    key = table["change_yuan"].abs() if base_year is not None else table["value_yuan"].fillna(0)
    table = table.loc[key.sort_values(ascending=False, kind="stable").index]
    rows = []
    base_total = float(top_level_spending(figures, base_year)["spend_yuan"].sum()) if base_year is not None else np.nan
    rows.append({"label": "合计", "level": 0, "id": "", "section": "", "program": "", "funding": "",
                 "base_yuan": base_total, "value_yuan": total})
    spend = frame[frame["flow"] == "spend"]
    for line in table.to_dict("records"):
        rows.append(line)
        for part in spend[spend["parent"] == line["id"]].itertuples(index=False):
            rows.append({"label": f"其中：{part.indicator}", "level": 2, "id": part.id, "section": part.section,
                         "program": part.program, "funding": part.funding or "",
                         "base_yuan": base_values.get(part.id, np.nan), "value_yuan": part.value_base})
    result = pd.DataFrame(rows)
    # a line reported in one year only changes by its whole amount (as in the bridge); a part needs both years
    result["change_yuan"] = np.where(result["level"] < 2, result["value_yuan"].fillna(0) - result["base_yuan"].fillna(0),
                                     result["value_yuan"] - result["base_yuan"])
    if base_year is None:
        result["change_yuan"] = np.nan
    with np.errstate(divide="ignore", invalid="ignore"):
        both = (result["base_yuan"] > 0) & result["value_yuan"].notna()  # a line listed in one year only has no rate
        result["change_pct"] = np.where(both, result["change_yuan"] / result["base_yuan"] * 100, np.nan)
    result["share_pct"] = np.where(result["level"] == 1, result["value_yuan"] / total * 100 if total else np.nan, np.nan)
    result.loc[result["level"] == 0, "share_pct"] = 100.0 if total else np.nan
    return result[SPENDING_TABLE_COLUMNS].reset_index(drop=True)


def spending_by_funding(figures: pd.DataFrame, year: int) -> pd.DataFrame:
    """The reported spending total split by funding source (财政, 社会捐赠, 福彩公益金, 多种来源, and
    未注明来源 for lines the data gives no source): funding, spend_yuan, share_pct; largest first."""
    top = top_level_spending(figures, year)
    funding = top["funding"].replace("", FUNDING_UNSTATED) if "funding" in top.columns else FUNDING_UNSTATED
    grouped = top.assign(funding=funding).groupby("funding", as_index=False)["spend_yuan"].sum()
    total = grouped["spend_yuan"].sum()
    grouped["share_pct"] = grouped["spend_yuan"] / total * 100 if total else np.nan
    return grouped.sort_values("spend_yuan", ascending=False, ignore_index=True)


def other_money(figures: pd.DataFrame, year: int, base_year: int | None = None) -> pd.DataFrame:
    """Money that is not spending (收入, 销售, 减免), apart from the spending table: id, label, flow_label,
    base_value, value (元; NaN for a figure of the base year no longer reported), comparability, reason."""
    frame = figures[(figures["year"] == year) & (figures["kind"] == "money") & (figures["flow"] != "spend")]
    base = figures[(figures["year"] == base_year)] if base_year is not None else figures.iloc[0:0]
    gone = base[(base["kind"] == "money") & (base["flow"] != "spend") & ~base["id"].isin(frame["id"])]
    frame = pd.concat([frame, gone.assign(value_base=np.nan)])  # reported in the base year only: no amount now
    base_values = dict(zip(base["id"], base["value_base"]))
    stated = frame["comparability"] if "comparability" in frame.columns else pd.Series("", index=frame.index)
    base_stated = dict(zip(base["id"], base["comparability"])) if "comparability" in base.columns else {}
    result = pd.DataFrame({
        "id": frame["id"],
        "label": frame["program"] + frame["indicator"],
        "flow_label": [FLOWS_BY_CODE[f].word for f in frame["flow"]],
        "base_value": [base_values.get(i, np.nan) for i in frame["id"]],
        "value": frame["value_base"],
        "comparability": [c or base_stated.get(i, "") for c, i in zip(stated, frame["id"])],
    })
    result["reason"] = [reason(c) for c in result["comparability"]]
    return result.reset_index(drop=True)


COST_COLUMNS = ["program", "section", "unit", "base_cost_yuan", "cost_yuan", "change_pct",
                "base_count", "count", "count_change_pct", "money_id", "reason"]


def cost_comparison(figures: pd.DataFrame, year: int, base_year: int) -> pd.DataFrame:
    """Amount per recipient in both years, for the pairs the data declares (``counts_for``), matched
    by the money figure's id: cost and count of each year and their change rates (NaN when the base
    year has no such pair). Pairs whose count is cumulative are left out; where a count is rounded by
    the source (2.2万人) in either year, both amounts are shown but no change rate is computed
    (``reason`` says why): a rounded count changes the amount per person by its rounding alone."""
    now, then = per_beneficiary_cost(figures, year), per_beneficiary_cost(figures, base_year)
    codes = dict(zip(zip(figures["year"], figures["id"]), figures["comparability"])) \
        if "comparability" in figures.columns else {}
    now = now[[codes.get((year, c), "") != "cumulative" for c in now["count_id"]]]
    then = then[[codes.get((base_year, c), "") != "cumulative" for c in then["count_id"]]]
    merged = now.merge(then[["money_id", "cost_yuan", "count", "count_id"]], on="money_id", how="left", suffixes=("", "_b"))
    merged["unit"] = "元/" + merged["count_unit"]
    merged = merged.rename(columns={"cost_yuan_b": "base_cost_yuan", "count_b": "base_count"})
    merged["reason"] = [reason(codes.get((year, c), "") or codes.get((base_year, b), ""))
                        for c, b in zip(merged["count_id"], merged["count_id_b"])]
    rated = merged["reason"] == ""
    with np.errstate(divide="ignore", invalid="ignore"):
        merged["change_pct"] = np.where(rated, (merged["cost_yuan"] / merged["base_cost_yuan"] - 1) * 100, np.nan)
        merged["count_change_pct"] = np.where(rated, (merged["count"] / merged["base_count"] - 1) * 100, np.nan)
    order = merged["change_pct"].abs().fillna(-1).sort_values(ascending=False, kind="stable").index
    return merged.loc[order, COST_COLUMNS].reset_index(drop=True)
