"""`analysis report`: the real PDF read back with poppler, the HTML, and failure handling."""

from __future__ import annotations

import hashlib
import re
import shutil
import subprocess
from pathlib import Path

import nbformat
import pandas as pd
import pytest

from analysis import config
from analysis.cli import main
from analysis.report import build_report

ROOT = Path(__file__).resolve().parents[1]
FIXTURE = ROOT / "tests" / "fixtures" / "two_years"
pytestmark = pytest.mark.integration


def pdf_text(pdf: Path) -> str:
    return subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout


def pdf_pages(pdf: Path) -> list[str]:
    return pdf_text(pdf).split("\f")


def image_pages(pdf: Path) -> list[int]:
    listing = subprocess.run(["pdfimages", "-list", str(pdf)], capture_output=True, text=True, check=True).stdout
    return [int(line.split()[0]) for line in listing.splitlines()[2:] if line.strip()]


@pytest.fixture(scope="module")
def report_2020(report_2020_session):
    return report_2020_session


@pytest.fixture(scope="module")
def report_fixture(report_fixture_session):
    return report_fixture_session


def flat(pdf: Path) -> str:
    """The PDF's text without any whitespace (Chinese lines wrap anywhere; table cells wrap too)."""
    return re.sub(r"\s+", "", pdf_text(pdf))


def test_outputs_written(report_2020):
    names = sorted(p.name for p in report_2020.out_dir.iterdir())
    assert names == [".build.json", "appendix.html", "appendix.ipynb", "comparison.html", "comparison.ipynb",
                     "overview.html", "overview.ipynb", "report-2020.pdf", "report-2020.xlsx", "trends.html", "trends.ipynb"]


def test_pdf_page_one_is_a_brief(report_2020):
    first = re.sub(r"\s+", "", pdf_pages(report_2020.pdf)[0])
    for text in ("江门市新会区民政局", "2020年民政工作数据报告", "报告年度：2020年", "生成日期", "主要情况",
                 "2020年工作报告列明的7项资金支出合计14,509.69万元", "按资金来源：财政13,200.51万元",
                 "不是民政局全年预算或决算总额", "当年结余23.58万元", "本报告不作年度比较",
                 "（2021年3月3日发布）", "第1页/共"):
        assert text in first, text
    assert "比较基准年" not in first and "比上年" not in first  # one year: nothing to compare, said once


def test_pdf_page_one_of_a_comparison_states_the_change_of_the_total(report_fixture):
    first = re.sub(r"\s+", "", pdf_pages(report_fixture.pdf)[0])
    assert "比较基准年：2020年" in first
    # 1,870 -> 1,938万元 (+3.64%), in the first sentence and on the total's card
    assert "2021年工作报告列明的4项资金支出合计1,938.00万元，比上年增长3.6%" in first
    assert "比上年增长3.6%" in first.split("主要情况")[1]
    assert "居家养老服务每人金额3,000元，比上年下降25.0%" in first  # the per-recipient finding


def test_pdf_key_figures_and_chapters_numbered_once(report_2020):
    text = flat(report_2020.pdf)
    for figure in ("9,867.01", "1,175.55", "1,151.97", "411.50", "1,121.08", "2.2万人", "4,095", "1,473",
                   "11,860.00万元", "5,457宗", "每宗约891元", "23.58万元"):
        assert figure in text, figure
    chapters = ["一、资金支出", "二、各领域支出", "三、服务对象与人均金额", "四、捐赠资金", "五、社会事务",
                "六、下一年度工作计划", "七、附表"]
    positions = [text.find(c) for c in chapters]
    assert -1 not in positions and positions == sorted(positions), dict(zip(chapters, positions))
    assert "表1" in text and "图1" in text and "表5" in text


def test_one_year_report_has_no_comparison_or_trend_chapter(report_2020):
    text = flat(report_2020.pdf)
    for heading in ("资金支出的变化", "人均金额的变化", "其他指标的变化", "上年计划完成情况", "项目支出趋势"):
        assert heading not in text, heading


def test_comparison_report_order_summary_comparison_detail_appendix(report_fixture):
    text = flat(report_fixture.pdf)
    chapters = ["主要情况", "一、资金支出的变化", "二、人均金额的变化", "三、其他指标的变化", "四、上年计划完成情况",
                "五、资金支出", "六、各领域支出", "七、服务对象与人均金额", "八、社会事务", "九、附表"]
    positions = [text.find(c) for c in chapters]
    assert -1 not in positions and positions == sorted(positions), dict(zip(chapters, positions))
    # chapters with nothing to show are left out: no donations in 2021, no plan for 2022, two years are no trend
    for empty in ("捐赠资金", "下一年度工作计划", "项目支出趋势"):
        assert empty not in text, empty


