"""`analysis render`: any notebook through the report's one pipeline, and the title page template.

The notebook rendered here is written by the test itself; its numbers are synthetic (made up for the
test). One render is shared by the module; each failure runs against a copy of its good output.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import re
import shutil
import subprocess
from pathlib import Path

import nbformat
import pytest

from analysis.cli import main
from analysis.errors import ParameterError
from analysis.report import nbparams
from analysis.brief import Card
from analysis.report.title import TitlePage, render_title

# --------------------------------------------------------------------------------------------------
# Title page template (no kernel, no Chromium)
# --------------------------------------------------------------------------------------------------


def test_title_template_escapes_and_shows_every_part():
    page = TitlePage(title_lines=["某局", "<script>专题</script>"], region="某区", mark="示例",
                     meta=[("生成日期", "2026年11月29日")], cards=[Card("支出", "1.00万元", "注", "比上年增长3.2%")],
                     summary=["第一句。", "第二句。"], source_note="数据来源:某报告。")
    html = render_title(page)
    assert "<script>" not in html and "&lt;script&gt;专题" in html
    for text in ("某区", "示例", "生成日期", "2026年11月29日", "1.00万元", "比上年增长3.2%", "主要情况",
                 "<li>第一句。</li>", "数据来源:某报告。"):
        assert text in html, text
    assert "<p>第二句。</p>" in render_title(TitlePage(["x"], summary=["第二句。"], summary_numbered=False))
    assert "主要情况" not in render_title(TitlePage(["x"]))


# --------------------------------------------------------------------------------------------------
# Parameters checked against the parameters cell (no kernel)
# --------------------------------------------------------------------------------------------------

PARAMETERS = '''year: int = 2020  # 年度
programs = ["高龄津贴", "居家养老"]
ratio = 0.5
label = "专题"
fail = False
pause = 0.0
items: list[str] = []
limit: int | None = None
'''


def write_notebook(path: Path) -> Path:
    """A notebook as an analyst writes one: a parameters cell, a pandas table, Chinese text, a plotly
    chart, a file read by a relative path; ``fail`` makes a cell raise, ``pause`` makes one sleep."""
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    parameters = nbformat.v4.new_code_cell(PARAMETERS)
    parameters.metadata["tags"] = ["parameters"]
    nb.cells = [
        nbformat.v4.new_markdown_cell("# 养老服务专题(合成测试数据)\n\n本专题的数字是为测试编造的。"),
        parameters,
        nbformat.v4.new_code_cell(
            "import time\nfrom pathlib import Path\nimport pandas as pd\nimport plotly.graph_objects as go\n"
            "import analysis as an\nfrom IPython.display import Markdown, display\n"
            'frame = pd.DataFrame({"项目": programs, "支出(万元)": [1234.56 + (year - 2020) * 100, 987.65][:len(programs)]})'),
        nbformat.v4.new_code_cell('an.present.table(frame, title="各项目支出")'),
        nbformat.v4.new_code_cell(
            "note = Path('inputs/note.txt').read_text(encoding='utf-8').strip()\n"
            'display(Markdown(f"{year}年共{len(programs)}个项目,{note}。"))'),
        nbformat.v4.new_code_cell('an.charts.show(go.Figure(go.Bar(x=frame["项目"], y=frame["支出(万元)"])))'),
        nbformat.v4.new_code_cell('if fail:\n    raise ValueError("故意失败")\ntime.sleep(pause)'),
    ]
    path.parent.mkdir(parents=True, exist_ok=True)
    (path.parent / "inputs").mkdir(exist_ok=True)
    (path.parent / "inputs" / "note.txt").write_text("相对路径读取成功\n", encoding="utf-8")
    nbformat.write(nb, path)
    return path


@pytest.fixture(scope="module")
def notebook(tmp_path_factory) -> Path:
    return write_notebook(tmp_path_factory.mktemp("study") / "study.ipynb")


def test_parameter_types_from_annotations_and_defaults(notebook):
    found = nbparams.declared(nbformat.read(notebook, as_version=4))
    assert {n: d.type_name for n, d in found.items()} == {
        "year": "int", "programs": "list", "ratio": "float", "label": "str", "fail": "bool", "pause": "float",
        "items": "list[str]", "limit": "int or None"}


def test_cli_values_read_like_papermill_and_by_expected_type(notebook):
    nb = nbformat.read(notebook, as_version=4)
    given = {"year": "2021", "programs": '["高龄津贴"]', "ratio": "2", "label": "2020", "fail": "True",
             "items": "[a, b]", "limit": "None"}
    assert nbparams.check(notebook, nb, given, from_text=True) == {
        "year": 2021, "programs": ["高龄津贴"], "ratio": 2, "label": "2020", "fail": True, "items": ["a", "b"],
        "limit": None}


@pytest.mark.parametrize("given, message", [
    ({"yaer": "2021"}, "parameter yaer: not a parameter of notebook"),
    ({"year": "二〇二一"}, "parameter year: expected int, found '二〇二一'"),
    ({"year": "2021.5"}, "parameter year: expected int"),
    ({"programs": "高龄津贴"}, "parameter programs: expected list"),
    ({"items": "[1, 2]"}, "parameter items: expected list[str]"),
    ({"fail": "1"}, "parameter fail: expected bool"),
])
def test_bad_cli_values_are_refused_naming_parameter_type_and_notebook(notebook, given, message):
    with pytest.raises(ParameterError) as info:
        nbparams.check(notebook, nbformat.read(notebook, as_version=4), given, from_text=True)
    assert message in str(info.value) and "study.ipynb" in str(info.value) and "\n" not in str(info.value)


def test_python_values_are_checked_too(notebook):
    import analysis

    with pytest.raises(ParameterError, match="parameter year: expected int, found '2021'"):
        analysis.render(notebook, {"year": "2021"})
    with pytest.raises(ParameterError, match="parameter fail: expected bool, found 1"):
        analysis.render(notebook, {"fail": 1})


# --------------------------------------------------------------------------------------------------
# One real render (papermill, HTML, Chromium), shared by the module
# --------------------------------------------------------------------------------------------------


def pdf_text(pdf: Path) -> str:
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    return re.sub(r"\s+", "", text)  # Chinese lines wrap anywhere


@pytest.fixture(scope="module")
def rendered(notebook, tmp_path_factory):
    out = tmp_path_factory.mktemp("render") / "out"
    cwd = os.getcwd()
    code = main(["render", str(notebook), "-p", "year", "2021", "-p", "programs", '["高龄津贴", "居家养老"]',
                 "--out", str(out), "--title", "养老服务专题报告"])
    assert code == 0
    assert os.getcwd() == cwd  # the kernel started in the notebook's folder; this process never moved
    return out


@pytest.mark.integration
def test_render_writes_notebook_html_pdf_and_workbook(rendered):
    assert sorted(p.name for p in rendered.iterdir()) == ["study.html", "study.ipynb", "study.pdf", "study.xlsx"]
    nb = nbformat.read(rendered / "study.ipynb", as_version=4)
    injected = next(c for c in nb.cells if "injected-parameters" in c.metadata.get("tags", []))
    assert "year = 2021" in injected.source


@pytest.mark.integration
def test_pdf_holds_printed_numbers_chinese_text_and_title_page(rendered):
    pdf = rendered / "study.pdf"
    first = subprocess.run(["pdftotext", "-l", "1", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    first = re.sub(r"\s+", "", first)
    for text in ("养老服务专题报告", "year", "2021", "高龄津贴、居家养老", "生成日期", f"{dt.date.today().year}年", "第1页/共"):
        assert text in first, text
    text = pdf_text(pdf)
    for text_shown in ("1,334.56", "987.65", "各项目支出", "本专题的数字是为测试编造的",
                       "2021年共2个项目,相对路径读取成功"):  # the relative path resolved in the notebook's folder
        assert text_shown in text, text_shown


@pytest.mark.integration
def test_pdf_has_no_code_and_no_prompts(rendered):
    text = pdf_text(rendered / "study.pdf")
    for marker in ("import", "an.present", "go.Figure", "In[", "Out[", "time.sleep", "programs=["):
        assert marker not in text, marker


@pytest.mark.integration
def test_pdf_uses_an_embedded_cjk_font_and_has_the_chart_as_image(rendered):
    from pypdf import PdfReader

    reader = PdfReader(rendered / "study.pdf")
    fonts = set()
    for page in reader.pages:
        for font in page["/Resources"].get("/Font", {}).values():
            font = font.get_object()
            if "/BaseFont" in font:
                fonts.add(str(font["/BaseFont"]))
    assert any(re.search(r"WenQuanYi|Noto.*CJK|SourceHanSans", name) for name in fonts), fonts
    images = [len(page.images) for page in reader.pages]
    assert images[0] == 0 and sum(images) == 1, images  # the one chart, as a static image after the title page


@pytest.mark.integration
def test_html_is_offline_and_interactive(rendered):
    html = (rendered / "study.html").read_text(encoding="utf-8")
    assert not re.search(r"<script[^>]+src=[\"']https?://", html)
    assert "Plotly.newPlot" in html and "import analysis" not in html and "相对路径读取成功" in html


@pytest.mark.integration
def test_workbook_holds_the_shown_table(rendered):
    from openpyxl import load_workbook

    wb = load_workbook(rendered / "study.xlsx")
    values = [cell for ws in wb.worksheets for row in ws.iter_rows(values_only=True) for cell in row]
    assert 1334.56 in values and "高龄津贴" in values


# --------------------------------------------------------------------------------------------------
# Bad input: one line, non-zero exit, the earlier good output untouched
# --------------------------------------------------------------------------------------------------


def _state(folder: Path) -> dict[str, tuple[int, int, str]]:
    return {p.name: (p.stat().st_size, p.stat().st_mtime_ns, hashlib.sha256(p.read_bytes()).hexdigest())
            for p in sorted(folder.iterdir()) if p.is_file()}


@pytest.mark.integration
@pytest.mark.parametrize("args, code, message, kept", [
    (["-p", "yaer", "2021"], 2, "parameter yaer: not a parameter of notebook", False),
    (["-p", "year", "二〇二一"], 2, "parameter year: expected int, found '二〇二一'", False),
    (["-p", "fail", "True"], 1, "failed in cell In [7] (if fail:): ValueError: 故意失败", True),
    (["-p", "pause", "60", "--timeout", "2"], 1, "failed in cell In [7] (if fail:): still running after the time limit of 2 s", True),
])
def test_bad_input_one_line_and_earlier_output_untouched(rendered, notebook, tmp_path, capsys, args, code, message, kept):
    out = tmp_path / "out"
    shutil.copytree(rendered, out)
    before = _state(out)
    capsys.readouterr()
    assert main(["render", str(notebook), *args, "--out", str(out)]) == code
    err = capsys.readouterr().err
    errors = [line for line in err.splitlines() if line.startswith("error:")]
    assert len(errors) == 1 and message in errors[0] and "study.ipynb" in errors[0], err
    assert "Traceback" not in err
    after = _state(out)
    assert {name: after[name] for name in before} == before  # every earlier output byte for byte
    assert set(after) - set(before) == ({"study.failed.ipynb"} if kept else set())
    assert not list(out.glob(".staging-*"))
    if kept:
        assert "partial notebook kept at" in errors[0]
        failed = nbformat.read(out / "study.failed.ipynb", as_version=4)
        assert any(o.get("output_type") == "error" for c in failed.cells for o in c.get("outputs", [])) or "pause" in args


def test_synthetic_dataset_parameter_marks_the_render():
    from analysis.config import PROJECT_DIR
    from analysis.report.html import DEMO_MARK
    from analysis.report.render import _mark

    assert _mark({"data_dir": "examples/demo"}, PROJECT_DIR) == DEMO_MARK  # relative to the notebook's folder
    assert _mark({"data_dir": str(PROJECT_DIR / "data")}, PROJECT_DIR / "notebooks") == ""
    assert _mark({"data_dir": "nowhere"}, PROJECT_DIR) == "" and _mark({"year": 2020}, PROJECT_DIR) == ""


def test_title_page_values_and_default_title(notebook):
    from analysis.report.render import default_out, notebook_title, value_text

    assert [value_text(v) for v in (["高龄津贴", "居家养老"], "", 2021, {"a": 1}, [1, 2])] == [
        "高龄津贴、居家养老", "(空)", "2021", '{"a": 1}', "[1, 2]"]
    assert notebook_title(nbformat.read(notebook, as_version=4), notebook) == "养老服务专题(合成测试数据)"
    assert default_out(notebook).parts[-2:] == ("render", "study")
