"""Loading: figures, plans and the dataset description, validated on the way in."""

from __future__ import annotations

import csv
import io
import shutil
from pathlib import Path

import pandas as pd
import pytest
from conftest import DATA, copy_data, set_cell, tree_digest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from analysis import config
from analysis.errors import AnalysisError, DataError
from analysis.fields import FIGURE_FIELDS, column_names
from analysis.load import available_years, load_dataset, load_figures, load_plans

FIG = "figures/2020.csv"


@pytest.fixture(scope="module")
def figures() -> pd.DataFrame:
    return load_figures(2020, DATA)


def row(frame: pd.DataFrame, row_id: str) -> pd.Series:
    matches = frame[frame["id"] == row_id]
    assert len(matches) == 1, row_id
    return matches.iloc[0]


# -- load_figures ------------------------------------------------------------------------------------


def test_figures_2020_rows_and_dtypes(figures):
    assert len(figures) == 50
    assert figures["year"].dtype == "int64"
    assert figures["value"].dtype == "float64"
    assert figures["value_base"].dtype == "float64"
    assert set(figures["year"]) == {2020}
    assert list(figures.columns[:len(FIGURE_FIELDS)]) == column_names(FIGURE_FIELDS)
    assert {"value_base", "unit_base", "kind"} <= set(figures.columns)
    assert figures.index.tolist() == list(range(50))


def test_missing_flow_and_parent_are_empty_strings_not_nan(figures):
    assert not figures[["flow", "parent", "note"]].isna().any().any()
    assert row(figures, "epidemic.elderly_admissions.count")["flow"] == ""
    assert row(figures, "epidemic.elderly_admissions.count")["parent"] == ""


@pytest.mark.parametrize(
    ("row_id", "value", "unit", "value_base", "unit_base", "kind"),
    [
        # 万元: 636.03 × 10 000 = 6 360 300 元
        ("epidemic.price_subsidy.spend", 636.03, "万元", 6_360_300, "元", "money"),
        # 万元: 1175.55 × 10 000 = 11 755 500 元
        ("epidemic.donations.income", 1175.55, "万元", 11_755_500, "元", "money"),
        # 亿元: 1.186 × 100 000 000 = 118 600 000 元
        ("affairs.welfare_lottery.sales", 1.186, "亿元", 118_600_000, "元", "money"),
        # 万人: 2.2 × 10 000 = 22 000 人
        ("elderly.longevity_allowance.persons", 2.2, "万人", 22_000, "人", "count"),
        # 万条: 22 × 10 000 = 220 000 条
        ("affairs.marriage_records_digitised.count", 22, "万条", 220_000, "条", "count"),
        ("epidemic.elderly_admissions.count", 710, "名", 710, "名", "count"),
        ("children.unsupported_allowance.rate", 1800, "元/人/月", 1800, "元/人/月", "rate"),
    ],
)
def test_base_values(figures, row_id, value, unit, value_base, unit_base, kind):
    r = row(figures, row_id)
    assert (r["value"], r["unit"]) == (value, unit)  # as stated, untouched
    assert r["value_base"] == value_base  # exact
    assert (r["unit_base"], r["kind"]) == (unit_base, kind)


def test_every_money_row_is_in_yuan(figures):
    money = figures[figures["kind"] == "money"]
    assert len(money) == 12
    assert set(money["unit_base"]) == {"元"}
    assert set(money["flow"]) == {"spend", "income", "sales", "waiver"}
    assert set(figures.loc[figures["kind"] != "money", "flow"]) == {""}


def test_default_years_and_default_data_dir():
    assert len(load_figures()) == 50
    assert len(load_figures([2020], DATA)) == 50
    assert len(load_figures(years=None, data_dir=str(DATA))) == 50


def test_unknown_year_names_the_available_years():
    with pytest.raises(DataError) as info:
        load_figures(years=[1999], data_dir=DATA)
    assert "1999" in str(info.value)
    assert "available: 2020" in str(info.value)


def test_broken_copy_lists_every_problem(data_copy):
    lines = [
        set_cell(data_copy / FIG, "epidemic.elderly_admissions.count", "value", "711"),
        set_cell(data_copy / FIG, "epidemic.price_subsidy.spend", "flow", ""),
        set_cell(data_copy / FIG, "governance.retired_cadres.count", "unit", "只"),
    ]
    with pytest.raises(DataError) as info:
        load_figures(2020, data_copy)
    problems = info.value.problems
    assert sorted((p.line, p.column) for p in problems) == sorted(
        [(lines[0], "value"), (lines[1], "flow"), (lines[2], "unit")])
    message = str(info.value)
    assert message.startswith("3 problems")
    for problem in problems:
        assert str(problem) in message
    assert "found 711" in message and "found unknown unit '只'" in message