def test_no_change_rate_for_cumulative_standard_or_rounded_figures(report_fixture):
    text = flat(report_fixture.pdf)
    # 长期滞留人员落户 40 -> 46名 over three years; 孤儿 standard 1,500 -> 1,600元/人/月; 1万 -> 1.1万人 as printed
    for row in ("办理落户人数40名46名—", "补贴标准1,500元/人/月1,600元/人/月—", "发放对象人数1万人1.1万人—"):
        assert row in text, row
    for reason in ("多年累计数", "标准或比率", "原文为约数"):  # reasons wrap inside their cell
        assert reason in text.split("三、其他指标的变化")[1].split("四、上年计划完成情况")[0], reason
    assert "建筑物更名数1条1条持平" in text  # equal values read 持平, never +0.0%
    assert "+0.0%" not in text and "增长0.0%" not in text


def in_order(chars: str, text: str, gap: int = 80) -> bool:
    """``chars`` in ``text`` in order, at most ``gap`` characters apart: how a cell's text wrapped over
    several lines reads back from the PDF, interleaved with the lines of the cells beside it."""
    return re.search(f".{{0,{gap}}}?".join(map(re.escape, chars)), text) is not None


def _outside_quotes(report, figures) -> str:
    text = flat(report.pdf)
    for quote in sorted(set(figures["quote"]), key=len, reverse=True):
        text = text.replace(re.sub(r"\s+", "", quote), "")
    return re.sub(r"《[^》]*》", "", text)  # titles as published


@pytest.mark.parametrize("which", ["report_2020", "report_fixture"])
def test_chinese_punctuation_and_dates_outside_verbatim_quotes(which, request):
    from analysis import load_figures, load_plans

    report = request.getfixturevalue(which)
    data = ROOT / "data" if which == "report_2020" else FIXTURE
    figures = load_figures(data_dir=data)
    plans = load_plans(data_dir=data)
    text = _outside_quotes(report, pd.concat([figures[["quote"]], plans[["quote"]]]))
    half_width = re.findall(r".{0,6}(?:[\u4e00-\u9fff][,:;()]|[,:;()][\u4e00-\u9fff]).{0,6}", text)
    assert not half_width, half_width[:10]
    assert not re.search(r"\d{4}-\d{2}-\d{2}", text)
    assert "增长-" not in text and "下降-" not in text and "年均增长-" not in text


def test_appendix_holds_every_figure_with_its_quote(report_2020, figures_2020):
    text = flat(report_2020.pdf)
    appendix = text[text.index("七、附表"):]
    for quote in figures_2020["quote"]:
        # a quote wrapping inside its table cell is read back interleaved with the cells beside it:
        # its characters in order, with the other cells' lines between its own lines
        assert in_order(re.sub(r"\s+", "", quote), appendix), quote
    for item in ("数据来源", "SHA-256校验值", "f3a59eb90b7f3996d6dec0479bd717c7b20eee476ed619d69d8b21f183086b6e",
                 "2021年3月3日", "不重复相加"):
        assert in_order(item, appendix), item


def test_pdf_has_no_source_code(report_2020):
    text = pdf_text(report_2020.pdf)
    for marker in ("import ", "def ", "In [", "Out[", "charts.show", "calc."):
        assert marker not in text, marker


def test_pdf_embeds_a_cjk_font(report_2020):
    fonts = subprocess.run(["pdffonts", str(report_2020.pdf)], capture_output=True, text=True, check=True).stdout
    embedded = [line for line in fonts.splitlines()[2:] if re.search(r"WenQuanYi|Noto|CJK|Hei|Song", line)]
    assert embedded and all(" yes " in line for line in embedded), fonts


def test_pdf_charts_are_images_in_every_part(report_fixture):
    pages = pdf_pages(report_fixture.pdf)
    flat_pages = [re.sub(r"\s+", "", page) for page in pages]
    starts = {title: next(i for i, page in enumerate(flat_pages, start=1) if title in page)
              for title in ("一、资金支出的变化", "五、资金支出")}
    bounds = sorted(starts.values()) + [len(pages) + 1]
    images = image_pages(report_fixture.pdf)
    for title, start in starts.items():
        end = bounds[bounds.index(start) + 1]
        assert any(start <= page < end for page in images), f"no chart image in {title}"


