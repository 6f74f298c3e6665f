"""Calculations, with the arithmetic written out by hand (real 2020 data and the synthetic fixture)."""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from analysis import calc, load_plans

FIXTURE = Path(__file__).parent / "fixtures" / "two_years"


def test_spending_per_program_counts_the_equipment_part_once(figures_2020):
    by_program = calc.spending_by_program(figures_2020, 2020)
    donations = by_program.set_index("program").loc["疫情防控捐赠", "spend_wan_yuan"]
    assert donations == pytest.approx(1151.97)  # not 1151.97 + 411.5
    total = 636.03 + 1151.97 + 9867.01 + 129.39 + 1121.08 + 157.21 + 1447
    assert by_program["spend_wan_yuan"].sum() == pytest.approx(total)
    assert calc.total_spending_yuan(figures_2020, 2020) == pytest.approx(total * 10_000)


def test_spending_excludes_income_sales_and_waivers(figures_2020):
    programs = set(calc.spending_by_program(figures_2020, 2020)["program"])
    assert {"福利彩票", "会费减免", "惠民殡葬减免"}.isdisjoint(programs)
    assert len(programs) == 7


def test_shares_and_order(figures_2020):
    by_program = calc.spending_by_program(figures_2020, 2020)
    assert by_program.iloc[0]["program"] == "基本生活保障"
    assert by_program.iloc[0]["share_pct"] == pytest.approx(9867.01 / 14509.69 * 100)  # 68.0029...
    assert by_program["share_pct"].sum() == pytest.approx(100)
    assert list(by_program["spend_yuan"]) == sorted(by_program["spend_yuan"], reverse=True)


def test_spending_by_section(figures_2020):
    by_section = calc.spending_by_section(figures_2020, 2020).set_index("section")
    assert by_section.loc["疫情防控", "spend_wan_yuan"] == pytest.approx(636.03 + 1151.97)  # 1788
    assert by_section.loc["养老服务", "spend_wan_yuan"] == pytest.approx(129.39 + 1121.08)  # 1250.47
    assert "社会事务" not in by_section.index  # only waivers and sales there


def test_hierarchy_parent_values_are_totals(figures_2020):
    tree = calc.spending_hierarchy(figures_2020, 2020).set_index("node")
    assert tree.loc["疫情防控", "spend_wan_yuan"] == pytest.approx(1788.0)
    child = tree.loc["疫情防控/疫情防控捐赠/epidemic.donations.equipment.spend"]
    assert child["parent_node"] == "疫情防控/疫情防控捐赠"
    assert child["spend_wan_yuan"] == pytest.approx(411.5)
    roots = tree[tree["parent_node"] == ""]
    assert roots["spend_wan_yuan"].sum() == pytest.approx(14509.69)


def test_per_beneficiary_cost(figures_2020):
    cost = calc.per_beneficiary_cost(figures_2020, 2020).set_index("program")
    assert cost.loc["高龄津贴", "cost_yuan"] == 510  # 11,210,800 元 / 22,000 人 = 509.58
    assert cost.loc["居家养老服务", "cost_yuan"] == 3564  # 1,293,900 / 363 = 3564.46
    assert cost.loc["惠民殡葬减免", "cost_yuan"] == 891  # 4,860,000 / 5457 = 890.60
    assert cost.loc["惠民殡葬减免", "flow"] == "waiver"
    assert "疫情防控捐赠" not in cost.index  # money but no head count


def test_per_beneficiary_pairs_are_the_declared_ones_not_equal_program_names(figures_2020):
    figures = figures_2020.copy()
    # a count named as the recipients of another program's money is paired, whatever its program name
    figures.loc[figures["id"] == "elderly.home_care.persons", ["program", "counts_for"]] = [
        "另一个名字", "elderly.home_care.spend"]
    cost = calc.per_beneficiary_cost(figures, 2020).set_index("money_id")
    assert cost.loc["elderly.home_care.spend", ["program", "count_id", "cost_yuan"]].tolist() == [
        "居家养老服务", "elderly.home_care.persons", 3564]
    # without the reference, no pair: nothing is guessed
    figures.loc[figures["id"] == "elderly.home_care.persons", "counts_for"] = ""
    assert "elderly.home_care.spend" not in set(calc.per_beneficiary_cost(figures, 2020)["money_id"])


def test_round_half_up():
    assert calc.round_half_up(2.5) == 3  # banker's rounding would give 2
    assert calc.round_half_up(0.125, 2) == 0.13
    assert math.isnan(calc.round_half_up(float("nan")))


def test_donation_balance(figures_2020):
    row = calc.donation_balance(figures_2020, 2020).iloc[0]
    assert row["received_yuan"] == pytest.approx(11_755_500)
    assert row["spent_yuan"] == pytest.approx(11_519_700)
    assert row["parts_yuan"] == pytest.approx(4_115_000)
    assert row["remaining_yuan"] == pytest.approx(11_755_500 - 11_519_700)  # 235,800 元 = 23.58万元
    assert row["spent_share_pct"] == pytest.approx(1151.97 / 1175.55 * 100)  # 97.99%


