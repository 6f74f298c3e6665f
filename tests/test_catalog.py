"""The catalog: which years a data directory holds, read from file names only."""

from __future__ import annotations

from pathlib import Path

import pytest

from analysis.catalog import available_years, require_dir
from analysis.errors import DataError

ROOT = Path(__file__).resolve().parents[1]
FIXTURE = Path(__file__).parent / "fixtures" / "two_years"


def make_figures(data_dir: Path, names: list[str]) -> Path:
    """``data_dir/figures/<name>`` for every name (empty files: only the names matter here)."""
    folder = data_dir / "figures"
    folder.mkdir(parents=True)
    for name in names:
        (folder / name).write_text("", encoding="utf-8")
    return data_dir


def test_real_data_holds_2020_only():
    assert available_years(ROOT / "data") == [2020]


def test_fixture_holds_two_years_and_accepts_a_str_path():
    assert available_years(str(FIXTURE)) == [2020, 2021]


def test_years_are_sorted_ascending_whatever_the_creation_order(tmp_path):
    data = make_figures(tmp_path / "data", ["2022.csv", "2019.csv", "2021.csv"])
    assert available_years(data) == [2019, 2021, 2022]


def test_file_names_that_are_not_a_four_digit_year_are_ignored(tmp_path):
    data = make_figures(tmp_path / "data", [
        "2020.csv",
        "2021-draft.csv",   # a draft beside the curated file
        "20211.csv",        # five digits
        "202.csv",          # three digits
        "abcd.csv",
        "2022.txt",         # not a CSV
        "2023.csv.bak",
        "２０２４.csv",      # full-width digits
    ])
    assert available_years(data) == [2020]


def test_plans_and_raw_files_do_not_make_a_year(tmp_path):
    data = make_figures(tmp_path / "data", ["2020.csv"])
    for sub, name in (("plans", "2021.csv"), ("raw", "2019.txt")):
        (data / sub).mkdir()
        (data / sub / name).write_text("", encoding="utf-8")
    assert available_years(data) == [2020]


@pytest.mark.parametrize("layout, expected", [
    pytest.param("missing", "data directory not found", id="missing-dir"),
    pytest.param("a-file", "data directory not found", id="path-is-a-file"),
    pytest.param("empty", "no years", id="empty-dir"),
    pytest.param("empty-figures", "no years", id="figures-folder-without-csv"),
    pytest.param("only-drafts", "no years", id="only-non-year-names"),
])
def test_unusable_data_directory_is_a_data_error_naming_it(tmp_path, layout, expected):
    data = tmp_path / "my-data"
    if layout == "a-file":
        data.write_text("not a folder", encoding="utf-8")
    elif layout == "empty":
        data.mkdir()
    elif layout == "empty-figures":
        (data / "figures").mkdir(parents=True)
    elif layout == "only-drafts":
        make_figures(data, ["2020-draft.csv", "notes.csv"])
    with pytest.raises(DataError) as info:
        available_years(data)
    message = str(info.value)
    assert expected in message
    assert "my-data" in message  # the directory the user gave is named


def test_no_years_message_says_what_is_expected(tmp_path):
    (tmp_path / "data").mkdir()
    with pytest.raises(DataError, match=r"figures/YYYY\.csv"):
        available_years(tmp_path / "data")


def test_require_dir_returns_a_path(tmp_path):
    assert require_dir(str(tmp_path)) == tmp_path
    with pytest.raises(DataError, match="data directory not found"):
        require_dir(tmp_path / "nowhere")


@pytest.mark.parametrize(("name", "year"), [
    pytest.param(Path("figures/2020.csv"), 2020, id="file"),
    pytest.param("2021", 2021, id="sources-key-text"),
    pytest.param(2022, 2022, id="sources-key-int"),
    pytest.param(Path("figures/figures-2020.csv"), None, id="not-a-year-name"),
    pytest.param(Path("figures/20201.csv"), None, id="five-digits"),
    pytest.param("notes", None, id="other-key"),
])
def test_year_of(name, year):
    from analysis.catalog import year_of

    assert year_of(name) == year
