"""The vocabularies: one registry each for units, sections and flows, read by every layer."""

from __future__ import annotations

import re

import pytest
from conftest import DATA, copy_data

from analysis import charts, fields, narrative, vocab
from analysis.fields import ID_PATTERN
from analysis.load import load_figures
from analysis.rules import validate
from analysis.vocab import UnitError, parse_unit

# -- units -----------------------------------------------------------------------------------------


@pytest.mark.parametrize(("text", "name", "kind", "base", "magnitude"), [
    pytest.param("元", "元", "money", "元", 1, id="yuan"),
    pytest.param("亿元", "亿元", "money", "元", 100_000_000, id="yi-yuan"),
    pytest.param("家次", "家次", "count", "家次", 1, id="compound-jia-ci"),
    pytest.param("户次", "户次", "count", "户次", 1, id="compound-hu-ci"),
    pytest.param("批次", "批次", "count", "批次", 1, id="compound-pi-ci"),
    pytest.param("件次", "件次", "count", "件次", 1, id="compound-jian-ci"),
    pytest.param("例", "例", "count", "例", 1, id="cases"),
    pytest.param("本", "本", "count", "本", 1, id="books"),
    pytest.param("台", "台", "count", "台", 1, id="machines"),
    pytest.param("公里", "公里", "count", "公里", 1, id="length"),
    pytest.param("万平方米", "万平方米", "count", "平方米", 10_000, id="area-with-magnitude"),
    pytest.param("万具", "万具", "count", "具", 10_000, id="wan-ju"),
    pytest.param("元/人", "元/人", "rate", "元/人", 1, id="per-person"),
    pytest.param("元/人、月", "元/人/月", "rate", "元/人/月", 1, id="rate-with-dunhao"),
    pytest.param("元／人·月", "元/人/月", "rate", "元/人/月", 1, id="full-width-slash-and-dot"),
    pytest.param("元/(人·月)", "元/人/月", "rate", "元/人/月", 1, id="bracketed-denominator"),
    pytest.param("元/月/人", "元/人/月", "rate", "元/人/月", 1, id="period-first"),
    pytest.param("元/名/年", "元/人/年", "rate", "元/人/年", 1, id="ming-is-a-person"),
    pytest.param("张/千人", "张/千人", "rate", "张/千人", 1, id="beds-per-thousand"),
    pytest.param("万元/人/年", "万元/人/年", "rate", "元/人/年", 10_000, id="wan-yuan-per-person-year"),
    pytest.param("人(次)", "人次", "count", "人次", 1, id="bracketed-ci"),
    pytest.param("个百分点", "个百分点", "percent", "百分点", 1, id="percentage-points"),
    pytest.param("％", "%", "percent", "%", 1, id="full-width-percent"),
])
def test_unit_grammar(text, name, kind, base, magnitude):
    unit = parse_unit(text)
    assert (unit.name, unit.kind, unit.base, unit.magnitude) == (name, kind, base, magnitude)
    assert unit.kind in vocab.KINDS


@pytest.mark.parametrize("text", ["只", "", "万", "万%", "千元", "万万元", "元/只", "元/人/人", "%/人", "人/元/月x"])
def test_not_units(text):
    with pytest.raises(UnitError):
        parse_unit(text)


def test_unknown_unit_names_the_nearest_known_units_not_all():
    with pytest.raises(UnitError) as info:
        parse_unit("人欠")
    message = str(info.value)
    assert "found unknown unit '人欠'" in message and "nearest known: 人" in message
    assert "units:" in message and "dataset.yml" in message
    assert len(re.findall(r", ", message.split("nearest known: ")[1].split(";")[0])) <= 2  # three at most


def test_declared_measure_word_is_a_count_unit():
    assert parse_unit("员", ("员",)).kind == "count"
    assert parse_unit("万员", ("员",)).base == "员"
    with pytest.raises(UnitError):  # rate denominators stay the registry's own
        parse_unit("元/员", ("员",))
    with pytest.raises(UnitError):  # declared in the data means declared: not known without it
        parse_unit("员")


