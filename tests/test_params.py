"""Report parameters: defaults filled in, every bad value a ParameterError naming the parameter."""

from __future__ import annotations

from pathlib import Path

import pytest

from analysis import config
from analysis.errors import ParameterError
from analysis.params import Params, as_year, check_programs, resolve, years_until

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "data"
FIXTURE = Path(__file__).parent / "fixtures" / "two_years"  # figures for 2020 and 2021


# -- as_year --------------------------------------------------------------------------------------


@pytest.mark.parametrize("value, expected", [
    pytest.param(2020, 2020, id="int"),
    pytest.param("2021", 2021, id="str"),
    pytest.param(" 2021 ", 2021, id="str-with-spaces"),
    pytest.param(None, None, id="None-is-default"),
    pytest.param("", None, id="empty-str-is-default"),
    pytest.param(0, None, id="zero-is-default"),
    pytest.param("0", None, id="str-zero-is-default"),
    pytest.param(1900, 1900, id="lowest"),
    pytest.param(2999, 2999, id="highest"),
])
def test_as_year(value, expected):
    assert as_year(value) == expected


@pytest.mark.parametrize("value", [
    pytest.param("20x0", id="not-a-number"),
    pytest.param("2020.5", id="decimal-str"),
    pytest.param(2020.5, id="float"),
    pytest.param("1899", id="before-1900"),
    pytest.param(3000, id="after-2999"),
    pytest.param(-2020, id="negative"),
    pytest.param(True, id="bool"),
    pytest.param("二〇二〇", id="chinese-numerals"),
])
def test_as_year_rejects_and_names_the_parameter(value):
    with pytest.raises(ParameterError, match=r"^base year: expected a four-digit year, found "):
        as_year(value, "base year")


# -- resolve: defaults ----------------------------------------------------------------------------


def test_defaults_on_the_fixture_latest_year_and_the_year_before():
    p = resolve(data_dir=FIXTURE)
    assert p == Params(year=2021, base_year=2020, data_dir=FIXTURE.resolve(), years=[2020, 2021], programs=[])


def test_earliest_year_has_no_base_year():
    p = resolve(year=2020, data_dir=FIXTURE)
    assert (p.year, p.base_year) == (2020, None)


def test_real_data_single_year_has_no_base_year():
    p = resolve(data_dir=DATA)
    assert (p.year, p.base_year, p.years) == (2020, None, [2020])


@pytest.mark.parametrize("year, expected", [
    pytest.param(None, (2021, 2020), id="latest-and-the-year-just-before"),
    pytest.param(2020, (2020, 2018), id="gap-year-skipped"),  # 2019 has no figures
    pytest.param(2018, (2018, None), id="earliest"),
])
def test_base_year_default_is_the_latest_year_before(tmp_path, year, expected):
    # resolve reads years from file names only: empty files are enough
    (tmp_path / "figures").mkdir()
    for y in (2021, 2018, 2020):
        (tmp_path / "figures" / f"{y}.csv").write_text("", encoding="utf-8")
    p = resolve(year=year, data_dir=tmp_path)
    assert (p.year, p.base_year) == expected
    assert p.years == [2018, 2020, 2021]


@pytest.mark.parametrize("year, base_year", [
    pytest.param(2021, 2020, id="ints"),
    pytest.param("2021", "2020", id="strs"),
    pytest.param("2021", None, id="str-year-default-base"),
    pytest.param(0, "0", id="zeros-mean-default"),
    pytest.param("", "", id="empty-strs-mean-default"),
])
def test_year_and_base_year_as_str_or_int(year, base_year):
    p = resolve(year=year, base_year=base_year, data_dir=FIXTURE)
    assert (p.year, p.base_year) == (2021, 2020)
    assert isinstance(p.year, int) and isinstance(p.base_year, int)


def test_data_dir_is_made_absolute(monkeypatch):
    monkeypatch.chdir(ROOT)
    p = resolve(data_dir="tests/fixtures/two_years")
    assert p.data_dir.is_absolute()
    assert p.data_dir == FIXTURE.resolve()


@pytest.mark.parametrize("empty", [None, ""], ids=["None", "empty-str"])
def test_no_data_dir_means_the_configured_one(monkeypatch, empty):
    monkeypatch.setattr(config, "DATA_DIR", FIXTURE)
    assert resolve(data_dir=empty).years == [2020, 2021]


def test_programs_are_kept_as_a_list():
    assert resolve(data_dir=FIXTURE, programs=("基本生活保障", "高龄津贴")).programs == ["基本生活保障", "高龄津贴"]
    assert resolve(data_dir=FIXTURE, programs=None).programs == []


def test_programs_as_a_single_str_is_a_parameter_error():
    with pytest.raises(ParameterError, match="^programs"):
        resolve(data_dir=FIXTURE, programs="高龄津贴")



# -- the years a report reads ---------------------------------------------------------------------


