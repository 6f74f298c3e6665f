"""Trends over up to ten years and ten programs: small multiples on the synthetic ten-year fixture.

The fixture (tests/fixtures/ten_years, SYNTHETIC) is written by its make_fixture.py; ten spending programs
from about 50 to about 10,000万元 over 2015-2024, one only in 2020-2022, one from 2017. That no text of the
rendered chart overlaps another is checked in test_charts_print.py.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from analysis import calc, charts, load_figures, rules

ROOT = Path(__file__).resolve().parents[1]
TEN = ROOT / "tests" / "fixtures" / "ten_years"


@pytest.fixture(scope="module")
def ten_years():
    return load_figures(data_dir=TEN)


@pytest.fixture(scope="module")
def programs(ten_years) -> list[str]:
    return list(dict.fromkeys(ten_years.query("flow == 'spend'")["program"]))


@pytest.fixture(scope="module")
def trends(ten_years, programs):
    return charts.trend_lines(calc.program_series(ten_years, programs), "项目支出趋势（万元）")


# -- the fixture ------------------------------------------------------------------------------------


def test_fixture_is_synthetic_and_valid():
    meta = yaml.safe_load((TEN / "dataset.yml").read_text(encoding="utf-8"))
    assert meta["synthetic"] is True and sorted(meta["sources"]) == list(range(2015, 2025))
    for year in range(2015, 2025):
        assert "SYNTHETIC" in (TEN / "raw" / f"{year}.txt").read_text(encoding="utf-8").splitlines()[0]
    assert rules.validate(TEN) == []
    run = subprocess.run([str(ROOT / ".venv" / "bin" / "analysis"), "validate", "--data-dir", str(TEN)],
                         capture_output=True, text=True, cwd=ROOT)
    assert run.returncode == 0, run.stdout + run.stderr


def test_fixture_is_what_its_generator_writes():
    run = subprocess.run([sys.executable, str(TEN / "make_fixture.py"), "--check"], capture_output=True, text=True)
    assert run.returncode == 0, run.stderr


def test_fixture_has_ten_programs_of_very_different_sizes(ten_years, programs):
    assert len(programs) == 10
    latest = calc.spending_by_program(ten_years, 2024)["spend_wan_yuan"]
    assert latest.max() / latest.min() > 100
    years = {p: sorted(ten_years.query("program == @p and flow == 'spend'")["year"]) for p in programs}
    assert years["物价临时补贴"] == [2020, 2021, 2022] and years["社会组织培育"][0] == 2017


# -- small multiples --------------------------------------------------------------------------------


def test_one_panel_per_program_largest_first(trends, ten_years):
    titles = [a.text for a in trends.layout.annotations]
    latest = ten_years.sort_values("year").query("flow == 'spend'").groupby("program").tail(1)
    expected = list(latest.sort_values("value_base", ascending=False)["program"])
    assert titles == [f"{p}（万元）" for p in expected]
    assert [t.name for t in trends.data] == expected
    axes = {(t.xaxis, t.yaxis) for t in trends.data}
    assert len(axes) == 10 and len({y for _, y in axes}) == 10  # each its own panel and its own y axis
    assert trends.layout.showlegend is False  # the panel titles name the programs


def test_each_panel_labels_only_its_last_value(trends, ten_years):
    for trace in trends.data:
        labelled = [(x, t) for x, t in zip(trace.x, trace.text) if t]
        assert len(labelled) == 1, trace.name
        year, text = labelled[0]
        last = ten_years.query("program == @trace.name and flow == 'spend'").sort_values("year").iloc[-1]
        suffix = "" if last["year"] == 2024 else f"（{last['year']}年）"
        assert year == last["year"] and text == f"{last['value_base'] / 1e4:,.2f}{suffix}", trace.name
        assert trace.textposition == "middle right"
    basic = next(t for t in trends.data if t.name == "基本生活保障")
    assert [t for t in basic.text if t] == ["10,793.84"]


def test_years_not_reported_leave_a_gap(trends):
    subsidy = next(t for t in trends.data if t.name == "物价临时补贴")
    assert list(subsidy.x) == list(range(2015, 2025))
    assert [y is None for y in subsidy.y] == [True] * 5 + [False] * 3 + [True] * 2
    assert subsidy.connectgaps is False
    assert [t for t in subsidy.text if t] == ["228.97（2022年）"]  # its last reported year, said when not the last


def test_axes_start_at_zero_and_leave_room_for_the_end_label(trends):
    layout = trends.layout
    for trace in trends.data:
        yaxis = layout[trace.yaxis.replace("y", "yaxis")]
        xaxis = layout[trace.xaxis.replace("x", "xaxis")]
        values = [v for v in trace.y if v is not None]
        assert yaxis.range[0] == 0 and yaxis.range[1] > max(values)
        assert xaxis.range[0] < 2015 and xaxis.range[1] > 2024 + 1  # the label's room right of the last year
        ticks = list(xaxis.tickvals)
        assert ticks[-1] == 2024 and len(ticks) <= 5 and ticks == sorted(ticks)


@pytest.mark.parametrize("n, columns", [(1, 1), (3, 1), (4, 2), (10, 2)])
def test_height_grows_with_the_programs_and_fits_a_page(ten_years, programs, n, columns):
    fig = charts.trend_lines(calc.program_series(ten_years, programs[:n]))
    rows = -(-n // columns)
    assert fig.layout.height == 120 + 190 * rows
    assert fig.layout.height * 16 / charts.WIDTH <= 24  # cm, printed 16 cm wide: fits an A4 page


def test_counts_in_their_own_unit(fixture_figures):
    people = charts.trend_lines(calc.program_series(fixture_figures, ["高龄津贴"], kind="count"))
    (line,) = people.data
    assert list(line.y) == pytest.approx([10_000, 11_000]) and [t for t in line.text if t] == ["11,000"]
    assert people.layout.annotations[0].text == "高龄津贴（人）" and "人<extra>" in line.hovertemplate


def test_two_years_money_in_wan_yuan(fixture_figures):
    money = charts.trend_lines(calc.program_series(fixture_figures, ["基本生活保障"]))
    (line,) = money.data
    assert list(line.x) == [2020, 2021] and list(line.y) == pytest.approx([1000, 1200])
    assert list(line.text) == ["", "1,200.00"] and "万元" in line.hovertemplate
    assert list(money.layout.xaxis.tickvals) == [2020, 2021]
