"""Suggestions from last year's figures: which previous id, program, indicator and flow a candidate
most likely is, with last year's value and a flag when the two cannot plausibly be the same measure.

A previous figure is a candidate's suggestion when its program, indicator and quote words occur
around the candidate (closest words weigh most), its unit is compatible and it is not the better
match of another candidate: each previous id is suggested at most once, plausible pairs first.

A suggestion is implausible when this year's value is outside ``PLAUSIBLE_RATIO`` times last
year's (×0.2 to ×5) or the kind differs (money against a rate): it stays visible in the candidates
table with the reason in ``implausible``, and the draft leaves the row unmatched.
"""

from __future__ import annotations

import math
import operator
import re
from collections import defaultdict
from decimal import Decimal

import pandas as pd

from analysis.extract.structure import Structure

__all__ = ["PLAUSIBLE_RATIO", "suggest", "unmatched_previous", "implausibility", "MISS_COLUMNS", "format_ratio"]

MISS_COLUMNS = ["id", "section", "program", "indicator", "value", "unit", "quote"]
PLAUSIBLE_RATIO = (0.2, 5.0)  # this year's value / last year's, for the same measure of the same program

_CJK_RUN = re.compile(r"[\u4e00-\u9fff]+")
_UNIT_GROUPS = ({"人", "名", "位"}, {"家", "个", "所", "间", "座", "处"}, {"宗", "件", "例", "单"},
                {"场次", "场", "期", "次"}, {"人次", "户次"})
_MIN_SCORE = 3.0  # correct suggestions score 5 and more on the test texts; chance matches 1.5-3


def format_ratio(ratio: float) -> str:
    """A ratio with two significant digits, in plain notation: 2.03e-05 -> "0.00002", 7.25 -> "7.2";
    "—" for none."""
    if ratio is None or ratio != ratio or math.isinf(ratio):
        return "—"
    text = format(Decimal(f"{ratio:.1g}" if ratio < 0.01 else f"{ratio:.2g}"), "f")
    return text.rstrip("0").rstrip(".") if "." in text else text


def implausibility(value: float, kind: str, prev_value: float, prev_kind: str) -> str:
    """Why ``value`` (base units) cannot be the same measure as last year's ``prev_value``; "" if it can."""
    if kind != prev_kind:
        return f"kind {kind} differs from {prev_kind} last year"
    low, high = PLAUSIBLE_RATIO
    if prev_value and prev_value > 0 and value == value:
        ratio = value / prev_value
        if not low <= ratio <= high:
            return f"ratio {format_ratio(ratio)} outside {low:g}–{high:g}"
    return ""


def _bigrams(text: str) -> set[str]:
    grams = set()
    for run in _CJK_RUN.findall(text):
        grams.update(run[i:i + 2] for i in range(len(run) - 1))
    return grams


def _unit_factor(a: str, b: str) -> float:
    if a == b:
        return 1.0
    if "/" in a or "/" in b or a in ("元", "%") or b in ("元", "%"):
        return 0.0
    return 0.8 if any(a in grp and b in grp for grp in _UNIT_GROUPS) else 0.0


def _common_words(source: str, target: str) -> list[str]:
    """Maximal runs (two characters or more) of ``source`` that occur in ``target``."""
    words = []
    for run in _CJK_RUN.findall(source):
        i = 0
        while i < len(run) - 1:
            j = i + 2
            if run[i:j] not in target:
                i += 1
                continue
            while j < len(run) and run[i:j + 1] in target:
                j += 1
            words.append(run[i:j])
            i = j
    words = list(dict.fromkeys(words))
    return [w for w in words if not any(w != o and w in o for o in words)]


def _previous_frame(previous: pd.DataFrame, extra: tuple[str, ...]) -> pd.DataFrame:
    if "unit_base" not in previous.columns or "kind" not in previous.columns:
        from analysis.load import add_base_values

        previous = add_base_values(previous, extra)
    return previous.reset_index(drop=True)


