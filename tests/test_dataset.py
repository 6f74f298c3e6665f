"""dataset.yml as typed records: sources by year, declared measure words, structural problems."""

from __future__ import annotations

import pytest
from conftest import DATA, FIXTURE

from analysis.dataset import Dataset, Source, load_dataset, parse, problems_of, units_of
from analysis.errors import DataError


def test_real_dataset_is_typed():
    dataset = load_dataset(DATA)
    assert isinstance(dataset, Dataset)
    assert dataset.bureau == "江门市新会区民政局" and dataset.currency_unit == "元"
    source = dataset.source_for(2020)
    assert isinstance(source, Source)
    assert source.title == "区民政局2020年工作成效及2021年工作计划"
    assert source.published == "2021-03-03" and len(source.sha256) == 64
    assert source.extra["plans_for"] == 2021  # further keys kept as written
    assert dataset.source_for(2019) is None
    assert dataset["bureau"] == dataset.bureau  # the mapping of the file, for notebooks


def test_source_years_may_be_written_as_strings():
    dataset = parse({"region": "r", "bureau": "b", "currency_unit": "元", "sources": {"2021": {"title": "T"}}})
    assert dataset.source_for(2021).title == "T"
    assert dataset.source_for("2021").title == "T"


@pytest.mark.parametrize(("units", "expected"), [
    pytest.param(["艘", "盏"], ("艘", "盏"), id="list"),
    pytest.param({"员": "staff"}, ("员",), id="mapping-with-reasons"),
    pytest.param(None, (), id="none"),
])
def test_declared_units(units, expected):
    raw = {"region": "r", "bureau": "b", "currency_unit": "元", "sources": {}}
    if units is not None:
        raw["units"] = units
    assert parse(raw).units == expected
    assert problems_of(raw, "dataset.yml") == []


@pytest.mark.parametrize(("raw", "fragment"), [
    pytest.param({"region": "r"}, "missing key(s) bureau, currency_unit, sources", id="missing-keys"),
    pytest.param({"region": "r", "bureau": "b", "currency_unit": "元", "sources": [2020]}, "expected a mapping", id="sources-list"),
    pytest.param({"region": "r", "bureau": "b", "currency_unit": "元", "sources": {"20x": {}}}, "four-digit year", id="bad-year"),
    pytest.param({"region": "r", "bureau": "b", "currency_unit": "元", "sources": {}, "units": "艘"}, "expected a list", id="units-string"),
    pytest.param({"region": "r", "bureau": "b", "currency_unit": "元", "sources": {}, "units": ["ships"]}, "measure word", id="units-latin"),
])
def test_structural_problems(raw, fragment):
    problems = problems_of(raw, "dataset.yml")
    assert problems and any(fragment in str(p) for p in problems), problems


def test_units_of_a_broken_or_missing_file_are_none(tmp_path):
    assert units_of(tmp_path) == ()
    (tmp_path / "dataset.yml").write_text(":\n  - [", encoding="utf-8")
    assert units_of(tmp_path) == ()
    with pytest.raises(DataError, match="not valid YAML"):
        load_dataset(tmp_path)


def test_fixture_dataset_loads():
    assert load_dataset(FIXTURE).source_for(2021) is not None
