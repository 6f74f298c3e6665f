"""analysis.compare on the synthetic two-year fixture (its dataset.yml lists the changes built in) and the
real 2020 data: change rates only where they cannot mislead, the spending table, the bridge, per-recipient
amounts across years, funding sources."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from analysis import calc, compare


@pytest.fixture(scope="module")
def comparison(fixture_figures):
    return compare.compare_years(fixture_figures, 2021, 2020).set_index("id")


@pytest.mark.parametrize("figure_id, code, reason", [
    pytest.param("assistance.long_stay_settled.count", "cumulative", "多年累计数，非当年数", id="cumulative-stated-in-data"),
    pytest.param("children.orphan_allowance.rate", "standard", "标准或比率，非数量", id="standard-from-its-unit"),
    pytest.param("elderly.longevity_allowance.persons", "approximate", "原文为约数或取整数", id="count-in-wan-is-rounded"),
    pytest.param("affairs.welfare_lottery.sales", "approximate", "原文为约数或取整数", id="yi-yuan-in-the-base-year"),
])
def test_no_change_rate_where_it_would_mislead(comparison, figure_id, code, reason):
    row = comparison.loc[figure_id]
    assert row["status"] == "both" and row["comparability"] == code and row["reason"] == reason
    assert not math.isnan(row["base_value"]) and not math.isnan(row["value"])  # both shown side by side
    assert math.isnan(row["change_pct"]) and math.isnan(row["change_abs"])


def test_equal_values_are_an_exact_zero_change(comparison):
    row = comparison.loc["affairs.building_renames.count"]  # 1条 -> 1条
    assert row["change_pct"] == 0 and row["change_abs"] == 0 and row["reason"] == ""


def test_largest_changes_ranks_money_by_amount_and_counts_from_a_minimum_base(comparison):
    top = compare.largest_changes(comparison.reset_index())
    money = top[top["kind"] == "money"]
    assert list(money["change_abs"]) == sorted(money["change_abs"], key=abs, reverse=True)
    others = top[top["kind"] != "money"]
    assert (others["base_value"] >= compare.MIN_BASE_FOR_RATE).all()
    assert "elderly.canteens.count" not in set(top["id"])  # 10 -> 12 间: +20% on a base of 10
    assert top["comparability"].eq("").all()  # nothing without a rate is ranked


def test_bridge_changes_add_up_to_the_change_of_the_total(fixture_figures):
    bridge = compare.spending_bridge(fixture_figures, 2021, 2020)
    total_change = calc.total_spending_yuan(fixture_figures, 2021) - calc.total_spending_yuan(fixture_figures, 2020)
    assert bridge["change_yuan"].sum() == pytest.approx(total_change)  # 1938 - 1870 = 68万元
    assert total_change == pytest.approx(680_000)
    assert list(bridge["change_yuan"].abs()) == sorted(bridge["change_yuan"].abs(), reverse=True)
    gone = bridge.set_index("program").loc["疫情防控捐赠"]  # reported in 2020 only
    assert math.isnan(gone["value_yuan"]) and gone["change_yuan"] == pytest.approx(-2_500_000)
    new = bridge.set_index("program").loc["孤儿基本生活费"]  # reported in 2021 only
    assert math.isnan(new["base_yuan"]) and new["change_yuan"] == pytest.approx(800_000)


def test_spending_table_total_row_parts_indented_and_counted_once(figures_2020):
    table = compare.spending_table(figures_2020, 2020)
    total = table.iloc[0]
    assert total["label"] == "合计" and total["level"] == 0
    assert total["value_yuan"] == pytest.approx(calc.total_spending_yuan(figures_2020, 2020))  # 14,509.69万元
    assert table.loc[table["level"] == 1, "value_yuan"].sum() == pytest.approx(total["value_yuan"])
    part = table[table["level"] == 2]
    assert list(part["label"]) == ["其中：设备采购支出"]
    assert table.loc[part.index[0] - 1, "id"] == "epidemic.donations.spend"  # right under its line
    lines = table[table["level"] == 1]
    assert list(lines["value_yuan"]) == sorted(lines["value_yuan"], reverse=True)  # one year: by amount
    assert lines["share_pct"].sum() == pytest.approx(100.0)
    assert set(lines["funding"]) == {"财政", "社会捐赠", "多种来源"}


def test_spending_table_with_a_base_year_is_ordered_by_change(fixture_figures):
    table = compare.spending_table(fixture_figures, 2021, 2020)
    assert table.iloc[0]["base_yuan"] == pytest.approx(18_700_000) and table.iloc[0]["value_yuan"] == pytest.approx(19_380_000)
    lines = table[table["level"] == 1]
    assert list(lines["change_yuan"].abs()) == sorted(lines["change_yuan"].abs(), reverse=True)
    home = lines.set_index("program").loc["居家养老服务"]
    assert home["change_pct"] == pytest.approx(-10.0)  # 120 -> 108万元
    gone = lines.set_index("program").loc["疫情防控捐赠"]  # 2020 only: its whole amount is the change, no rate
    assert gone["change_yuan"] == pytest.approx(-2_500_000) and math.isnan(gone["change_pct"])


def test_spending_by_funding_adds_up_to_the_total(figures_2020, fixture_figures):
    split = compare.spending_by_funding(figures_2020, 2020).set_index("funding")["spend_yuan"]
    assert split.sum() == pytest.approx(calc.total_spending_yuan(figures_2020, 2020))
    assert split["社会捐赠"] == pytest.approx(11_519_700)  # the donations spent, not the donations received
    assert split["多种来源"] == pytest.approx(1_572_100)
    split = compare.spending_by_funding(fixture_figures, 2021).set_index("funding")["spend_yuan"]
    assert dict(split) == pytest.approx({"财政": 18_580_000, "福彩公益金": 800_000})


def test_other_money_is_kept_apart_with_its_flow(figures_2020):
    other = compare.other_money(figures_2020, 2020)
    assert set(other["flow_label"]) == {"收入", "销售", "减免"}
    assert "支出" not in set(other["flow_label"])


def test_cost_comparison_finds_the_per_recipient_drop(fixture_figures):
    costs = compare.cost_comparison(fixture_figures, 2021, 2020).set_index("program")
    home = costs.loc["居家养老服务"]  # 120万元/300名 = 4,000元 -> 108万元/360名 = 3,000元
    assert (home["base_cost_yuan"], home["cost_yuan"]) == (4000, 3000)
    assert home["change_pct"] == pytest.approx(-25.0) and home["count_change_pct"] == pytest.approx(20.0)
    assert home["unit"] == "元/名"
    assert costs.index[0] == "居家养老服务"  # the largest change first


def test_cost_comparison_leaves_out_cumulative_counts():
    rows = pd.DataFrame({
        "id": ["a.spend", "a.people"] * 2, "year": [2020, 2020, 2021, 2021], "section": "综合", "program": "A",
        "indicator": ["支出", "人数"] * 2, "kind": ["money", "count"] * 2, "flow": ["spend", ""] * 2,
        "unit_base": ["元", "人"] * 2, "value_base": [1e6, 100, 1e6, 120], "counts_for": ["", "a.spend"] * 2,
        "comparability": ["", "cumulative"] * 2,
    })
    assert compare.cost_comparison(rows, 2021, 2020).empty
    rows["comparability"] = ""
    assert compare.cost_comparison(rows, 2021, 2020).iloc[0]["change_pct"] == pytest.approx((8333 / 10000 - 1) * 100)  # whole 元


def test_calc_still_offers_the_comparison_functions():
    assert calc.compare_years is compare.compare_years and calc.largest_changes is compare.largest_changes
    with pytest.raises(AttributeError):
        calc.no_such_function  # noqa: B018


def test_compare_years_without_comparability_column_computes_every_rate():
    rows = pd.DataFrame({"id": ["a.x", "a.x"], "year": [2020, 2021], "section": "综合", "program": "A",
                         "indicator": "n", "kind": "count", "flow": "", "unit_base": "人", "value_base": [10.0, 15.0]})
    row = compare.compare_years(rows, 2021, 2020).iloc[0]
    assert row["change_pct"] == pytest.approx(50.0) and row["comparability"] == "" and not np.isnan(row["change_abs"])
