"""The title page of a PDF: what it says (plain data, :class:`TitlePage`) kept apart from how it looks
(``templates/title.html.j2``, rendered by Jinja with autoescaping).

:func:`title_page_data` says what the year's report puts on its first page; ``analysis render`` builds
its own :class:`TitlePage` (title, parameters, date). :func:`title_cell` turns either into the output
cell that opens the combined notebook printed to PDF.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import TYPE_CHECKING
from functools import lru_cache

from analysis import config
from analysis.params import Params
from analysis.report.html import DEMO_MARK

if TYPE_CHECKING:  # the cards are analysis.brief's (imported only when a report is built: it needs pandas)
    from analysis.brief import Card

TEMPLATE = "title.html.j2"


@dataclass(frozen=True)
class TitlePage:
    """Everything a title page shows, as plain text; the template decides the look."""

    title_lines: list[str]
    region: str = ""
    mark: str = ""  # the synthetic-data banner, or ""
    meta: list[tuple[str, str]] = field(default_factory=list)  # (label, value), one line each
    cards: list[Card] = field(default_factory=list)
    summary: list[str] = field(default_factory=list)  # sentences under 主要情况
    summary_numbered: bool = True
    source_note: str = ""


def date_text(day: dt.date) -> str:
    """A date as the title page prints it: 2026年11月29日 (Chinese documents drop leading zeros)."""
    from analysis.present import cn_date

    return cn_date(day)


def title_page_data(params: Params, generated: dt.date) -> TitlePage:
    """Page one of the year's report, a brief: title, 主要情况 (the year's message in sentences, compared
    with the base year when there is one), headline cards with 比上年, what the total is, the source.
    Reads the figures up to the report year only."""
    from analysis.brief import brief
    from analysis.load import load_dataset, load_figures, load_plans
    from analysis.present import cn_date, typeset

    dataset = load_dataset(params.data_dir)
    year = params.year
    figures = load_figures(params.report_years, data_dir=params.data_dir)
    plans = load_plans(year, data_dir=params.data_dir) if params.base_year else None  # announced a year earlier
    page_one = brief(figures, year, params.base_year, plans)
    source = dataset.source_for(year)
    title = f"《{source.title}》" if source and source.title else "工作报告"
    published = f"（{cn_date(source.published)}发布）" if source and source.published else ""
    meta = [("报告年度", f"{year}年")]
    if params.base_year:
        meta.append(("比较基准年", f"{params.base_year}年"))
    meta.append(("生成日期", date_text(generated)))
    return TitlePage(
        title_lines=[typeset(dataset.bureau), f"{year}年民政工作数据报告"],
        region="" if dataset.bureau.startswith(dataset.region) else typeset(dataset.region),
        mark=DEMO_MARK if dataset.get("synthetic") else "",
        meta=meta,
        cards=page_one.cards,
        summary=page_one.summary,
        source_note=typeset(f"数据来源：{dataset.bureau}{title}{published}。金额单位除注明外为万元。") + page_one.total_note,
    )


@lru_cache(maxsize=1)
def _environment():
    import jinja2

    return jinja2.Environment(loader=jinja2.FileSystemLoader(str(config.TEMPLATES_DIR)), autoescape=True,
                              undefined=jinja2.StrictUndefined, keep_trailing_newline=False)


def render_title(page: TitlePage) -> str:
    """The title page as HTML (``templates/title.html.j2``); every text is escaped."""
    return _environment().get_template(TEMPLATE).render(page=page)


def page_cell(page: TitlePage):
    """The title page as the one output cell that opens the combined notebook."""
    import nbformat

    cell = nbformat.v4.new_code_cell("")
    cell.outputs = [nbformat.v4.new_output("display_data", data={"text/html": render_title(page), "text/plain": "title"})]
    return cell