def test_one_problem_is_one_line(data_copy):
    line = set_cell(data_copy / FIG, "epidemic.elderly_admissions.count", "value", "711")
    with pytest.raises(DataError) as info:
        load_figures(2020, data_copy)
    assert "\n" not in str(info.value)
    assert f"2020.csv, line {line}, column value: found 711" in str(info.value)


def test_file_level_problem_raises_data_error(data_copy):
    (data_copy / FIG).write_bytes((data_copy / FIG).read_text(encoding="utf-8").encode("gb18030"))
    with pytest.raises(DataError, match="GBK/GB18030"):
        load_figures(2020, data_copy)


def test_missing_raw_report_raises(data_copy):
    (data_copy / "raw/2020.txt").unlink()
    with pytest.raises(DataError, match="needs the raw report .*raw/2020.txt"):
        load_figures(2020, data_copy)


def test_missing_data_dir_raises(tmp_path):
    with pytest.raises(DataError, match="data directory not found"):
        load_figures(2020, tmp_path / "nowhere")


def test_loading_does_not_touch_files(data_copy):
    before = tree_digest(data_copy)
    load_figures(2020, data_copy)
    load_plans(None, data_copy)
    load_dataset(data_copy)
    assert tree_digest(data_copy) == before


# -- available_years ---------------------------------------------------------------------------------


def test_available_years():
    assert available_years(DATA) == [2020]


def test_available_years_sorted_and_ignores_other_names(data_copy):
    shutil.copy(data_copy / FIG, data_copy / "figures/2019.csv")
    (data_copy / "figures/notes.csv").write_text("x\n", encoding="utf-8")
    (data_copy / "figures/README.md").write_text("x\n", encoding="utf-8")
    assert available_years(data_copy) == [2019, 2020]


def test_available_years_without_figures(data_copy):
    shutil.rmtree(data_copy / "figures")
    with pytest.raises(DataError, match="no years"):
        available_years(data_copy)


# -- load_plans --------------------------------------------------------------------------------------


def test_load_plans():
    plans = load_plans(data_dir=DATA)
    assert len(plans) == 13
    assert set(plans["year"]) == {2021}
    assert plans["year"].dtype == "int64"
    assert plans["target"].dtype == "float64"
    towns = plans[plans["id"] == "assistance.social_work_stations.towns"].iloc[0]
    assert (towns["target"], towns["unit"]) == (11.0, "个")
    coverage = plans[plans["id"] == "assistance.social_work_stations.coverage_pct"].iloc[0]
    assert (coverage["target"], coverage["unit"]) == (100.0, "%")
    assert plans["target"].isna().sum() == 13 - 3  # towns, coverage and the capability assessment


def test_load_plans_for_a_year_without_plans():
    assert len(load_plans(2030, DATA)) == 0
    assert len(load_plans([2021], DATA)) == 13


def test_load_plans_broken(data_copy):
    set_cell(data_copy / "plans/2021.csv", "assistance.social_work_stations.towns", "target", "12")
    with pytest.raises(DataError, match="found 12, expected a number printed in its quote"):
        load_plans(2021, data_copy)


# -- load_dataset ------------------------------------------------------------------------------------


def test_load_dataset():
    dataset = load_dataset(DATA)
    assert dataset["region"] == "江门市新会区"
    assert dataset["bureau"] == "江门市新会区民政局"
    assert dataset["currency_unit"] == "元"
    assert dataset["sources"][2020]["file"] == "raw/2020.txt"


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        pytest.param("region: [unclosed\n", "not valid YAML", id="malformed"),
        pytest.param("region: a\n  bureau: b\n", "not valid YAML", id="bad-indentation"),
        pytest.param("- a\n- b\n", "expected a mapping", id="a-list"),
        pytest.param("", "expected a mapping", id="empty"),
        pytest.param("region: a\nbureau: b\n", "missing key(s) currency_unit, sources", id="missing-keys"),
    ],
)
def test_load_dataset_rejects(data_copy, text, fragment):
    (data_copy / "dataset.yml").write_text(text, encoding="utf-8")
    with pytest.raises(DataError) as info:
        load_dataset(data_copy)
    assert "dataset.yml" in str(info.value)
    assert fragment in str(info.value)


def test_load_dataset_missing(data_copy):
    (data_copy / "dataset.yml").unlink()
    with pytest.raises(DataError, match="dataset.yml.*not found"):
        load_dataset(data_copy)


# -- property tests: the loader succeeds or raises the project's own error, never anything else -------


