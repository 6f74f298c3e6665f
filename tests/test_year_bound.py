"""Issue 9: a year's report depends only on data up to that year (and the plans for the year after).

The integration tests share one set of builds (made once per test session, even across xdist
workers): every year of a copy of the synthetic two-year fixture, and 2020 alone from a copy that
holds only 2020. A made-up 2022 (a copy of 2021, clearly labelled synthetic) is added in the tests.
"""

from __future__ import annotations

import fcntl
import hashlib
import re
import shutil
import subprocess
import sys
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import nbformat
import pytest
from conftest import FIXTURE, ROOT, copy_data, read_rows, write_rows

from analysis.cli import main
from analysis.errors import DataError, ParameterError
from analysis.params import resolve
from analysis.report import cache
from analysis.report.build import check_data
from analysis.report.html import prune
from analysis.report.execute import NOTEBOOKS

NAMES = [name for name, _ in NOTEBOOKS]  # in the order of the report

# --------------------------------------------------------------------------------------------------
# helpers: data directories with fewer or more years
# --------------------------------------------------------------------------------------------------


def source_block(text: str, year: int) -> tuple[int, int]:
    """Start and end offsets of the ``sources:`` record of ``year`` in the fixture's dataset.yml."""
    start = text.index(f"\n  {year}:\n") + 1
    end = text.index("\n", text.index("    sha256:", start)) + 1
    return start, end


def only_2020(dest: Path) -> Path:
    """The fixture without 2021: its figures, raw report and source record removed (plans for 2021 kept:
    they come from the report about 2020)."""
    data = copy_data(dest, FIXTURE)
    (data / "figures" / "2021.csv").unlink()
    (data / "raw" / "2021.txt").unlink()
    yml = data / "dataset.yml"
    text = yml.read_text(encoding="utf-8")
    start, end = source_block(text, 2021)
    yml.write_text(text[:start] + text[end:], encoding="utf-8")
    return data


def add_synthetic_2022(data: Path) -> None:
    """A made-up 2022: the 2021 report and figures copied (SYNTHETIC, for tests only), with its sha256."""
    raw = (data / "raw" / "2021.txt").read_bytes() + "\n(合成测试数据:2022年报告由2021年报告复制而成。)\n".encode("utf-8")
    (data / "raw" / "2022.txt").write_bytes(raw)
    rows = read_rows(data / "figures" / "2021.csv")
    year = rows[0].index("year")
    for row in rows[1:]:
        row[year] = "2022"
    write_rows(data / "figures" / "2022.csv", rows)
    yml = data / "dataset.yml"
    text = yml.read_text(encoding="utf-8")
    _, end = source_block(text, 2021)
    record = ("  2022:\n    file: raw/2022.txt\n    title: 示例区民政局2022年工作总结(合成,复制自2021年)\n"
              "    publisher: SYNTHETIC\n    url: null\n    published: 2023-03-01\n    accessed: 2026-11-29\n"
              f"    sha256: {hashlib.sha256(raw).hexdigest()}\n")
    yml.write_text(text[:end] + record + text[end:], encoding="utf-8")


def state(folder: Path) -> dict[str, tuple[int, bytes]]:
    """Every file of an output folder with its mtime and content."""
    return {p.name: (p.stat().st_mtime_ns, p.read_bytes()) for p in sorted(folder.iterdir()) if p.is_file()}


def pdf_text(pdf: Path) -> str:
    return subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout


def tables(html: Path) -> list[str]:
    return re.findall(r"<table\b.*?</table>", html.read_text(encoding="utf-8"), re.S)


def outputs_text(notebook: Path) -> str:
    nb = nbformat.read(notebook, as_version=4)
    return "\n".join(o.get("data", {}).get("text/html", "") + o.get("data", {}).get("text/plain", "") + o.get("text", "")
                     for c in nb.cells for o in c.get("outputs", []))


# --------------------------------------------------------------------------------------------------
# without kernels: the bound in the parameters, the data check, the pruning and the cache key
# --------------------------------------------------------------------------------------------------


def test_a_broken_later_year_does_not_block_an_earlier_report(tmp_path):
    data = copy_data(tmp_path / "data", FIXTURE)
    figures = data / "figures" / "2021.csv"
    figures.write_text(figures.read_text(encoding="utf-8").replace(",1200,", ",一千二百,", 1), encoding="utf-8")
    (data / "plans" / "2022.csv").write_text("not a plans file\n", encoding="utf-8")  # read by the 2021 report
    check_data([resolve(year=2020, data_dir=data)])  # reads 2020 (and the plans for 2021) only
    with pytest.raises(DataError, match="figures/2021.csv") as info:
        check_data([resolve(year=2021, data_dir=data)])
    assert "plans/2022.csv" in str(info.value)


def test_the_plans_for_the_next_year_are_checked_before_any_kernel(tmp_path):
    data = copy_data(tmp_path / "data", FIXTURE)
    (data / "plans" / "2021.csv").write_text("not a plans file\n", encoding="utf-8")
    with pytest.raises(DataError, match="plans/2021.csv"):
        check_data([resolve(year=2020, data_dir=data)])


def test_programs_are_checked_against_the_years_the_report_reads():
    check_data([resolve(year=2021, data_dir=FIXTURE, programs=["社会工作服务站"])])  # new in 2021
    with pytest.raises(ParameterError, match="^programs: unknown program"):
        check_data([resolve(year=2020, data_dir=FIXTURE, programs=["社会工作服务站"])])
    with pytest.raises(ParameterError, match="^report 2020: programs: unknown program"):  # which year, with several
        check_data([resolve(year=y, data_dir=FIXTURE, programs=["社会工作服务站"]) for y in (2020, 2021)])