def test_pdf_states_the_fixture_changes(report_fixture):
    text = flat(report_fixture.pdf)
    assert "2021年工作报告列明的资金支出合计1,938.00万元，2020年为1,870.00万元，增长3.6%" in text
    assert "增长20.0%" in text and "下降25.0%" in text and "下降10.0%" in text
    # figures other than money: 社会工作服务站 new, 地名管理·地理实体命名 gone (money lines: in 表1 and 表2)
    assert "2021年新增的指标（1项）" in text and "2021年不再报告的指标（1项）" in text
    assert "1项达成，1项未达成" in text


def test_html_is_self_contained_and_interactive(report_2020):
    html = (report_2020.out_dir / "overview.html").read_text(encoding="utf-8")
    assert not re.search(r"<script[^>]+src=[\"']https?://", html), "a script loaded from the network"
    assert "cdnjs" not in html and "require.js" not in html and "/mathjax/" not in html.lower()
    assert "Plotly.newPlot" in html  # interactive chart with plotly.js inlined
    assert "import analysis" not in html


def test_executed_notebooks_keep_parameters(report_fixture):
    nb = nbformat.read(report_fixture.out_dir / "comparison.ipynb", as_version=4)
    injected = [c for c in nb.cells if "injected-parameters" in c.metadata.get("tags", [])]
    assert "base_year = 2020" in injected[0].source


def _hashes(folder: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.iterdir()) if p.is_file()}


def test_failing_notebook_is_named_kept_and_old_pdf_untouched(tmp_path, monkeypatch, capsys):
    out = tmp_path / "reports"
    shutil.copytree(FIXTURE, tmp_path / "data")
    build_report(data_dir=tmp_path / "data", out=out)
    before = _hashes(out / "2021")
    broken = tmp_path / "notebooks"
    shutil.copytree(config.NOTEBOOKS_DIR, broken)
    nb = nbformat.read(broken / "trends.ipynb", as_version=4)
    nb.cells.append(nbformat.v4.new_code_cell('raise ValueError("deliberately broken cell")'))
    nbformat.write(nb, broken / "trends.ipynb")
    monkeypatch.setattr(config, "NOTEBOOKS_DIR", broken)
    code = main(["report", "--data-dir", str(tmp_path / "data"), "--out", str(out)])
    err = capsys.readouterr().err
    assert code != 0
    assert "trends.ipynb" in err and "cell" in err and "deliberately broken cell" in err
    assert "Traceback" not in err
    assert (out / "2021" / "trends.failed.ipynb").exists()
    after = _hashes(out / "2021")
    after.pop("trends.failed.ipynb")
    assert after == before  # the earlier good report is intact
    assert not [p for p in (out / "2021").iterdir() if p.name.startswith(".staging")]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        pytest.param(["--year", "1999"], "year 1999: not in", id="unknown-year"),
        pytest.param(["--year", "20x0"], "expected a four-digit year", id="year-not-integer"),
        pytest.param(["--year", "2020", "--base-year", "2021"], "base year 2021: must be before year 2020", id="base-not-before"),
        pytest.param(["--year", "2021", "--base-year", "2021"], "base year 2021: must be before year 2021", id="base-equal"),
        pytest.param(["--program", "不存在的项目"], "unknown program(s) 不存在的项目", id="unknown-program"),
    ],
)
def test_bad_parameters_fail_before_any_kernel(args, message, tmp_path, capsys):
    out = tmp_path / "reports"
    code = main(["report", "--data-dir", str(FIXTURE), "--out", str(out), *args])
    err = capsys.readouterr().err
    assert code != 0
    assert message in err
    assert len(err.strip().splitlines()) == 1 and "Traceback" not in err
    assert not out.exists()  # nothing written, no kernel started


@pytest.mark.parametrize("kind", ["missing", "empty"])
def test_missing_or_empty_data_dir(kind, tmp_path, capsys):
    data = tmp_path / "data"
    if kind == "empty":
        data.mkdir()
    code = main(["report", "--data-dir", str(data), "--out", str(tmp_path / "reports")])
    err = capsys.readouterr().err
    assert code != 0 and "data" in err and len(err.strip().splitlines()) == 1
    assert not (tmp_path / "reports").exists()
