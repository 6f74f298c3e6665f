"""`analysis render`: any notebook through the report's one pipeline, and the title page template.

The notebooks rendered here are written by the tests themselves (synthetic: made-up numbers).
"""

from __future__ import annotations

import datetime as dt

from analysis.report.title import Card, TitlePage, render_title, title_page_data


def test_title_template_escapes_and_shows_every_part():
    page = TitlePage(title_lines=["某局", "<script>专题</script>"], region="某区", mark="示例",
                     meta=[("生成日期", "2026年11月29日")], cards=[Card("支出", "1.00万元", "注", "比上年增长3.2%")],
                     summary=["第一句。", "第二句。"], source_note="数据来源:某报告。")
    html = render_title(page)
    assert "<script>" not in html and "&lt;script&gt;专题" in html
    for text in ("某区", "示例", "生成日期:2026年11月29日", "1.00万元", "比上年增长3.2%", "主要情况",
                 "<li>第一句。</li>", "数据来源:某报告。"):
        assert text in html, text
    assert "<p>第二句。</p>" in render_title(TitlePage(["x"], summary=["第二句。"], summary_numbered=False))
    assert "主要情况" not in render_title(TitlePage(["x"]))


def test_report_title_page_data_is_plain_data():
    from analysis.params import resolve

    page = title_page_data(resolve(year=2020), dt.date(2026, 11, 29))
    assert page.title_lines == ["江门市新会区民政局", "2020年民政工作数据报告"]
    assert ("报告年度", "2020年") in page.meta and page.cards[0].value == "14,509.69万元"
