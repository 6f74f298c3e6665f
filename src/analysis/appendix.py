"""The report's 附表: every figure of the year with its verbatim quote, the provenance of the source,
and the method notes (how totals, per-recipient amounts and comparisons are made)."""

from __future__ import annotations

import pandas as pd

from analysis.compare import MIN_BASE_FOR_RATE, reason
from analysis.present import cn_date
from analysis.units import format_value
from analysis.vocab import COMPARABILITY_BY_CODE, FLOW_WORDS

QUOTE_COLUMNS = {
    "program": ("项目", None),
    "indicator": ("指标", None),
    "stated": ("报告所载数值", None),
    "nature": ("性质与来源", None),
    "caveat": ("比较说明", None),
    "quote": ("报告原文", None),
}

PROVENANCE_COLUMNS = {"item": ("项目", None), "content": ("内容", None)}


def _nature(row) -> str:
    if row["kind"] != "money":
        return ""
    word = FLOW_WORDS.get(row["flow"], "")
    if row["flow"] == "spend" and row["parent"]:
        word = "支出（其中部分）"
    return word + (f"，{row['funding']}" if row.get("funding") else "")


def figures_with_quotes(figures: pd.DataFrame, year: int) -> pd.DataFrame:
    """Every figure of ``year`` in report order: the number as the report printed it, what kind of
    money it is (and its funding source), why it has no change rate, and the verbatim quote."""
    frame = figures[figures["year"] == year]
    return pd.DataFrame({
        "program": frame["program"],
        "indicator": frame["indicator"],
        "stated": [format_value(v, u) for v, u in zip(frame["value"], frame["unit"])],
        "nature": [_nature(r) for _, r in frame.iterrows()],
        "caveat": [reason(c) for c in (frame["comparability"] if "comparability" in frame.columns else [""] * len(frame))],
        "quote": frame["quote"],
    }).reset_index(drop=True)


def provenance(dataset, year: int) -> pd.DataFrame:
    """Where the year's figures come from: title, publisher, address, dates, checksum of the file."""
    source = dataset.source_for(year)
    if source is None:
        return pd.DataFrame(columns=["item", "content"])
    rows = [
        ("报告标题", f"《{source.title}》" if source.title else ""),
        ("发布单位", source.publisher),
        ("网址", source.url or "（未注明）"),
        ("发布日期", cn_date(source.published)),
        ("获取日期", cn_date(source.accessed)),
        ("原文文件", source.file),
        ("SHA-256校验值", source.sha256),
    ]
    return pd.DataFrame([(k, v) for k, v in rows if v], columns=["item", "content"])


def method_notes(figures: pd.DataFrame, year: int, compared: bool = True) -> list[str]:
    """How the report computes what it shows, in a few sentences (Chinese); the comparison's rules
    only when the report compares two years (``compared``)."""
    notes = [
        "资金支出合计只加总工作报告列明的支出项目；“其中”部分已含在所属项目内，不重复相加；"
        "收到的捐款（收入）、彩票销售额和费用减免不是支出，不计入合计。该合计不是民政局全年预算或决算总额。",
        "人均（每宗）金额只按数据中标明的“领取人数—对应金额”配对计算，不按项目名称猜测配对。",
    ]
    if not compared:
        return notes
    return notes + [
        "年度比较按指标编号匹配两年数值，金额统一换算为元后比较（万元与亿元可比）。"
        f"金额按变动金额排序；其他指标的增减幅度只在上年基数不少于{MIN_BASE_FOR_RATE}时参与“变化最大”排序。",
        "以下指标只并列两年数值、不计算增减幅度：" + "；".join(
            f"{c.reason}" for c in COMPARABILITY_BY_CODE.values()) + "。",
    ]
