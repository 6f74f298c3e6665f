"""How good an extraction is: precision and recall against expected rows, and which candidate is
which curated figure."""

from __future__ import annotations

import math

import pandas as pd

__all__ = ["FORM_KEYS", "accuracy", "locate_figures"]

FORM_KEYS = ("surface", "value_base", "unit_base", "kind", "approx", "direction")


def accuracy(candidates: pd.DataFrame, expected: pd.DataFrame,
             keys: tuple[str, ...] = FORM_KEYS) -> dict:
    """Precision and recall of ``candidates`` against ``expected`` rows (compared on ``keys``).

    Returns tp, fp, fn, precision, recall and the rows missed (``missing``) and found in excess
    (``extra``) as tuples. Values are compared as floats rounded to 6 decimals.
    """
    def rows(frame: pd.DataFrame) -> list[tuple]:
        out = []
        for record in frame[list(keys)].itertuples(index=False):
            out.append(tuple(round(float(v), 6) if k == "value_base" else ("" if v != v else str(v))
                             for k, v in zip(keys, record)))
        return out

    found, wanted = rows(candidates), rows(expected)
    remaining = list(found)
    missing = []
    for row in wanted:
        if row in remaining:
            remaining.remove(row)
        else:
            missing.append(row)
    tp = len(wanted) - len(missing)
    return {
        "tp": tp, "fp": len(remaining), "fn": len(missing),
        "precision": tp / len(found) if found else 1.0,
        "recall": tp / len(wanted) if wanted else 1.0,
        "missing": missing, "extra": remaining,
    }


def locate_figures(candidates: pd.DataFrame, figures: pd.DataFrame, text: str) -> pd.Series:
    """For each curated figure (columns id, quote, value_base, unit_base), the index of the candidate
    that is it (inside an occurrence of its quote, same value_base and unit_base), or -1."""
    found = {}
    for row in figures.itertuples(index=False):
        hit = -1
        position = text.find(row.quote)
        while position >= 0 and hit < 0:
            inside = candidates[(candidates["start"] >= position)
                                & (candidates["end"] <= position + len(row.quote))
                                & (candidates["unit_base"] == row.unit_base)]
            for index, value in inside["value_base"].items():
                if math.isclose(value, float(row.value_base), rel_tol=1e-9, abs_tol=1e-9):
                    hit = int(index)
                    break
            position = text.find(row.quote, position + 1)
        found[row.id] = hit
    return pd.Series(found, name="candidate", dtype=int)