def test_measure_words_have_one_dimension_each():
    words = [w for ws in vocab.MEASURE_WORDS.values() for w in ws]
    assert len(words) == len(set(words)), [w for w in words if words.count(w) > 1]


def test_figure_measure_words_exclude_durations():
    found = set(vocab.figure_measure_words())
    assert not found & set(vocab.MEASURE_WORDS["duration"])
    assert {"家次", "批次", "平方米", "公里", "例", "本", "台"} <= found


def test_every_unit_of_the_data_is_in_the_registry():
    figures = load_figures(data_dir=DATA)
    for unit in figures["unit"]:
        assert vocab.is_unit(unit), unit


# -- sections and flows ------------------------------------------------------------------------------


def test_sections_are_one_list_for_schema_charts_and_extractor():
    names = vocab.SECTION_NAMES
    assert len(set(names)) == len(names)
    field = next(f for f in fields.FIGURE_FIELDS if f.name == "section")
    assert field.allowed == names
    assert set(charts.SECTION_STYLE) == set(names)
    for section in vocab.SECTIONS:
        assert re.fullmatch(r"[a-z]+", section.slug)
        assert re.fullmatch(ID_PATTERN, f"{section.slug}.new_001")
        assert charts.section_color(section.name) == section.colour
    assert len({s.slug for s in vocab.SECTIONS}) == len(names)


@pytest.mark.parametrize(("text", "expected"), [
    pytest.param("疫情期间困难群众临时救助", "疫情防控", id="epidemic-before-assistance"),
    pytest.param("（三）扎实推进养老服务体系建设", "养老服务", id="elderly"),
    pytest.param("残疾人两项补贴", "残疾人福利", id="disability"),
    pytest.param("婚姻登记", "社会事务", id="affairs"),
    pytest.param("其他工作", "综合", id="default"),
])
def test_section_for(text, expected):
    assert vocab.section_for(text) == expected


def test_flows_are_one_list_for_schema_narrative_and_extractor():
    field = next(f for f in fields.FIGURE_FIELDS if f.name == "flow")
    assert field.allowed == vocab.FLOWS == ("spend", "income", "sales", "waiver")
    assert narrative.FLOW_WORDS is vocab.FLOW_WORDS
    assert [vocab.FLOWS_BY_CODE[f].spending for f in vocab.FLOWS] == [True, False, False, False]


@pytest.mark.parametrize(("left", "flow"), [
    ("共收到防控捐款", "income"), ("全年发放", "spend"), ("福利彩票销售", "sales"), ("惠民殡葬减免", "waiver"),
    ("收到捐款后支出", "spend"), ("召开会议", ""),
])
def test_flow_from_text(left, flow):
    assert vocab.flow_from_text(left) == flow


# -- declared units through the data -----------------------------------------------------------------


def test_a_unit_declared_in_dataset_yml_is_accepted_by_validate_and_load(tmp_path):
    data = copy_data(tmp_path / "data")
    figures = data / "figures/2020.csv"
    text = figures.read_text(encoding="utf-8")
    figures.write_text(text.replace(",710,名,", ",710,员,"), encoding="utf-8")
    problems = [str(p) for p in validate(data)]
    assert len(problems) == 1 and "found unknown unit '员'" in problems[0]
    with (data / "dataset.yml").open("a", encoding="utf-8") as handle:
        handle.write("units:\n  员: 2021 report counts staff as 员\n")
    assert validate(data) == []
    loaded = load_figures(2020, data)
    assert loaded.loc[loaded["unit"] == "员", "kind"].tolist() == ["count"]


def test_a_declared_unit_that_is_not_a_measure_word_is_refused(tmp_path):
    data = copy_data(tmp_path / "data")
    with (data / "dataset.yml").open("a", encoding="utf-8") as handle:
        handle.write("units: [people]\n")
    problems = [str(p) for p in validate(data)]
    assert any("column units: found 'people', expected a measure word" in p for p in problems), problems