def test_compare_years_is_unit_safe(fixture_figures):
    comp = calc.compare_years(fixture_figures, 2021, 2020).set_index("id")
    lottery = comp.loc["affairs.welfare_lottery.sales"]  # 1.2亿元 against 13200万元
    assert lottery["base_value"] == pytest.approx(120_000_000)
    assert lottery["value"] == pytest.approx(132_000_000)
    # 1.2亿元 is rounded by the source (to 0.1亿): both values shown, no change rate
    assert lottery["comparability"] == "approximate" and np.isnan(lottery["change_pct"])
    persons = comp.loc["elderly.longevity_allowance.persons"]  # 1.0万人 -> 1.1万人, rounded counts
    assert persons["base_value"] == pytest.approx(10_000) and persons["value"] == pytest.approx(11_000)
    assert persons["reason"] == "原文为约数或取整数" and np.isnan(persons["change_abs"])
    basic = comp.loc["assistance.basic_living.spend"]  # 1000万元 -> 1200万元: an ordinary figure
    assert basic["change_abs"] == pytest.approx(2_000_000) and basic["change_pct"] == pytest.approx(20.0)


def test_compare_years_money_units_are_normalised():
    rows = pd.DataFrame({
        "id": ["a.spend", "a.spend"], "year": [2020, 2021], "section": "综合", "program": "A", "indicator": "支出",
        "kind": "money", "flow": "spend", "unit_base": "元", "value_base": [12_000_000.0, 13_200_000.0],  # 1200万元, 13200000元
        "comparability": "",
    })
    row = calc.compare_years(rows, 2021, 2020).iloc[0]
    assert row["change_abs"] == pytest.approx(1_200_000) and row["change_pct"] == pytest.approx(10.0)


def test_compare_years_new_and_gone(fixture_figures):
    comp = calc.compare_years(fixture_figures, 2021, 2020)
    status = comp.set_index("id")["status"]
    assert set(status[status == "new"].index) == {"assistance.social_work_stations.towns", "children.orphan_allowance.spend"}
    assert set(status[status == "gone"].index) == {
        "epidemic.donations.income", "epidemic.donations.spend", "epidemic.donations.equipment.spend", "affairs.place_names.count"}
    assert comp.loc[comp["status"] != "both", "change_pct"].isna().all()


def test_compare_years_unit_change_and_zero_base():
    rows = pd.DataFrame({
        "id": ["a.x", "a.x", "b.y", "b.y"], "year": [2020, 2021, 2020, 2021],
        "section": "综合", "program": ["A", "A", "B", "B"], "indicator": "n", "kind": "count", "flow": "",
        "unit_base": ["人", "户", "人", "人"], "value_base": [10.0, 12.0, 0.0, 5.0],
    })
    comp = calc.compare_years(rows, 2021, 2020).set_index("id")
    assert comp.loc["a.x", "status"] == "unit_changed" and np.isnan(comp.loc["a.x", "change_abs"])
    assert comp.loc["b.y", "change_abs"] == 5 and np.isnan(comp.loc["b.y", "change_pct"])


def test_largest_changes(fixture_figures):
    top = calc.largest_changes(calc.compare_years(fixture_figures, 2021, 2020), n=10)
    # money first, by amount: 基本生活保障 +200万元, 高龄津贴 +50万元, 居家养老服务 -12万元
    assert list(top["id"][:3]) == ["assistance.basic_living.spend", "elderly.longevity_allowance.spend", "elderly.home_care.spend"]
    # then other figures by rate, from a base of 100 up: 流浪乞讨 200 -> 150 (-25%), 居家养老人数 300 -> 360 (+20%),
    # 结婚登记 4000 -> 3600 (-10%); 长者食堂 10 -> 12 (+20%) has too small a base to be ranked
    assert list(top["id"][3:]) == ["assistance.vagrants.person_times", "elderly.home_care.persons", "affairs.marriages.count"]


def test_cagr():
    assert calc.cagr_pct(100, 121, 2) == pytest.approx(10.0)  # 1.1 ** 2 = 1.21
    assert calc.cagr_pct(1000, 1200, 1) == pytest.approx(20.0)
    assert math.isnan(calc.cagr_pct(0, 10, 3))
    assert math.isnan(calc.cagr_pct(10, 20, 0))


def test_program_series_and_growth(fixture_figures):
    series = calc.program_series(fixture_figures, ["基本生活保障", "高龄津贴"])
    assert list(series["value_base"]) == [10_000_000, 12_000_000, 5_000_000, 5_500_000]
    growth = calc.growth(series).set_index("program")
    assert growth.loc["高龄津贴", "cagr_pct"] == pytest.approx(10.0)  # 550 / 500 over one year
    assert growth.loc["基本生活保障", "years_reported"] == 2


def test_plan_tracking(fixture_figures):
    plans = load_plans(data_dir=FIXTURE)
    tracking = calc.plan_tracking(plans, fixture_figures, 2021).set_index("id")
    assert tracking.loc["assistance.social_work_stations.towns", "status"] == "达成"  # 11 >= 11
    assert tracking.loc["elderly.canteens.count", "status"] == "未达成"  # 12 < 15
    assert tracking.loc["elderly.canteens.count", "actual_base"] == 12


def test_plan_tracking_without_figures_or_target(figures_2020):
    tracking = calc.plan_tracking(load_plans(2021), figures_2020, 2021)
    assert set(tracking["status"]) == {"无数据", "无量化目标"}  # no 2021 figures yet
    assert (tracking["status"] == "无数据").sum() == 3  # 11 towns, 100%, 11 towns


def test_people_served_not_summed(figures_2020):
    people = calc.people_served(figures_2020, 2020, n=3)
    assert list(people["value_base"]) == [22_000, 2_569, 2_500]
