"""The curated data in data/: every figure traces back to a sentence of the raw report.

These tests read the files directly (csv, hashlib, yaml) and check them by means independent of
analysis.rules, so a bug in the validator cannot hide a bug in the data.
"""

from __future__ import annotations

import csv
import hashlib
import re
import warnings
from decimal import Decimal
from pathlib import Path

import pytest
import yaml

from analysis import load_figures, validate

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    import cn2an

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "data"
RAW_2020 = (DATA / "raw" / "2020.txt").read_text(encoding="utf-8")


def rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


FIGURES = rows(DATA / "figures" / "2020.csv")
PLANS = rows(DATA / "plans" / "2021.csv")
BY_ID = {row["id"]: row for row in FIGURES}


def printed_forms(value: str, unit: str) -> list[str]:
    """Regexes for how the report may print ``value`` in ``unit``: Arabic digits or a Chinese numeral."""
    number = r"(?<![0-9.])" + re.escape(value) + r"(?![0-9])"
    forms = [number + re.escape(unit)]
    if unit == "元/人/月":
        forms.append(r"每人每月" + number + "元")
    if re.fullmatch(r"[0-9]+", value):
        forms.append(r"(?<![零一二两三四五六七八九十百千万亿])" + cn2an.an2cn(value) + re.escape(unit))
    return forms


def test_figures_2020_has_about_fifty_rows():
    assert len(FIGURES) == 50


@pytest.mark.parametrize("row", FIGURES, ids=[r["id"] for r in FIGURES])
def test_quote_occurs_in_raw_report(row):
    assert row["quote"], "every figure needs a quote"
    assert row["quote"] in RAW_2020


@pytest.mark.parametrize("row", FIGURES, ids=[r["id"] for r in FIGURES])
def test_number_in_quote_equals_value(row):
    forms = printed_forms(row["value"], row["unit"])
    assert any(re.search(form, row["quote"]) for form in forms), (
        f"{row['value']}{row['unit']} is not printed in {row['quote']!r}"
    )


def test_printed_forms_catch_a_wrong_value():
    # The check above can fail: a near miss, a prefix and a wrong unit are not found.
    assert not any(re.search(f, "全年按程序新入住老人710名") for f in printed_forms("71", "名"))
    assert not any(re.search(f, "全年按程序新入住老人710名") for f in printed_forms("10", "名"))
    assert not any(re.search(f, "支出1151.97万元") for f in printed_forms("1151.9", "万元"))
    assert not any(re.search(f, "支出1151.97万元") for f in printed_forms("1151.97", "亿元"))
    assert not any(re.search(f, "三十三项") for f in printed_forms("3", "项"))
    assert any(re.search(f, "三项共发放157.21万元") for f in printed_forms("3", "项"))


def test_ids_unique():
    ids = [row["id"] for row in FIGURES]
    assert len(ids) == len(set(ids))
    plan_ids = [row["id"] for row in PLANS]
    assert len(plan_ids) == len(set(plan_ids))


def test_every_row_is_about_2020():
    assert {row["year"] for row in FIGURES} == {"2020"}
    assert {row["year"] for row in PLANS} == {"2021"}


def test_validate_finds_no_problem_in_data():
    assert validate(DATA) == []


SPENDING_PER_PROGRAM = {
    # spend rows without a spending parent, in 万元, as stated in the report
    "epidemic.price_subsidy.spend": Decimal("636.03"),
    "epidemic.donations.spend": Decimal("1151.97"),
    "assistance.basic_living.spend": Decimal("9867.01"),
    "elderly.home_care.spend": Decimal("129.39"),
    "elderly.longevity_allowance.spend": Decimal("1121.08"),
    "children.subsidies.spend": Decimal("157.21"),
    "governance.retired_cadres.spend": Decimal("1447"),
}