@pytest.fixture(scope="module")
def fuzz_dir(tmp_path_factory) -> Path:
    return copy_data(tmp_path_factory.mktemp("fuzz") / "data")


def load_or_project_error(loader, data_dir: Path) -> None:
    try:
        loader(data_dir)
    except AnalysisError:
        pass


FUZZ = settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


@FUZZ
@given(st.binary(max_size=2000))
def test_random_bytes_as_figures(fuzz_dir, data):
    config.figures_path(fuzz_dir, 2020).write_bytes(data)
    load_or_project_error(lambda d: load_figures(2020, d), fuzz_dir)


@FUZZ
@given(st.binary(max_size=2000))
def test_random_bytes_as_plans(fuzz_dir, data):
    config.plans_path(fuzz_dir, 2021).write_bytes(data)
    load_or_project_error(lambda d: load_plans(2021, d), fuzz_dir)


@FUZZ
@given(st.binary(max_size=500))
def test_random_bytes_as_dataset_yml(fuzz_dir, data):
    config.dataset_path(fuzz_dir).write_bytes(data)
    load_or_project_error(load_dataset, fuzz_dir)


REAL_ROWS = list(csv.reader(io.StringIO((DATA / FIG).read_text(encoding="utf-8"))))
HEADER, BODY = REAL_ROWS[0], REAL_ROWS[1:]
cells = st.one_of(
    st.text(max_size=30),
    st.sampled_from(sorted({cell for r in BODY for cell in r})),  # real cells in the wrong places
    st.from_regex(r"-?[0-9０-９,.]{1,8}", fullmatch=True),
)


@st.composite
def csv_rows(draw) -> list[list[str]]:
    """Real rows with some cells replaced by random text, plus wholly random rows."""
    rows = []
    for _ in range(draw(st.integers(0, 6))):
        if draw(st.booleans()):
            base = list(draw(st.sampled_from(BODY)))
            for column in draw(st.sets(st.integers(0, len(HEADER) - 1), max_size=4)):
                base[column] = draw(cells)
        else:
            base = draw(st.lists(cells, min_size=len(HEADER), max_size=len(HEADER)))
        rows.append(base)
    return rows


@FUZZ
@given(csv_rows())
def test_random_csv_rows_as_figures(fuzz_dir, rows):
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerows([HEADER, *rows])
    config.figures_path(fuzz_dir, 2020).write_bytes(buffer.getvalue().encode("utf-8"))
    load_or_project_error(lambda d: load_figures(2020, d), fuzz_dir)


@FUZZ
@given(csv_rows())
def test_random_csv_rows_validate_returns_problems(fuzz_dir, rows):
    from analysis.rules import validate

    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerows([HEADER, *rows])
    config.figures_path(fuzz_dir, 2020).write_bytes(buffer.getvalue().encode("utf-8"))
    problems = validate(fuzz_dir)  # never raises
    assert all(p.file and p.message for p in problems)


# -- comparability: what a change rate must not describe -------------------------------------------


@pytest.mark.parametrize("row_id, expected", [
    pytest.param("assistance.long_stay_settled.count", "cumulative", id="stated-in-data"),
    pytest.param("children.unsupported_allowance.rate", "standard", id="rate-unit"),
    pytest.param("elderly.longevity_allowance.persons", "approximate", id="count-in-wan"),
    pytest.param("affairs.marriage_records_digitised.count", "approximate", id="count-in-wan-tiao"),
    pytest.param("affairs.welfare_lottery.sales", "approximate", id="money-in-yi"),
    pytest.param("assistance.basic_living.spend", "", id="money-in-wan-is-exact"),
    pytest.param("epidemic.elderly_admissions.count", "", id="plain-count"),
])
def test_comparability_on_load(figures, row_id, expected):
    assert figures.set_index("id").loc[row_id, "comparability"] == expected


@pytest.mark.parametrize("quote, value, approximate", [
    ("受益群众约2.2万人", 2.2, True), ("救助三十余人", 30, True), ("服务数百名老人", 100, True),
    ("新增床位1000张以上", 1000, True), ("近500户", 500, True), ("2.2万余人", 2.2, True),
    ("全区80周岁及以上长者2.2万人", 2.2, False),  # 以上 belongs to 80周岁, not to the figure
    ("共救助296人次", 296, False), ("3年累计为58名", 58, False),
])
def test_printed_approximations(quote, value, approximate):
    from analysis.numbers import is_approximate

    assert is_approximate(quote, value) is approximate


def test_funding_is_read(figures):
    funding = figures.set_index("id")["funding"]
    assert funding["epidemic.donations.spend"] == "社会捐赠" and funding["assistance.basic_living.spend"] == "财政"
    assert funding["epidemic.elderly_admissions.count"] == ""
