"""The title page of a PDF: what it says (plain data, :class:`TitlePage`) kept apart from how it looks
(``templates/title.html.j2``, rendered by Jinja with autoescaping).

:func:`title_page_data` says what the year's report puts on its first page; ``analysis render`` builds
its own :class:`TitlePage` (title, parameters, date). :func:`title_cell` turns either into the output
cell that opens the combined notebook printed to PDF.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from functools import lru_cache

from analysis import config
from analysis.params import Params
from analysis.report.html import DEMO_MARK

TEMPLATE = "title.html.j2"


@dataclass(frozen=True)
class Card:
    """One headline figure: what it is, the number with its unit, an optional change and note."""

    label: str
    value: str
    note: str = ""
    change: str = ""  # e.g. "比上年增长3.2%"


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
    """A date as the title page prints it: 2026年11月29日."""
    return f"{day:%Y年%m月%d日}"


def _headlines(params: Params) -> list[Card]:
    """The report's headline cards, from the figures of the report year only."""
    from analysis import calc
    from analysis.load import load_figures
    from analysis.present import fmt_num, fmt_wan

    figures = load_figures([params.year], data_dir=params.data_dir)
    year = params.year
    by_program = calc.spending_by_program(figures, year)
    people = calc.people_served(figures, year, n=1)
    balance = calc.donation_balance(figures, year)
    cards = []
    if not by_program.empty:
        top = by_program.iloc[0]
        cards.append(Card("各项目支出合计", f"{fmt_wan(by_program['spend_yuan'].sum())}万元",
                          f"{len(by_program)}个项目,“其中”部分不重复计算"))
        cards.append(Card(f"最大支出项目:{top['program']}", f"{fmt_wan(top['spend_yuan'])}万元",
                          f"占支出合计的{top['share_pct']:.1f}%"))
    if not people.empty:
        row = people.iloc[0]
        cards.append(Card(f"服务人数最多:{row['program']}", f"{fmt_num(row['value_base'])}{row['unit_base']}",
                          row["indicator"]))
    if not balance.empty:
        row = balance.iloc[0]
        cards.append(Card(f"{row['program']}结余", f"{fmt_wan(row['remaining_yuan'])}万元",
                          f"收到{fmt_wan(row['received_yuan'])}万元,已支出{row['spent_share_pct']:.1f}%"))
    return cards


def title_page_data(params: Params, generated: dt.date) -> TitlePage:
    """What the year's report says on its first page: bureau, year, base year, date, headline cards, source."""
    from analysis.load import load_dataset

    dataset = load_dataset(params.data_dir)
    year = params.year
    source = dataset.source_for(year)
    title = source.title if source else ""
    published = source.published if source else ""
    return TitlePage(
        title_lines=[dataset.bureau, f"{year}年民政工作数据报告"],
        region="" if dataset.bureau.startswith(dataset.region) else dataset.region,
        mark=DEMO_MARK if dataset.get("synthetic") else "",
        meta=[("报告年度", f"{year}年"),
              ("比较基准年", f"{params.base_year}年" if params.base_year else "无(数据中没有更早的年份)"),
              ("生成日期", date_text(generated))],
        cards=_headlines(params),
        source_note=f"数据来源:{title}{f'({published}发布)' if published else ''}。"
                    "金额单位除注明外为万元;收入、彩票销售额和减免不计入支出。",
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