def test_spending_without_spending_parent_counts_nothing_twice():
    top = {
        row["id"]: Decimal(row["value"])
        for row in FIGURES
        if row["flow"] == "spend" and not (row["parent"] and BY_ID[row["parent"]]["flow"] == "spend")
    }
    assert top == SPENDING_PER_PROGRAM
    assert {row["unit"] for row in FIGURES if row["id"] in top} == {"万元"}
    # 636.03 + 1151.97 + 9867.01 + 129.39 + 1121.08 + 157.21 + 1447 = 14509.69 (万元)
    assert sum(top.values()) == Decimal("636.03") + Decimal("1151.97") + Decimal("9867.01") + Decimal(
        "129.39") + Decimal("1121.08") + Decimal("157.21") + Decimal("1447") == Decimal("14509.69")


def test_spending_total_after_loading():
    figures = load_figures(2020, DATA)
    spend = figures[figures["flow"] == "spend"]
    spend_parents = set(spend["id"])
    top = spend[~spend["parent"].isin(spend_parents)]
    # 14509.69万元 = 145 096 900 元
    assert round(top["value_base"].sum(), 2) == 145_096_900


def test_donation_equipment_is_part_of_donation_spending():
    # "其中…呼吸机支出411.5万元" is part of the 1151.97万元, not on top of it.
    assert BY_ID["epidemic.donations.equipment.spend"]["parent"] == "epidemic.donations.spend"
    assert Decimal(BY_ID["epidemic.donations.equipment.spend"]["value"]) < Decimal(
        BY_ID["epidemic.donations.spend"]["value"])


MONEY_FLOWS = {
    "epidemic.price_subsidy.spend": "spend",
    "epidemic.donations.income": "income",  # donations received
    "epidemic.donations.spend": "spend",
    "epidemic.donations.equipment.spend": "spend",
    "assistance.basic_living.spend": "spend",
    "elderly.home_care.spend": "spend",
    "elderly.longevity_allowance.spend": "spend",
    "children.subsidies.spend": "spend",
    "governance.retired_cadres.spend": "spend",
    "orgs.fee_waivers.waiver": "waiver",  # fees waived by associations
    "affairs.funeral_relief.waiver": "waiver",  # funeral fees waived
    "affairs.welfare_lottery.sales": "sales",  # lottery sales
}


def test_money_rows_and_their_flows():
    money = {row["id"]: row["flow"] for row in FIGURES if row["unit"] in ("元", "万元", "亿元")}
    assert money == MONEY_FLOWS


def test_no_income_sales_or_waiver_row_is_spending():
    for row in FIGURES:
        kind = row["id"].rsplit(".", 1)[-1]
        if kind in ("income", "sales", "waiver"):
            assert row["flow"] == kind, row["id"]
    assert all(row["flow"] == "" for row in FIGURES if row["unit"] not in ("元", "万元", "亿元"))


@pytest.mark.parametrize("row", PLANS, ids=[r["id"] for r in PLANS])
def test_plan_quotes_previous_year_report(row):
    assert row["quote"] in RAW_2020
    if row["target"]:
        assert any(re.search(form, row["quote"]) for form in printed_forms(row["target"], row["unit"]))
    else:
        assert row["unit"] == ""


def test_plans_give_the_targets_of_the_report():
    targets = {(row["id"], row["target"], row["unit"]) for row in PLANS if row["target"]}
    assert ("assistance.social_work_stations.towns", "11", "个") in targets
    assert ("assistance.social_work_stations.coverage_pct", "100", "%") in targets


def test_raw_checksum_matches_dataset_yml():
    dataset = yaml.safe_load((DATA / "dataset.yml").read_text(encoding="utf-8"))
    source = dataset["sources"][2020]
    assert source["file"] == "raw/2020.txt"
    assert hashlib.sha256((DATA / source["file"]).read_bytes()).hexdigest() == source["sha256"]


def test_raw_report_is_utf8_without_bom_and_keeps_non_breaking_spaces():
    data = (DATA / "raw" / "2020.txt").read_bytes()
    assert not data.startswith(b"\xef\xbb\xbf")
    assert "\u00a0" in data.decode("utf-8")  # verbatim, website chrome and nbsp included
