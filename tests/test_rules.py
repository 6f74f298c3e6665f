"""The validator: one broken copy of data/ per rule, and exactly the expected problem for each.

Every case copies data/ to a temporary folder, breaks exactly one thing and returns the problems it
expects: (file relative to the data folder, line, column, fragments of the message). The message must
name what was found and what was expected; str(problem) must name the file, the line and the column.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import NamedTuple

import pytest
from conftest import get_cell, line_of, make_unreadable, read_rows, set_cell, write_rows

from analysis.errors import Problem
from analysis.rules import validate

FIG = "figures/2020.csv"
PLAN = "plans/2021.csv"
RAW = "raw/2020.txt"
HEADER = "id,year,section,program,indicator,value,unit,flow,parent,quote,note,counts_for,funding,comparability"

# Rows of data/figures/2020.csv used below (ids, not line numbers, so the data may grow).
ADMISSIONS = "epidemic.elderly_admissions.count"  # 710 名, a count
INSTITUTIONS = "epidemic.institutions_tested.count"
SUBSIDY = "epidemic.price_subsidy.spend"  # 636.03 万元, spend
DONATION_SPEND = "epidemic.donations.spend"
EQUIPMENT = "epidemic.donations.equipment.spend"  # parent: epidemic.donations.spend
CADRES = "governance.retired_cadres.count"  # 2569 名
HOME_CARE_PERSONS = "elderly.home_care.persons"  # 363 名, counts_for elderly.home_care.spend
TOWNS = "assistance.social_work_stations.towns"  # plan: 11 个
ELECTIONS = "governance.village_elections"  # plan without target


class Expect(NamedTuple):
    file: str  # relative to the data folder ("" = the data folder itself)
    line: int | None
    column: str | None
    fragments: tuple[str, ...]  # what was found, what was expected


def check(problems: list[Problem], expected: list[Expect], data_dir: Path) -> None:
    """``problems`` are exactly ``expected`` (any order), each naming file, line, column, found, expected."""
    shown = "\n".join(map(str, problems))
    assert len(problems) == len(expected), f"expected {len(expected)} problem(s), got:\n{shown}"
    remaining = list(problems)
    for exp in expected:
        target = (data_dir / exp.file).resolve() if exp.file else data_dir.resolve()
        matches = [
            p for p in remaining
            if Path(p.file).resolve() == target and p.line == exp.line and p.column == exp.column
            and all(fragment in p.message for fragment in exp.fragments)
        ]
        assert matches, f"no problem matches {exp}; got:\n{shown}"
        problem = matches[0]
        remaining.remove(problem)
        text = str(problem)
        assert text.startswith(problem.file)
        if exp.line is not None:
            assert f"line {exp.line}" in text
        if exp.column is not None:
            assert f"column {exp.column}" in text
        if exp.column is not None:  # a cell: what was found and what was expected
            assert "found" in problem.message and "expected" in problem.message, text


# -- one case per rule: each breaks one thing and returns the expected problems ----------------------

Case = Callable[[Path], list[Expect]]


def duplicate_id(d: Path) -> list[Expect]:
    first = line_of(d / FIG, ADMISSIONS)
    line = set_cell(d / FIG, INSTITUTIONS, "id", ADMISSIONS)
    return [Expect(FIG, line, "id", (f"'{ADMISSIONS}'", "unique", f"line {first}"))]


def year_differs(d: Path) -> list[Expect]:
    line = set_cell(d / FIG, ADMISSIONS, "year", "2019")
    return [Expect(FIG, line, "year", ("found 2019", "expected 2020"))]


def year_not_a_year(d: Path) -> list[Expect]:
    line = set_cell(d / FIG, ADMISSIONS, "year", "２０２０")
    return [Expect(FIG, line, "year", ("found '２０２０'", "four-digit year"))]


def unknown_section(d: Path) -> list[Expect]:
    line = set_cell(d / FIG, ADMISSIONS, "section", "外星事务")
    return [Expect(FIG, line, "section", ("found '外星事务'", "expected one of: 疫情防控, 社会救助"))]


def unit_outside_list(d: Path) -> list[Expect]:
    line = set_cell(d / FIG, ADMISSIONS, "unit", "只")
    return [Expect(FIG, line, "unit", ("found unknown unit '只'", "declared once under `units:` in dataset.yml"))]


def magnitude_on_percent(d: Path) -> list[Expect]:
    line = set_cell(d / FIG, ADMISSIONS, "unit", "万%")
    return [Expect(FIG, line, "unit", ("found unknown unit '万%'", "nearest known: %"))]


def non_numeric_value(d: Path) -> list[Expect]:
    line = set_cell(d / FIG, ADMISSIONS, "value", "七百一十")
    return [Expect(FIG, line, "value", ("found '七百一十'", "expected a plain number such as 636.03"))]


def thousands_separator(d: Path) -> list[Expect]:
    line = set_cell(d / FIG, CADRES, "value", "2,569")
    return [Expect(FIG, line, "value", ("found '2,569'", "no separators"))]


def full_width_digits(d: Path) -> list[Expect]:
    line = set_cell(d / FIG, ADMISSIONS, "value", "７１０")
    return [Expect(FIG, line, "value", ("found '７１０'", "ASCII digits"))]


def negative_money(d: Path) -> list[Expect]:
    line = set_cell(d / FIG, SUBSIDY, "value", "-636.03")
    return [Expect(FIG, line, "value", ("found -636.03", "expected an amount of 0 or more"))]


def money_without_flow(d: Path) -> list[Expect]:
    line = set_cell(d / FIG, SUBSIDY, "flow", "")
    return [Expect(FIG, line, "flow", ("found nothing", "万元", "expected a flow: spend, income, sales or waiver"))]


def unknown_funding(d: Path) -> list[Expect]:
    line = set_cell(d / FIG, SUBSIDY, "funding", "上级补助")
    return [Expect(FIG, line, "funding", ("found '上级补助'", "expected one of: 财政, 社会捐赠, 福彩公益金, 多种来源"))]


def funding_on_a_count(d: Path) -> list[Expect]:
    line = set_cell(d / FIG, ADMISSIONS, "funding", "财政")
    return [Expect(FIG, line, "funding", ("found '财政'", "a funding source is for money spent or received"))]


def funding_on_a_waiver(d: Path) -> list[Expect]:
    line = set_cell(d / FIG, "affairs.funeral_relief.waiver", "funding", "财政")
    return [Expect(FIG, line, "funding", ("found '财政'", "flow waiver", "a funding source is for money spent or received"))]


def unknown_comparability(d: Path) -> list[Expect]:
    line = set_cell(d / FIG, ADMISSIONS, "comparability", "rounded")
    return [Expect(FIG, line, "comparability", ("found 'rounded'", "expected one of: cumulative, approximate, standard"))]


def unknown_flow(d: Path) -> list[Expect]:
    line = set_cell(d / FIG, SUBSIDY, "flow", "gift")
    return [Expect(FIG, line, "flow", ("found 'gift'", "expected one of: spend, income, sales, waiver"))]


def flow_on_a_count(d: Path) -> list[Expect]:
    line = set_cell(d / FIG, ADMISSIONS, "flow", "spend")
    return [Expect(FIG, line, "flow", ("found 'spend'", "名", "expected nothing", "money only"))]


def parent_missing(d: Path) -> list[Expect]:
    line = set_cell(d / FIG, EQUIPMENT, "parent", "epidemic.donations.nothing")
    return [Expect(FIG, line, "parent", ("found 'epidemic.donations.nothing'", "expected the id of a figure"))]


def counts_for_missing(d: Path) -> list[Expect]:
    line = set_cell(d / FIG, HOME_CARE_PERSONS, "counts_for", "elderly.home_care.nothing")
    return [Expect(FIG, line, "counts_for", ("found 'elderly.home_care.nothing'", "expected the id of a money figure"))]


def counts_for_not_money(d: Path) -> list[Expect]:
    line = set_cell(d / FIG, HOME_CARE_PERSONS, "counts_for", ADMISSIONS)
    return [Expect(FIG, line, "counts_for", (f"found '{ADMISSIONS}', which is not money", "expected the id of a money figure"))]


def counts_for_on_money(d: Path) -> list[Expect]:
    line = set_cell(d / FIG, SUBSIDY, "counts_for", "elderly.home_care.spend")
    return [Expect(FIG, line, "counts_for", ("found 'elderly.home_care.spend' on a figure in 万元", "only a count of recipients"))]


def counts_for_not_a_slug(d: Path) -> list[Expect]:
    line = set_cell(d / FIG, HOME_CARE_PERSONS, "counts_for", "居家养老")
    return [Expect(FIG, line, "counts_for", ("found '居家养老'", "expected the id of a money figure of the same year"))]


def parent_is_self(d: Path) -> list[Expect]:
    line = set_cell(d / FIG, EQUIPMENT, "parent", EQUIPMENT)
    return [Expect(FIG, line, "parent", (f"found '{EQUIPMENT}'", "expected the id of another figure"))]


def parent_cycle(d: Path) -> list[Expect]:
    # equipment -> donations.spend already; donations.spend -> equipment closes the loop.
    line = set_cell(d / FIG, DONATION_SPEND, "parent", EQUIPMENT)
    return [
        Expect(FIG, line, "parent", (f"found '{EQUIPMENT}'", f"back to '{DONATION_SPEND}'", "cycle", "expected")),
        Expect(FIG, line_of(d / FIG, EQUIPMENT), "parent",
               (f"found '{DONATION_SPEND}'", f"back to '{EQUIPMENT}'", "cycle", "expected")),
    ]


def parent_chain_into_cycle(d: Path) -> list[Expect]:
    # a three-figure chain: subsidy -> equipment -> donations.spend -> equipment (cycle of two).
    set_cell(d / FIG, DONATION_SPEND, "parent", EQUIPMENT)
    subsidy = set_cell(d / FIG, SUBSIDY, "parent", EQUIPMENT)
    return [
        Expect(FIG, line_of(d / FIG, DONATION_SPEND), "parent", ("cycle",)),
        Expect(FIG, line_of(d / FIG, EQUIPMENT), "parent", ("cycle",)),
        Expect(FIG, subsidy, "parent", (f"found '{EQUIPMENT}'", "into a cycle", "expected")),
    ]


def quote_not_in_raw(d: Path) -> list[Expect]:
    # Still contains 710, so only the quote rule is broken.
    line = set_cell(d / FIG, ADMISSIONS, "quote", "全年新入住老人710名")
    return [Expect(FIG, line, "quote", ("found '全年新入住老人710名'", "expected a verbatim fragment of", "raw/2020.txt"))]


def value_differs_from_quote(d: Path) -> list[Expect]:
    line = set_cell(d / FIG, ADMISSIONS, "value", "711")
    return [Expect(FIG, line, "value", ("found 711", "expected a number printed in its quote", "710名"))]


def value_off_by_magnitude(d: Path) -> list[Expect]:
    line = set_cell(d / FIG, SUBSIDY, "value", "6360300")  # the amount in 元, but unit still 万元
    return [Expect(FIG, line, "value", ("found 6360300", "expected a number printed in its quote"))]


def bad_id_pattern(d: Path) -> list[Expect]:
    line = set_cell(d / FIG, ADMISSIONS, "id", "Epidemic Admissions")
    return [Expect(FIG, line, "id", ("found 'Epidemic Admissions'", "dotted lower-case slug"))]


def bad_parent_pattern(d: Path) -> list[Expect]:
    line = set_cell(d / FIG, EQUIPMENT, "parent", "捐款支出")
    return [
        Expect(FIG, line, "parent", ("found '捐款支出'", "expected the id of another figure of the same year")),
        Expect(FIG, line, "parent", ("found '捐款支出'", "expected the id of a figure in the same file")),
    ]


def empty_cell(column: str) -> Case:
    def case(d: Path) -> list[Expect]:
        line = set_cell(d / FIG, ADMISSIONS, column, "")
        return [Expect(FIG, line, column, ("found nothing", "expected a value"))]

    case.__name__ = f"empty_{column}"
    return case


def file_name_not_a_year(d: Path) -> list[Expect]:
    (d / FIG).rename(d / "figures/figures-2020.csv")
    return [Expect("figures/figures-2020.csv", None, None, ("found file name 'figures-2020.csv'", "expected the year"))]


# -- file level ------------------------------------------------------------------------------------


def empty_file(d: Path) -> list[Expect]:
    (d / FIG).write_bytes(b"")
    return [Expect(FIG, None, None, ("empty file", f"expected a header line: {HEADER}"))]


def header_only(d: Path) -> list[Expect]:
    (d / FIG).write_bytes(HEADER.encode() + b"\n")
    return [Expect(FIG, None, None, ("header only", "expected at least one row"))]


def missing_column(d: Path) -> list[Expect]:
    rows = read_rows(d / FIG)
    note = rows[0].index("note")
    write_rows(d / FIG, [row[:note] + row[note + 1:] for row in rows])
    return [Expect(FIG, 1, None, ("missing column(s) note", f"expected: {HEADER}"))]


def extra_column(d: Path) -> list[Expect]:
    rows = read_rows(d / FIG)
    write_rows(d / FIG, [rows[0] + ["source"]] + [row + [""] for row in rows[1:]])
    return [Expect(FIG, 1, None, ("unexpected column(s) 'source'", f"expected: {HEADER}"))]


def repeated_column(d: Path) -> list[Expect]:
    write_rows(d / FIG, [row + [row[0]] for row in read_rows(d / FIG)])
    return [Expect(FIG, 1, None, ("repeated column(s) id", f"expected: {HEADER}"))]


def gbk_encoded(d: Path) -> list[Expect]:
    (d / FIG).write_bytes((d / FIG).read_text(encoding="utf-8").encode("gbk"))
    return [Expect(FIG, None, None, ("encoded as GBK/GB18030", "expected UTF-8", "CSV UTF-8"))]


def unparseable_csv(d: Path) -> list[Expect]:
    data = (d / FIG).read_bytes()
    (d / FIG).write_bytes(data + b'broken.row,2020,"an unterminated quote\n')
    return [Expect(FIG, data.count(b"\n") + 1, None, ("not a readable CSV", "expected"))]


def short_row(d: Path) -> list[Expect]:
    data = (d / FIG).read_bytes()
    (d / FIG).write_bytes(data + b"short.row,2020\n")
    return [Expect(FIG, data.count(b"\n") + 1, None, ("found 2 cells", "expected 14", HEADER))]


# -- directory level -------------------------------------------------------------------------------


def data_dir_missing(d: Path) -> list[Expect]:
    shutil.rmtree(d)
    return [Expect("", None, None, ("data directory not found",))]


def data_dir_empty(d: Path) -> list[Expect]:
    shutil.rmtree(d)
    d.mkdir()
    return [
        Expect("", None, None, ("no figures", "expected figures/YYYY.csv")),
        Expect("dataset.yml", None, None, ("dataset.yml not found",)),
    ]


def raw_report_missing(d: Path) -> list[Expect]:
    (d / RAW).unlink()
    return [
        Expect(FIG, None, None, ("needs the raw report", "raw/2020.txt", "missing")),
        Expect(PLAN, None, None, ("needs the raw report", "raw/2020.txt", "missing")),  # plans for 2021 quote 2020's report
    ]


def dataset_yml_missing(d: Path) -> list[Expect]:
    (d / "dataset.yml").unlink()
    return [Expect("dataset.yml", None, None, ("dataset.yml not found",))]


def dataset_yml_malformed(d: Path) -> list[Expect]:
    (d / "dataset.yml").write_text("region: 江门市新会区\nsources: [unclosed\n", encoding="utf-8")
    return [Expect("dataset.yml", 3, None, ("not valid YAML", "expected"))]


def dataset_sources_not_a_mapping(d: Path) -> list[Expect]:
    (d / "dataset.yml").write_text("region: a\nbureau: b\ncurrency_unit: 元\nsources: [2020]\n", encoding="utf-8")
    return [Expect("dataset.yml", None, "sources", ("found [2020]", "expected a mapping"))]


def raw_report_edited(d: Path) -> list[Expect]:
    (d / RAW).write_bytes((d / RAW).read_bytes() + "(已修改)\n".encode())
    return [Expect(RAW, None, None, ("found sha256", "expected f3a59eb90b7f", "dataset.yml"))]


def raw_report_not_utf8(d: Path) -> list[Expect]:
    text = (d / RAW).read_text(encoding="utf-8").replace("\u00a0", " ")
    (d / RAW).write_bytes(text.encode("gb18030"))
    # The checksum differs too: an encoding change is an edit.
    return [
        Expect(RAW, None, None, ("found sha256", "expected")),
        Expect(RAW, None, None, ("encoded as GBK/GB18030", "expected UTF-8")),  # once, though figures and plans need it
    ]


# -- plans -----------------------------------------------------------------------------------------


def plan_target_not_in_quote(d: Path) -> list[Expect]:
    line = set_cell(d / PLAN, TOWNS, "target", "12")
    return [Expect(PLAN, line, "target", ("found 12", "expected a number printed in its quote", "11个镇街"))]


def plan_target_without_unit(d: Path) -> list[Expect]:
    line = set_cell(d / PLAN, TOWNS, "unit", "")
    return [Expect(PLAN, line, "unit", ("found nothing", "expected the unit of target 11"))]


def plan_unit_without_target(d: Path) -> list[Expect]:
    line = set_cell(d / PLAN, TOWNS, "target", "")
    return [Expect(PLAN, line, "target", ("found nothing", "expected a target for unit '个'"))]


def plan_target_not_a_number(d: Path) -> list[Expect]:
    line = set_cell(d / PLAN, TOWNS, "target", "十一")
    return [Expect(PLAN, line, "target", ("found '十一'", "expected a plain number"))]


def plan_quote_not_in_previous_report(d: Path) -> list[Expect]:
    line = set_cell(d / PLAN, ELECTIONS, "quote", "依时保质完成2022年村级换届选举")
    return [Expect(PLAN, line, "quote", ("found '依时保质完成2022年村级换届选举'", "expected a verbatim fragment of", "raw/2020.txt"))]


def plan_year_differs(d: Path) -> list[Expect]:
    line = set_cell(d / PLAN, ELECTIONS, "year", "2020")
    return [Expect(PLAN, line, "year", ("found 2020", "expected 2021"))]


CASES = [
    pytest.param(duplicate_id, id="duplicate-id"),
    pytest.param(year_differs, id="year-disagrees-with-file-name"),
    pytest.param(year_not_a_year, id="year-full-width"),
    pytest.param(unknown_section, id="unknown-section"),
    pytest.param(unit_outside_list, id="unit-outside-list"),
    pytest.param(magnitude_on_percent, id="unit-magnitude-on-percent"),
    pytest.param(non_numeric_value, id="non-numeric-value"),
    pytest.param(thousands_separator, id="value-thousands-separator"),
    pytest.param(full_width_digits, id="value-full-width-digits"),
    pytest.param(negative_money, id="negative-money"),
    pytest.param(money_without_flow, id="money-without-flow"),
    pytest.param(unknown_flow, id="unknown-flow"),
    pytest.param(unknown_funding, id="unknown-funding-source"),
    pytest.param(funding_on_a_count, id="funding-on-a-count"),
    pytest.param(funding_on_a_waiver, id="funding-on-a-waiver"),
    pytest.param(unknown_comparability, id="unknown-comparability"),
    pytest.param(flow_on_a_count, id="flow-on-a-count"),
    pytest.param(parent_missing, id="parent-missing"),
    pytest.param(counts_for_missing, id="counts-for-missing"),
    pytest.param(counts_for_not_money, id="counts-for-not-money"),
    pytest.param(counts_for_on_money, id="counts-for-on-money"),
    pytest.param(counts_for_not_a_slug, id="counts-for-not-a-slug"),
    pytest.param(parent_is_self, id="parent-is-self"),
    pytest.param(parent_cycle, id="parent-cycle-two-rows"),
    pytest.param(parent_chain_into_cycle, id="parent-chain-into-cycle"),
    pytest.param(bad_parent_pattern, id="parent-not-an-id"),
    pytest.param(quote_not_in_raw, id="quote-not-in-raw"),
    pytest.param(value_differs_from_quote, id="value-differs-from-quote"),
    pytest.param(value_off_by_magnitude, id="value-in-yuan-unit-in-wan"),
    pytest.param(bad_id_pattern, id="bad-id-pattern"),
    *[pytest.param(empty_cell(c), id=f"empty-required-{c}")
      for c in ("id", "year", "section", "program", "indicator", "value", "unit", "quote")],
    pytest.param(file_name_not_a_year, id="file-name-not-a-year"),
    pytest.param(empty_file, id="empty-file"),
    pytest.param(header_only, id="header-only"),
    pytest.param(missing_column, id="missing-column"),
    pytest.param(extra_column, id="extra-column"),
    pytest.param(repeated_column, id="repeated-column"),
    pytest.param(gbk_encoded, id="gbk-encoded"),
    pytest.param(unparseable_csv, id="unparseable-csv"),
    pytest.param(short_row, id="row-with-too-few-cells"),
    pytest.param(data_dir_missing, id="data-dir-missing"),
    pytest.param(data_dir_empty, id="data-dir-empty"),
    pytest.param(raw_report_missing, id="figures-without-raw-report"),
    pytest.param(dataset_yml_missing, id="dataset-yml-missing"),
    pytest.param(dataset_yml_malformed, id="dataset-yml-malformed"),
    pytest.param(dataset_sources_not_a_mapping, id="dataset-sources-not-a-mapping"),
    pytest.param(raw_report_edited, id="raw-report-edited"),
    pytest.param(raw_report_not_utf8, id="raw-report-gb18030"),
    pytest.param(plan_target_not_in_quote, id="plan-target-not-in-quote"),
    pytest.param(plan_target_without_unit, id="plan-target-without-unit"),
    pytest.param(plan_unit_without_target, id="plan-unit-without-target"),
    pytest.param(plan_target_not_a_number, id="plan-target-not-a-number"),
    pytest.param(plan_quote_not_in_previous_report, id="plan-quote-not-in-previous-report"),
    pytest.param(plan_year_differs, id="plan-year-disagrees-with-file-name"),
]


def test_data_copy_is_valid(data_copy):
    assert validate(data_copy) == []


@pytest.mark.parametrize("breaks", CASES)
def test_each_rule(data_copy, breaks):
    expected = breaks(data_copy)
    check(validate(data_copy), expected, data_copy)


def test_validate_accepts_str_path(data_copy):
    assert validate(str(data_copy)) == []
    set_cell(data_copy / FIG, ADMISSIONS, "value", "711")
    assert len(validate(str(data_copy))) == 1


def test_unreadable_file(data_copy):
    path = data_copy / FIG
    path.chmod(0)
    try:
        if os.access(path, os.R_OK):
            pytest.skip("running as root: chmod 000 does not make the file unreadable")
        problems = validate(data_copy)
        check(problems, [Expect(FIG, None, None, ("cannot read figures file", "Permission denied"))], data_copy)
    finally:
        path.chmod(0o644)


@pytest.mark.parametrize(
    ("rel", "what"),
    [pytest.param(FIG, "figures file", id="figures"), pytest.param(PLAN, "plans file", id="plans"),
     pytest.param("dataset.yml", "dataset description", id="dataset-yml"),
     pytest.param(RAW, "raw report", id="raw-report")],
)
def test_unreadable_file_simulated(data_copy, monkeypatch, rel, what):
    """The same as above when running as root: reading the file fails with EACCES."""
    make_unreadable(monkeypatch, data_copy / rel)
    check(validate(data_copy), [Expect(rel, None, None, (f"cannot read {what}", "Permission denied"))], data_copy)


def test_all_broken_rows_are_listed(data_copy):
    """Several rows broken at once: every problem is listed, not only the first."""
    fig, plan = data_copy / FIG, data_copy / PLAN
    expected = [
        Expect(FIG, set_cell(fig, ADMISSIONS, "value", "711"), "value", ("found 711",)),
        Expect(FIG, set_cell(fig, SUBSIDY, "flow", ""), "flow", ("found nothing",)),
        Expect(FIG, set_cell(fig, CADRES, "unit", "只"), "unit", ("found unknown unit '只'",)),
        Expect(FIG, set_cell(fig, EQUIPMENT, "parent", "epidemic.nothing"), "parent", ("found 'epidemic.nothing'",)),
        Expect(FIG, set_cell(fig, "affairs.welfare_lottery.sales", "value", "-1.186"), "value", ("found -1.186",)),
        Expect(PLAN, set_cell(plan, TOWNS, "target", "12"), "target", ("found 12",)),
    ]
    set_cell(fig, INSTITUTIONS, "section", "其他")
    expected.append(Expect(FIG, line_of(fig, INSTITUTIONS), "section", ("found '其他'",)))
    check(validate(data_copy), expected, data_copy)


def test_two_files_broken_at_file_level_are_both_listed(data_copy):
    (data_copy / FIG).write_bytes((data_copy / FIG).read_text(encoding="utf-8").encode("gb18030"))
    (data_copy / PLAN).write_bytes(b"")
    check(validate(data_copy), [
        Expect(FIG, None, None, ("GBK/GB18030", "expected UTF-8")),
        Expect(PLAN, None, None, ("empty file", "expected a header line")),
    ], data_copy)


def test_problems_come_in_line_order_within_a_file(data_copy):
    fig = data_copy / FIG
    lines = [set_cell(fig, row_id, "section", "其他") for row_id in (SUBSIDY, ADMISSIONS, CADRES)]
    problems = validate(data_copy)
    assert [p.line for p in problems] == sorted(lines)


def test_validate_does_not_change_the_files(data_copy):
    from conftest import tree_digest

    set_cell(data_copy / FIG, ADMISSIONS, "value", "711")
    before = tree_digest(data_copy)
    assert validate(data_copy)
    assert tree_digest(data_copy) == before


def test_breaking_helper_changes_only_one_cell(data_copy):
    # The fixtures above rely on set_cell leaving every other byte alone.
    original = (data_copy / FIG).read_bytes()
    set_cell(data_copy / FIG, ADMISSIONS, "value", "710")
    assert (data_copy / FIG).read_bytes() == original
    set_cell(data_copy / FIG, ADMISSIONS, "value", "711")
    assert get_cell(data_copy / FIG, ADMISSIONS, "value") == "711"
    changed = [a != b for a, b in zip(original.split(b"\n"), (data_copy / FIG).read_bytes().split(b"\n"))]
    assert changed.count(True) == 1
