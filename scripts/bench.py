"""Benchmark (`make bench`): prints a table of medians over several runs on this machine.

1. cold build of the 2020 report (all notebooks, HTML, PDF and workbook, empty output folder);
2. the same with nothing changed (warm rerun, served by the content-hash cache);
3. the naive pipeline on the same notebooks, as baseline: for each notebook `papermill`, then
   `jupyter nbconvert --to html --no-input`, then Chromium print-to-PDF, one after another;
4. year-over-year comparison on a synthetic 1,000,000-row figures table (time, peak memory), against
   a plain pandas outer merge of the same rows by id with the change computed, timed in the same
   process (the least any comparison must do);
5. extraction of a 1 MB report text (with suggestions from last year's figures);
6. adding a year: `analysis report --all-years` on the synthetic two-year fixture after its 2021
   files are added to a folder whose 2020 report is built: how many notebooks of 2020 ran again
   (target 0: a year's report depends only on the data up to that year) and the time against a
   cold `--all-years` build of both years in the same run.

Usage: python scripts/bench.py [--runs N]. Timings differ between machines by 2x and more and with
the load of the machine, so what is judged is measured in the same run:
  ratio targets (judged): (1) at most 0.35x (3); (4) at most 3x the plain merge; (5) at most 15x a
    bare regex scan of the same text;
  other judged targets, independent of speed: (4) peak memory under 1 GiB; (6) no 2020 notebook re-run;
  absolute targets (printed for information, never the exit code): (2) under 0.3 s; (4) under 2 s.
Exits 1 only if a judged target is missed.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PY = sys.executable
BIN = Path(PY).parent

COMPARE_CHILD = r"""
import json, resource, time
import numpy as np, pandas as pd
from analysis.calc import compare_years
n = 500_000  # ids per year: 1,000,000 rows in all
rng = np.random.default_rng(0)
ids = np.array([f"s{i % 7}.p{i}.v" for i in range(n)], dtype=object)
frames = []
for year, offset in ((2020, 0), (2021, n // 10)):  # 10% of ids new, 10% gone
    chosen = ids[offset:] if year == 2021 else ids[: n - n // 10]
    m = len(chosen)
    frames.append(pd.DataFrame({
        "id": chosen, "year": year, "section": "综合", "program": "P", "indicator": "I",
        "kind": np.where(np.arange(m) % 2 == 0, "money", "count"), "flow": "",
        "unit_base": np.where(np.arange(m) % 2 == 0, "元", "人"), "value_base": rng.uniform(1, 1e8, m),
    }))
figures = pd.concat(frames, ignore_index=True)

def plain():  # the baseline: an outer merge by id of the same rows, the change computed, sorted by id
    now = figures.loc[figures["year"] == 2021, ["id", "value_base"]]
    then = figures.loc[figures["year"] == 2020, ["id", "value_base"]]
    merged = now.merge(then, on="id", how="outer", suffixes=("", "_b"), indicator=True)
    merged["change_pct"] = (merged["value_base"] - merged["value_base_b"]) / merged["value_base_b"].abs() * 100
    return merged.sort_values("id", ignore_index=True)

seconds, baseline = [], []
for _ in range(2):  # alternately, so both see the same load; the faster of each
    start = time.perf_counter(); plain(); baseline.append(time.perf_counter() - start)
    start = time.perf_counter(); compare_years(figures, 2021, 2020); seconds.append(time.perf_counter() - start)
print(json.dumps({"seconds": min(seconds), "baseline": min(baseline), "rows": len(figures),
                  "peak_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""


def timed(command: list[str], **kwargs) -> float:
    start = time.perf_counter()
    subprocess.run(command, check=True, capture_output=True, **kwargs)
    return time.perf_counter() - start


def cold_and_warm(runs: int) -> tuple[float, float]:
    cold, warm = [], []
    for _ in range(runs):
        with tempfile.TemporaryDirectory() as out:
            cold.append(timed([str(BIN / "analysis"), "report", "--year", "2020", "--out", out]))
            for _ in range(2):
                warm.append(timed([str(BIN / "analysis"), "report", "--year", "2020", "--out", out]))
    return statistics.median(cold), statistics.median(warm)


def naive(runs: int) -> float:
    from analysis.report import CHROMIUM_FLAGS, NOTEBOOKS, find_chromium

    chromium = find_chromium()
    times = []
    for _ in range(runs):
        with tempfile.TemporaryDirectory() as out:
            start = time.perf_counter()
            for name, _title in NOTEBOOKS:  # the notebooks the builder runs
                executed = Path(out) / f"{name}.ipynb"
                subprocess.run([str(BIN / "papermill"), str(ROOT / "notebooks" / f"{name}.ipynb"), str(executed),
                                "-k", "python3", "--cwd", str(ROOT)], check=True, capture_output=True)
                subprocess.run([str(BIN / "jupyter"), "nbconvert", "--to", "html", "--no-input", str(executed)],
                               check=True, capture_output=True)
                with tempfile.TemporaryDirectory() as profile:
                    subprocess.run([chromium, *CHROMIUM_FLAGS, f"--user-data-dir={profile}",
                                    f"--print-to-pdf={Path(out) / f'{name}.pdf'}", executed.with_suffix(".html").as_uri()],
                                   check=True, capture_output=True)
            times.append(time.perf_counter() - start)
    return statistics.median(times)


def comparison(runs: int) -> tuple[float, float, float]:
    """(seconds of compare_years, the same / the plain merge timed beside it, peak MiB)."""
    results = [json.loads(subprocess.run([PY, "-c", COMPARE_CHILD], check=True, capture_output=True, text=True).stdout)
               for _ in range(runs)]
    return (statistics.median(r["seconds"] for r in results),
            statistics.median(r["seconds"] / r["baseline"] for r in results), max(r["peak_mib"] for r in results))


def extraction(runs: int) -> tuple[float, float]:
    """(seconds to extract 1 MB with suggestions, the same / a bare scan with the figure pattern)."""
    sys.path.insert(0, str(ROOT / "scripts"))
    from bench_extract import megabyte_text, scan_timing, timing

    from analysis.load import load_figures

    text = megabyte_text()
    seconds = timing(text, load_figures(2020), runs=max(runs, 5))  # suggestions, as `analysis extract` makes them
    return seconds, seconds / scan_timing(text)


def adding_a_year() -> tuple[int, float, float]:
    """(2020 notebooks re-run after adding 2021, seconds of that --all-years, seconds of a cold --all-years)."""
    fixture = ROOT / "tests" / "fixtures" / "two_years"
    analysis = str(BIN / "analysis")
    with tempfile.TemporaryDirectory() as tmp:
        data, out, cold_out = Path(tmp) / "data", Path(tmp) / "out", Path(tmp) / "cold"
        shutil.copytree(fixture, data)
        later = [data / "figures" / "2021.csv", data / "raw" / "2021.txt"]
        for path in later:
            path.rename(path.with_suffix(path.suffix + ".later"))
        subprocess.run([analysis, "report", "--all-years", "--data-dir", str(data), "--out", str(out)],
                       check=True, capture_output=True)
        before = {p.name: p.stat().st_mtime_ns for p in (out / "2020").iterdir()}
        for path in later:
            path.with_suffix(path.suffix + ".later").rename(path)
        start = time.perf_counter()
        log = subprocess.run([analysis, "report", "--all-years", "--data-dir", str(data), "--out", str(out)],
                             check=True, capture_output=True, text=True).stderr
        added = time.perf_counter() - start
        after = {p.name: p.stat().st_mtime_ns for p in (out / "2020").iterdir()}
        rerun = sum(int(n) for n in re.findall(r"report 2020 .*?running (\d+) notebook", log))
        rerun += 0 if before == after else 1  # any 2020 file touched counts
        cold = timed([analysis, "report", "--all-years", "--data-dir", str(data), "--out", str(cold_out)])
    return rerun, added, cold


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3, help="runs per measure (median reported)")
    args = parser.parse_args()
    print(f"machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}, "
          f"{platform.platform()}; medians of {args.runs} runs", flush=True)
    cold, warm = cold_and_warm(args.runs)
    base = naive(args.runs)
    compare_s, compare_ratio, compare_mib = comparison(args.runs)
    extract_s, extract_ratio = extraction(args.runs)
    rerun, added_s, cold_all_s = adding_a_year()
    # (measure, result, target, kind, met): only "ratio" and "judged" rows decide the exit code; an
    # "absolute" target is printed for information (a slower or busier machine misses it, not the code).
    rows = [
        ("1. cold build, 2020 report (notebooks, HTML, PDF, xlsx)", f"{cold:.2f} s", "-", "information", True),
        ("2. warm rerun, nothing changed", f"{warm:.2f} s", "< 0.3 s", "absolute", warm < 0.3),
        ("3. naive pipeline (papermill, nbconvert, Chromium, serial)", f"{base:.2f} s", "baseline", "information", True),
        ("   cold build / naive pipeline", f"{cold / base:.2f}", "<= 0.35", "ratio", cold / base <= 0.35),
        ("4. compare_years on 1,000,000 rows", f"{compare_s:.2f} s", "< 2 s", "absolute", compare_s < 2),
        ("   compare_years / plain pandas merge of the same rows", f"{compare_ratio:.2f}", "<= 3", "ratio",
         compare_ratio <= 3),
        ("   peak memory of that process", f"{compare_mib:,.0f} MiB", "< 1024 MiB", "judged", compare_mib < 1024),
        ("5. extraction of a 1 MB report text, with suggestions", f"{extract_s:.2f} s", "-", "information", True),
        ("   extraction / bare regex scan of the same text", f"{extract_ratio:.1f}", "<= 15", "ratio", extract_ratio <= 15),
        ("6. adding a year: 2020 notebooks re-run by --all-years", f"{rerun}", "0", "judged", rerun == 0),
        ("   --all-years after adding 2021 / cold --all-years", f"{added_s:.2f} s / {cold_all_s:.2f} s = {added_s / cold_all_s:.2f}",
         "-", "information", True),
    ]
    width = max(len(r[0]) for r in rows)
    print(f"{'measure':<{width}}  {'result':>24}  {'target':>12}  {'kind':<11}  met")
    for name, result, target, kind, ok in rows:
        met = "-" if target == "-" or target == "baseline" else ("yes" if ok else ("no (information)" if kind == "absolute" else "NO"))
        print(f"{name:<{width}}  {result:>24}  {target:>12}  {kind:<11}  {met}")
    missed = [r[0].strip() for r in rows if r[3] in ("ratio", "judged") and not r[4]]
    print("judged: ratios measured in this run, memory and re-runs; absolute seconds are for information"
          + (f". MISSED: {'; '.join(missed)}" if missed else ": all met"))
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