def _index(previous: pd.DataFrame):
    """Weighted bigrams of each previous figure (program counts double), an inverted index and norms."""
    n_rows = len(previous)
    df: dict[str, int] = defaultdict(int)
    raw_terms, named = [], []
    for r in previous.itertuples(index=False):
        named.append(_bigrams(f"{r.program} {r.indicator}"))
        terms: dict[str, float] = {}
        for source, weight in ((r.quote, 1.0), (r.indicator, 1.0), (r.program, 2.0)):
            for gram in _bigrams(str(source)):
                terms[gram] = max(terms.get(gram, 0.0), weight)
        raw_terms.append(terms)
        for gram in terms:
            df[gram] += 1
    index: dict[str, list[tuple[int, float]]] = defaultdict(list)
    norms = []
    for i, terms in enumerate(raw_terms):
        weighted = {gram: w * math.log(1 + n_rows / df[gram]) for gram, w in terms.items()}
        norms.append(math.sqrt(sum(weighted.values())) or 1.0)
        for gram, w in weighted.items():
            index[gram].append((i, w))
    return index, norms, named


def _text(value) -> str:
    return value if isinstance(value, str) else ""


def suggest(candidates: pd.DataFrame, previous: pd.DataFrame, text: str,
            structure: Structure | None = None, extra_units: tuple[str, ...] = ()) -> pd.DataFrame:
    """Candidates with suggested_id, program, indicator, flow, match_reason, prev_value, ratio and
    implausible filled from ``previous`` (the figures of the year before)."""
    previous = _previous_frame(previous, tuple(extra_units))
    candidates = candidates.copy()
    index, norms, named = _index(previous)
    kinds = list(previous["kind"])
    unit_bases = list(previous["unit_base"])
    sections = list(previous["section"])
    value_bases = [float(v) for v in previous["value_base"]]
    flows = [_text(f) for f in previous["flow"]]
    ceilings = [1.2 * 1.3 / norm for norm in norms]  # the most a raw score can become (see below)
    structure = structure or Structure(text, 0)
    cache: dict[tuple[int, int], set[str]] = {}
    known = set(index)

    def context_grams(chunk: str) -> set[str]:
        """The bigrams of ``chunk`` that occur in last year's figures (others cannot score)."""
        return set(map(operator.add, chunk, chunk[1:])) & known

    def grams(left: int, right: int) -> set[str]:
        key = (left, right)
        if key not in cache:
            cache[key] = context_grams(text[left:right])
        return cache[key]

    section_grams: dict[str, set[str]] = {}
    sentence_scores: dict[tuple, tuple[dict[str, float], dict[int, float]]] = {}
    unit_factors: dict[tuple[str, str], float] = {}
    columns = ("start", "end", "section", "kind", "unit_base", "section_label", "flow", "value_base", "plan")
    pairs = []
    for ci, s, e, section, kind, unit_base, label, flow, value, plan in zip(
            candidates.index, *(candidates[c].tolist() for c in columns)):
        q_left, q_right = structure.sentence(s, e)
        c_left, c_right = structure.clause(s, e)
        p_left = structure.sentence(q_left - 2, q_left - 2)[0] if q_left > 1 else q_left
        if section not in section_grams:
            section_grams[section] = context_grams(section)
        sentence_grams = grams(q_left, q_right)
        near_grams = context_grams(text[max(c_left, s - 10):min(c_right, e + 10)])
        # Each word counts once, at the closest level it occurs in (ascending weights): the sentence
        # before 0.3, the section heading 0.4, the sentence 0.6, the clause 1.0, next to the figure 1.5.
        # The first three are shared by the figures of a sentence and scored once per sentence.
        shared = (p_left, q_left, q_right, section)
        if shared not in sentence_scores:
            context: dict[str, float] = {}
            for chunk, weight in ((grams(p_left, q_left), 0.3), (section_grams[section], 0.4), (sentence_grams, 0.6)):
                for gram in chunk:
                    context[gram] = weight
            totals: dict[int, float] = defaultdict(float)
            for gram, weight in context.items():
                for i, w in index.get(gram, ()):
                    totals[i] += w * weight
            sentence_scores[shared] = (context, dict(totals))
        context, totals = sentence_scores[shared]
        close = dict.fromkeys(grams(c_left, c_right), 1.0)
        close.update(dict.fromkeys(near_grams, 1.5))
        scores = dict(totals)
        for gram, weight in close.items():
            delta = weight - context.get(gram, 0.0)
            for i, w in index.get(gram, ()):
                scores[i] = scores.get(i, 0.0) + w * delta
        named_here = None
        for i, raw in scores.items():
            if kinds[i] != kind or raw * ceilings[i] < _MIN_SCORE:
                continue
            key = (unit_base, unit_bases[i])
            if key not in unit_factors:
                unit_factors[key] = _unit_factor(*key)
            factor = unit_factors[key]
            if not factor:
                continue
            score = raw / norms[i] * factor
            if sections[i] == label:
                score *= 1.2
            if flow and flows[i] and flow != flows[i]:
                score *= 0.5  # the text says 支出 where last year's figure was a donation received
            if value > 0 and value_bases[i] > 0:
                score *= 1 + 0.3 * min(value, value_bases[i]) / max(value, value_bases[i])
            if plan:
                score *= 0.5
            if score < _MIN_SCORE:
                continue
            if named_here is None:
                named_here = sentence_grams | near_grams
            if not named[i].isdisjoint(named_here):
                reason = implausibility(value, kind, value_bases[i], kinds[i])
                pairs.append((bool(reason), -score, ci, i, score, reason))  # named in the sentence
    pairs.sort(key=operator.itemgetter(0, 1))  # plausible pairs first, then by score
    taken_c, taken_r = set(), set()
    for _, _, ci, ri, score, reason in pairs:
        if ci in taken_c or ri in taken_r:
            continue
        taken_c.add(ci)
        taken_r.add(ri)
        _fill(candidates, ci, previous.iloc[ri], score, reason)
    return candidates


