"""Benchmark of ``analysis extract``: time per MB of report text, and precision/recall per form.

Usage: .venv/bin/python scripts/bench_extract.py

Prints the median of 5 extractions of a ~1 MB text (data/raw/2020.txt repeated), with and without
last year's figures for suggestions, and precision/recall per form on the synthetic texts of
tests/fixtures/extract (every form of expected.csv: decimals, thousands, full-width, magnitudes,
Chinese and vague numerals, percentages, rates and 、-rates, compound counts, areas and lengths,
bare 万/亿; plus CRLF, GBK and GB18030 variants) and on the real 2020 report. The load average is
printed beside the timings: on a busy machine they grow accordingly.

Absolute seconds differ between machines by 2x and more, so the targets are ratios to a reference
measured in the same run: a bare scan of the same text with the figure pattern (the regex alone,
no reading, no structure, no suggestions). Exits 1 if extraction without suggestions takes more
than 6 times the scan, or with suggestions more than 15 times (seen here: 3-4x and 9-11x, as the
earlier single-module extractor measured the same way on the same machine).
"""

from __future__ import annotations

import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

import pandas as pd

from analysis.extract import accuracy, extract, locate_figures, read_report
from analysis.extract.grammar import figure_pattern
from analysis.load import load_figures, load_plans
from analysis.units import to_base

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "data"
FIXTURES = ROOT / "tests" / "fixtures" / "extract"
MAX_RATIO_PLAIN = 6.0  # extraction without suggestions / bare regex scan
MAX_RATIO_SUGGEST = 15.0  # extraction with suggestions / bare regex scan


def megabyte_text() -> str:
    text = read_report(DATA / "raw" / "2020.txt")
    copies = 1_000_000 // len(text.encode("utf-8")) + 1
    return "\n".join([text] * copies)


def scan_timing(text: str, runs: int = 5) -> float:
    """The reference: the figure pattern run over the text, matches counted, nothing else."""
    pattern = figure_pattern()
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        sum(1 for _ in pattern.finditer(text))
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def timing(text: str, previous: pd.DataFrame | None, runs: int = 5) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        extract(text, 2020, previous)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def form_rows() -> list[tuple[str, dict]]:
    expected = pd.read_csv(FIXTURES / "expected.csv", comment="#", dtype=str, keep_default_na=False)
    expected["value_base"] = expected["value_base"].astype(float)
    results = []
    for form, rows in expected.groupby("form", sort=True):
        (name,) = rows["file"].unique()
        results.append((form, accuracy(extract(read_report(FIXTURES / name), 2022), rows)))
    skips = extract(read_report(FIXTURES / "skips.txt"), 2021)
    results.append(("skips", {"tp": 0, "fp": len(skips), "fn": 0,
                              "precision": 1.0 if skips.empty else 0.0, "recall": 1.0}))
    with tempfile.TemporaryDirectory() as tmp:
        variants = {
            "crlf": ("punctuation", read_report(FIXTURES / "punctuation.txt").replace("\n", "\r\n").encode("utf-8")),
            "gbk": ("decimals", read_report(FIXTURES / "decimals.txt").encode("gbk")),
            "gb18030": ("punctuation", read_report(FIXTURES / "punctuation.txt").encode("gb18030")),
        }
        for variant, (form, data) in variants.items():
            path = Path(tmp) / f"{variant}.txt"
            path.write_bytes(data)
            results.append((variant, accuracy(extract(read_report(path), 2022), expected[expected["form"] == form])))
    return results


def real_2020() -> dict:
    text = read_report(DATA / "raw" / "2020.txt")
    figures = load_figures(2020, DATA)
    candidates = extract(text, 2020, figures)
    located = locate_figures(candidates, figures, text)
    plans = load_plans(2021, DATA)
    plans = plans[plans["target"].notna()].copy()
    plans["value_base"] = [to_base(v, u) for v, u in zip(plans["target"], plans["unit"])]
    plans["unit_base"] = plans["unit"].str.replace(r"^[万亿]", "", regex=True)
    real = (set(located) | set(locate_figures(candidates, plans, text))) - {-1}
    suggested = sum(candidates.at[i, "suggested_id"] == fid for fid, i in located.items() if i >= 0)
    return {"tp": int((located >= 0).sum()), "fp": len(candidates) - len(real), "fn": int((located < 0).sum()),
            "precision": len(real) / len(candidates), "recall": float((located >= 0).mean()),
            "suggested": suggested, "figures": len(figures),
            "implausible": int((candidates["implausible"] != "").sum())}


def main() -> int:
    text = megabyte_text()
    megabytes = len(text.encode("utf-8")) / 1_000_000
    scan = scan_timing(text)
    plain = timing(text, None)
    with_previous = timing(text, load_figures(2020, DATA))
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    print(f"extract {megabytes:.2f} MB ({len(extract(text, 2020)):,} candidates), median of 5 "
          f"({os.cpu_count()} CPUs, load average {load}):")
    print(f"  bare pattern scan:   {scan:.3f} s  (the reference)")
    print(f"  without suggestions: {plain:.3f} s  ({plain / megabytes:.3f} s/MB), {plain / scan:.1f}x the scan "
          f"(target <= {MAX_RATIO_PLAIN:g}x)")
    print(f"  with suggestions:    {with_previous:.3f} s  ({with_previous / megabytes:.3f} s/MB), "
          f"{with_previous / scan:.1f}x the scan (target <= {MAX_RATIO_SUGGEST:g}x)")
    print()
    print(f"{'form':<18}{'tp':>4}{'fp':>4}{'fn':>4}{'precision':>11}{'recall':>8}")
    for form, r in form_rows():
        print(f"{form:<18}{r['tp']:>4}{r['fp']:>4}{r['fn']:>4}{r['precision']:>11.2f}{r['recall']:>8.2f}")
    r = real_2020()
    print(f"{'2020 report':<18}{r['tp']:>4}{r['fp']:>4}{r['fn']:>4}{r['precision']:>11.2f}{r['recall']:>8.2f}")
    print(f"2020 suggestions equal to the curated id: {r['suggested']}/{r['figures']}")
    print(f"2020 suggestions flagged implausible: {r['implausible']}")
    if plain / scan > MAX_RATIO_PLAIN or with_previous / scan > MAX_RATIO_SUGGEST:
        print(f"TOO SLOW: {plain / scan:.1f}x / {with_previous / scan:.1f}x the bare scan "
              f"(targets {MAX_RATIO_PLAIN:g}x / {MAX_RATIO_SUGGEST:g}x)", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