@pytest.mark.parametrize("year, expected", [
    pytest.param(2018, [2018], id="earliest"),
    pytest.param(2020, [2018, 2020], id="gap-year-skipped"),
    pytest.param(2021, [2018, 2020, 2021], id="latest"),
])
def test_report_years_are_the_years_up_to_the_report_year(year, expected):
    p = Params(year=year, base_year=None, data_dir=FIXTURE, years=[2018, 2020, 2021])
    assert p.report_years == expected
    assert p.years == [2018, 2020, 2021]  # every year of the data, for the parameter checks


def test_years_until_sorts_and_bounds():
    assert years_until([2021, 2018, 2020], 2020) == [2018, 2020]
    assert years_until([2021], 2020) == []


def test_report_years_on_the_fixture():
    assert resolve(year=2020, data_dir=FIXTURE).report_years == [2020]
    assert resolve(data_dir=FIXTURE).report_years == [2020, 2021]


# -- resolve: errors ------------------------------------------------------------------------------


def _data_dir(tmp_path: Path, layout: str) -> Path:
    if layout == "missing":
        return tmp_path / "nowhere"
    folder = tmp_path / "data"
    folder.mkdir()
    if layout == "file":
        folder.rmdir()
        folder.write_text("not a folder", encoding="utf-8")
    if layout == "non-year-names":
        (folder / "figures").mkdir()
        (folder / "figures" / "draft.csv").write_text("", encoding="utf-8")
    return folder


@pytest.mark.parametrize("layout, fragment", [
    pytest.param("missing", "data directory not found", id="missing-dir"),
    pytest.param("file", "data directory not found", id="dir-is-a-file"),
    pytest.param("empty", "no years", id="empty-dir"),
    pytest.param("non-year-names", "no years", id="no-year-files"),
])
def test_unusable_data_dir(tmp_path, layout, fragment):
    data_dir = _data_dir(tmp_path, layout)
    with pytest.raises(ParameterError) as info:
        resolve(data_dir=data_dir)
    message = str(info.value)
    assert message.startswith("--data-dir ")
    assert data_dir.name in message and fragment in message


@pytest.mark.parametrize("kwargs, pattern", [
    pytest.param(dict(year="20x0"), r"^year: expected a four-digit year, found '20x0'", id="year-not-integer"),
    pytest.param(dict(year="1899"), r"^year: expected a four-digit year", id="year-out-of-range"),
    pytest.param(dict(year=True), r"^year: expected a four-digit year", id="year-bool"),
    pytest.param(dict(year=2019), r"^year 2019: not in .*\(available: 2020, 2021\)", id="year-not-in-data"),
    pytest.param(dict(year=2022), r"^year 2022: not in .*\(available: 2020, 2021\)", id="year-after-data"),
    pytest.param(dict(base_year="x"), r"^base year: expected a four-digit year, found 'x'", id="base-not-integer"),
    pytest.param(dict(base_year=3000), r"^base year: expected a four-digit year", id="base-out-of-range"),
    pytest.param(dict(base_year=2021), r"^base year 2021: must be before year 2021", id="base-equals-year"),
    pytest.param(dict(year=2020, base_year=2021), r"^base year 2021: must be before year 2020", id="base-after-year"),
    pytest.param(dict(base_year=2019), r"^base year 2019: not in .*\(available: 2020, 2021\)", id="base-not-in-data"),
])
def test_bad_year_parameters(kwargs, pattern):
    with pytest.raises(ParameterError, match=pattern):
        resolve(data_dir=FIXTURE, **kwargs)


def test_parameter_error_exit_code_is_2():
    with pytest.raises(ParameterError) as info:
        resolve(year=2019, data_dir=FIXTURE)
    assert info.value.exit_code == 2


# -- check_programs -------------------------------------------------------------------------------

KNOWN = {"基本生活保障", "高龄津贴", "长者食堂"}


@pytest.mark.parametrize("programs", [
    pytest.param([], id="none-asked"),
    pytest.param(["高龄津贴"], id="one"),
    pytest.param(["长者食堂", "基本生活保障"], id="two"),
    pytest.param(("高龄津贴",), id="tuple"),
])
def test_check_programs_accepts_known_names(programs):
    assert check_programs(programs, KNOWN) is None


def test_check_programs_names_every_unknown_program_and_lists_the_known():
    with pytest.raises(ParameterError) as info:
        check_programs(["高龄津贴", "不存在", "也没有"], KNOWN)
    assert str(info.value) == "programs: unknown program(s) 不存在, 也没有; known: 基本生活保障, 长者食堂, 高龄津贴"


@pytest.mark.parametrize("programs", [
    pytest.param("高龄津贴", id="a-str"),
    pytest.param(["高龄津贴", 5], id="a-number-inside"),
    pytest.param([None], id="None-inside"),
])
def test_check_programs_rejects_a_non_list(programs):
    with pytest.raises(ParameterError, match=r"^programs: expected a list of program names, found "):
        check_programs(programs, KNOWN)


@pytest.mark.parametrize("programs", [pytest.param(None, id="None"), pytest.param(5, id="int")])
def test_check_programs_rejects_a_non_iterable(programs):
    with pytest.raises(ParameterError, match="^programs"):
        check_programs(programs, KNOWN)