def test_pruning_counts_only_the_years_up_to_the_report_year():
    def chapters(year: int) -> list[str]:
        nb = nbformat.v4.new_notebook()
        nb.cells = [nbformat.v4.new_markdown_cell("## trends"), nbformat.v4.new_markdown_cell("## always")]
        nb.cells[0].metadata["tags"] = ["needs-several-years"]
        return [c.source for c in prune(nb, resolve(year=year, data_dir=FIXTURE)).cells]

    assert chapters(2020) == ["## always"]  # 2021 exists, but the 2020 report has one year
    assert chapters(2021) == ["## always"]  # two years are a comparison, not a trend
    demo = ROOT / "examples" / "demo"  # synthetic 2018-2022
    for year, expected in ((2019, ["## always"]), (2020, ["## trends", "## always"])):
        nb = nbformat.v4.new_notebook()
        nb.cells = [nbformat.v4.new_markdown_cell("## trends"), nbformat.v4.new_markdown_cell("## always")]
        nb.cells[0].metadata["tags"] = ["needs-several-years"]
        assert [c.source for c in prune(nb, resolve(year=year, data_dir=demo)).cells] == expected


def test_cache_key_of_a_year_ignores_later_years(tmp_path):
    data = copy_data(tmp_path / "data", FIXTURE)
    before = {year: cache.data_digest(data, year) for year in (2020, 2021)}
    add_synthetic_2022(data)
    assert {year: cache.data_digest(data, year) for year in (2020, 2021)} == before


# --------------------------------------------------------------------------------------------------
# builds shared by the integration tests
# --------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Builds:
    data: Path  # copy of the fixture, every year built into out/ (a test adds 2022 to it)
    out: Path
    alone: Path  # 2020 built from a copy holding only 2020
    code: str  # the package's code digest the builds were keyed with


@contextmanager
def locked(path: Path):
    with open(path, "w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


@pytest.fixture(scope="session")
def builds(tmp_path_factory, request) -> Builds:
    """Built once per session: the xdist workers share one folder, the first builds, the others wait."""
    base = tmp_path_factory.getbasetemp()
    worker = hasattr(request.config, "workerinput")  # an xdist worker: its basetemp's parent is the run's
    root = (base.parent if worker else base) / "year-bound"
    with locked(root.with_suffix(".lock")):
        done = root / "built"
        if not done.exists():
            shutil.rmtree(root, ignore_errors=True)
            root.mkdir()
            copy_data(root / "data", FIXTURE)
            assert main(["report", "--all-years", "--data-dir", str(root / "data"), "--out", str(root / "out")]) == 0
            only_2020(root / "alone-data")
            assert main(["report", "--year", "2020", "--data-dir", str(root / "alone-data"), "--out", str(root / "alone")]) == 0
            done.write_text(cache.code_digest(), encoding="utf-8")
    return Builds(root / "data", root / "out", root / "alone" / "2020", done.read_text(encoding="utf-8"))


@pytest.mark.integration
def test_pdf_text_of_2020_is_the_same_with_a_later_year_present(builds):
    full, alone = pdf_text(builds.out / "2020" / "report-2020.pdf"), pdf_text(builds.alone / "report-2020.pdf")
    assert "2020年民政工作数据报告" in full
    assert full == alone


@pytest.mark.integration
@pytest.mark.parametrize("name", NAMES)
def test_html_tables_of_2020_are_the_same_with_a_later_year_present(builds, name):
    full, alone = tables(builds.out / "2020" / f"{name}.html"), tables(builds.alone / f"{name}.html")
    assert full == alone
    if name == "overview":
        assert len(full) >= 3


@pytest.mark.integration
def test_trends_of_2020_do_not_mention_2021(builds):
    text = outputs_text(builds.out / "2020" / "trends.ipynb")
    assert "2020年" in text and "2021" not in text
    assert "截至2021年只有2个年度" in outputs_text(builds.out / "2021" / "trends.ipynb")  # 2021 sees both years


@pytest.mark.integration
def test_adding_a_later_year_rebuilds_only_that_year(builds, capsys, monkeypatch):
    # the code digest of the builds, even if another worker made them and the package was edited since
    monkeypatch.setattr(cache, "code_digest", lambda: builds.code)
    capsys.readouterr()
    command = ["report", "--all-years", "--data-dir", str(builds.data), "--out", str(builds.out)]
    before = {year: state(builds.out / year) for year in ("2020", "2021")}
    assert main(command) == 0  # nothing changed: nothing written
    assert capsys.readouterr().err.count("up to date") == 2
    assert {year: state(builds.out / year) for year in ("2020", "2021")} == before

    add_synthetic_2022(builds.data)
    assert main(command) == 0
    err = capsys.readouterr().err
    assert "report 2020: up to date" in err and "report 2021: up to date" in err, err
    assert re.findall(r"\] (\d{4}) (\w+)\.ipynb executed", err) == [("2022", name) for name in NAMES], err
    assert {year: state(builds.out / year) for year in ("2020", "2021")} == before  # bytes and mtimes
    assert (builds.out / "2022" / "report-2022.pdf").read_bytes()[:5] == b"%PDF-"
    assert "2020—2022" in outputs_text(builds.out / "2022" / "trends.ipynb")

    # the warm rerun of every year imports neither pandas nor nbformat
    code = ("import sys; from analysis.report import cache; from analysis.cli import main; "
            f"cache.code_digest = lambda: {builds.code!r}; code = main(sys.argv[1:]); "
            "print(code, 'pandas' in sys.modules, 'nbformat' in sys.modules)")
    result = subprocess.run([sys.executable, "-c", code, *command], capture_output=True, text=True, check=True)
    assert result.stdout.split() == ["0", "False", "False"], result.stderr
    assert result.stderr.count("up to date") == 3