def _fill(candidates: pd.DataFrame, ci, r: pd.Series, score: float, reason: str) -> None:
    """Writes the suggestion of previous row ``r`` into candidate ``ci``."""
    sentence = candidates.at[ci, "quote"] + candidates.at[ci, "section"]
    words = _common_words(f"{r['program']} {r['indicator']} {r['quote']}", sentence)
    unit_base = candidates.at[ci, "unit_base"]
    unit_note = r["unit_base"] if r["unit_base"] == unit_base else f"{r['unit_base']}~{unit_base}"
    prev_value = float(r["value_base"])
    candidates.at[ci, "suggested_id"] = r["id"]
    candidates.at[ci, "program"] = r["program"]
    candidates.at[ci, "indicator"] = r["indicator"]
    if not reason:  # an implausible match keeps the flow read from the text
        candidates.at[ci, "flow"] = _text(r["flow"])
        candidates.at[ci, "parent"] = _text(r["parent"])
        candidates.at[ci, "counts_for"] = _text(r.get("counts_for", ""))
    candidates.at[ci, "match_reason"] = f"words {'/'.join(words[:6]) or '-'}; unit {unit_note}"
    candidates.at[ci, "score"] = round(score, 2)
    candidates.at[ci, "prev_value"] = prev_value
    candidates.at[ci, "ratio"] = candidates.at[ci, "value_base"] / prev_value if prev_value > 0 else float("nan")
    candidates.at[ci, "implausible"] = reason


def unmatched_previous(candidates: pd.DataFrame, previous: pd.DataFrame | None) -> pd.DataFrame:
    """The previous year's figures whose id no candidate plausibly suggests: the ids the draft does
    not carry (nothing silently disappears). An id suggested only implausibly is listed too."""
    if previous is None or not len(previous):
        return pd.DataFrame({c: pd.Series(dtype=object) for c in MISS_COLUMNS})
    suggested: set[str] = set()
    if "suggested_id" in candidates.columns and len(candidates):
        plausible = (candidates["implausible"].fillna("") == "" if "implausible" in candidates.columns
                     else pd.Series(True, index=candidates.index))
        suggested = set(candidates.loc[plausible, "suggested_id"])
    missed = previous[~previous["id"].isin(suggested)]
    return missed[MISS_COLUMNS].reset_index(drop=True)
