"""What extraction hands to a person: the candidates as CSV and a draft of the year's figures file
(the columns of data/figures/YYYY.csv) to review, written without ever replacing a file unasked."""

from __future__ import annotations

import io
from decimal import Decimal
from pathlib import Path

import pandas as pd

from analysis.atomic import write_text
from analysis.extract.candidates import CANDIDATE_COLUMNS
from analysis.fields import FIGURE_FIELDS, column_names
from analysis.vocab import section

__all__ = ["draft_figures", "candidates_csv", "frame_csv", "write_draft", "summary_sentence", "plain_number"]


def plain_number(value: float) -> str:
    """``1175.55`` -> ``"1175.55"``; ``22000.0`` -> ``"22000"`` (the figures files' number format)."""
    if value is None or value != value:
        return ""
    if float(value).is_integer():
        return str(int(value))
    return format(Decimal(repr(float(value))).normalize(), "f")


def _last_year(c) -> str:
    """Last year's value in the candidate's own unit: 98670100 元 against 0.20万元 -> 9867.01万元."""
    magnitude = round(c.value_base / c.value) if c.value else 1
    value = Decimal(repr(float(c.prev_value))) / Decimal(magnitude or 1)
    return f"{plain_number(float(value))}{c.unit}"


def draft_figures(candidates: pd.DataFrame, year: int) -> pd.DataFrame:
    """A draft figures table (the columns of data/figures/YYYY.csv) from the candidates to review.

    Candidates of a plan part (工作计划) are left out: they are targets for next year's plans file.
    Ids are the suggested ones, else ``<section slug>.new_NNN``; program and indicator stay empty
    where nothing plausible was suggested, so that validation points at what still needs a human.
    An implausible suggestion (see :mod:`analysis.extract.suggest`) is not taken: its row is
    unmatched, with the reason in ``note``.
    """
    columns = column_names(FIGURE_FIELDS)
    rows, used = [], set()
    current = candidates[~candidates["plan"].astype(bool)] if len(candidates) else candidates
    if "implausible" not in current.columns:
        current = current.assign(implausible="", prev_value=float("nan"))
    plausible = current[current["implausible"] == ""] if len(current) else current
    drafted = set(plausible["suggested_id"]) - {""} if len(current) else set()
    for n, c in enumerate(current.itertuples(index=False), start=1):
        label = c.section_label or "综合"
        matched = bool(c.suggested_id) and not c.implausible
        row_id = c.suggested_id if matched else ""
        if not row_id or row_id in used:
            row_id = f"{section(label).slug}.new_{n:03d}"
        used.add(row_id)
        notes = ["draft: review"]
        if c.approx:
            notes.append(f"approximate ({c.approx})")
        if c.implausible:
            notes.append(f"not matched to {c.suggested_id} ({_last_year(c)} last year): {c.implausible}")
        elif c.match_reason:
            notes.append(c.match_reason)
        rows.append({
            "id": row_id, "year": str(year), "section": label,
            "program": c.program if matched else "", "indicator": c.indicator if matched else "",
            "value": plain_number(c.value), "unit": c.unit,
            "flow": c.flow if c.kind == "money" else "",
            "parent": c.parent if matched and c.parent in drafted else "",
            "quote": c.fragment or c.quote, "note": "; ".join(notes),
            "counts_for": c.counts_for if matched and c.counts_for in drafted else "",
        })
    frame = pd.DataFrame(rows, columns=columns) if rows else pd.DataFrame(columns=columns)
    return frame.fillna("").astype(str)


def frame_csv(frame: pd.DataFrame) -> str:
    """A frame as CSV text (UTF-8, LF; numbers without separators or trailing zeros)."""
    out = frame.copy()
    for column in ("value", "value_base", "prev_value"):
        if column in out.columns:
            out[column] = [plain_number(v) for v in out[column]]
    if "ratio" in out.columns:
        out["ratio"] = ["" if v != v else f"{v:.6g}" for v in out["ratio"]]
    buffer = io.StringIO()
    out.to_csv(buffer, index=False, lineterminator="\n")
    return buffer.getvalue()


def candidates_csv(candidates: pd.DataFrame) -> str:
    """The candidates as CSV text (UTF-8, LF; numbers without separators or trailing zeros)."""
    return frame_csv(candidates[CANDIDATE_COLUMNS])


def write_draft(draft: pd.DataFrame, path: Path | str, *, force: bool = False) -> Path:
    """Writes a draft figures CSV atomically; refuses (changing nothing) if it exists, unless ``force``."""
    path = Path(path)
    write_text(path, frame_csv(draft), force=force)
    return path


def summary_sentence(candidates: pd.DataFrame, misses: pd.DataFrame, year: int) -> str:
    """One sentence in Chinese on what the extraction found, generated from the tables."""
    total = len(candidates)
    plan = int(candidates["plan"].sum()) if total else 0
    matched = int((candidates["suggested_id"] != "").sum()) if total else 0
    doubtful = int((candidates["implausible"] != "").sum()) if total and "implausible" in candidates else 0
    text = f"报告中共找到{total}个候选数字(其中{plan}个位于工作计划部分)"
    if matched or len(misses):
        text += f",{matched}个与{year - 1}年的指标对应,{len(misses)}个{year - 1}年指标未找到对应数字"
    if doubtful:
        text += f";{doubtful}个对应与上年数值相差过大,草稿中不采用,需人工核对"
    return text + "。"
