"""examples/demo/: the synthetic five-year demo dataset validates like data/, says it is synthetic,
and every report built from it carries the marking 示例数据（合成，非真实统计）."""

from __future__ import annotations

import datetime as dt
import re
import subprocess
import sys
from pathlib import Path

import pytest

from analysis import load_figures, load_plans
from analysis.catalog import available_years
from analysis.dataset import load_dataset
from analysis.params import resolve
from analysis.report.html import DEMO_MARK
from analysis.rules import validate

ROOT = Path(__file__).resolve().parents[1]
DEMO = ROOT / "examples" / "demo"
DATA = ROOT / "data"
YEARS = [2018, 2019, 2020, 2021, 2022]


def test_demo_validates_like_data():
    assert validate(DEMO) == []


def test_demo_years_are_2018_to_2022():
    assert available_years(DEMO) == YEARS
    assert sorted(int(p.stem) for p in (DEMO / "raw").glob("*.txt")) == YEARS
    assert sorted(int(p.stem) for p in (DEMO / "plans").glob("*.csv")) == [2019, 2020, 2021, 2022, 2023]


def test_every_figure_and_plan_of_every_year_loads():
    figures = load_figures(data_dir=DEMO)
    assert sorted(figures["year"].unique()) == YEARS
    for year in YEARS:
        assert len(figures[figures["year"] == year]) >= 35
    plans = load_plans(data_dir=DEMO)
    assert plans["target"].notna().sum() >= 10  # numeric targets, so plan tracking shows 达成/未达成


def test_demo_keeps_the_structure_of_the_2020_figures():
    real = load_figures(2020, data_dir=DATA).set_index("id")
    demo = load_figures(data_dir=DEMO)
    assert set(demo["id"]) <= set(real.index)
    columns = ["section", "program", "indicator", "unit", "flow"]
    for row in demo.itertuples():
        assert [getattr(row, c) for c in columns] == [real.loc[row.id, c] for c in columns], row.id


def test_demo_says_it_is_synthetic():
    dataset = load_dataset(DEMO)
    assert dataset.get("synthetic") is True
    assert "示例" in dataset.bureau and "示例" in dataset.region
    for year in YEARS:
        text = (DEMO / "raw" / f"{year}.txt").read_text(encoding="utf-8")
        assert text.splitlines()[0] == DEMO_MARK
    assert DEMO_MARK in (DEMO / "README.md").read_text(encoding="utf-8")


def test_real_data_is_not_marked_synthetic():
    assert not load_dataset(DATA).get("synthetic")


def test_generated_files_are_current():
    """examples/demo/ is what scripts/make_demo.py writes (deterministic)."""
    result = subprocess.run([sys.executable, str(ROOT / "scripts" / "make_demo.py"), "--check"],
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


@pytest.mark.parametrize("data_dir, marked", [(DEMO, True), (DATA, False)])
def test_title_page_marking_follows_dataset_yml(data_dir, marked):
    from analysis.report.pdf import title_cell

    year = max(available_years(data_dir))
    page = title_cell(resolve(year=year, data_dir=data_dir), dt.date(2026, 11, 29)).outputs[0]["data"]["text/html"]
    assert (DEMO_MARK in page) is marked


# --------------------------------------------------------------------------------------------------
# One real build of the demo report for 2022 (against 2021, trends 2018-2022). One test, so that
# pytest-xdist never builds it twice on different workers.
# --------------------------------------------------------------------------------------------------


def _pdf_text(pdf: Path, first_page_only: bool = False) -> str:
    pages = ["-f", "1", "-l", "1"] if first_page_only else []
    text = subprocess.run(["pdftotext", *pages, str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    return re.sub(r"\s+", "", text)


@pytest.mark.integration
def test_demo_report_is_marked_and_every_chapter_has_content(tmp_path):
    from analysis.report import build_report

    report = build_report(data_dir=DEMO, out=tmp_path)

    # the PDF's title page says the figures are synthetic
    first = _pdf_text(report.pdf, first_page_only=True)
    assert DEMO_MARK in first, "PDF title page lacks the demo marking"
    assert "示例区民政局" in first and "2022年民政工作数据报告" in first

    # so does the top of every notebook HTML, before any content
    pages = sorted(report.out_dir.glob("*.html"))
    assert {p.stem for p in pages} == {"overview", "comparison", "trends", "appendix"}
    for page in pages:
        html = page.read_text(encoding="utf-8")
        assert f'<div class="demo-mark">{DEMO_MARK}</div>' in html, page.name
        assert html.index(DEMO_MARK) < html.index("jp-Cell", html.index("<main>")), page.name

    # comparison (2022 against 2021, plan for 2022 tracked) and trends (2018-2022) have content
    text = _pdf_text(report.pdf)
    assert "与2021年相比" in text
    assert "未达成" in text and "达成" in text
    assert "2018—2022年" in text and "年均增长" in text
    trends = (report.out_dir / "trends.html").read_text(encoding="utf-8")
    assert '<table class="report-table">' in trends
