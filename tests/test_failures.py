"""Issue 5, the cases not covered elsewhere: interruption of `analysis report` (SIGINT, SIGTERM,
SIGKILL), an output folder that cannot be created, report text with HTML in it shown as text,
`--debug`, and random bytes fed to the extractor.

Every case checks the exit code, the message (one line, naming what is wrong, no traceback) and
that the files compared before and after are unchanged.
"""

from __future__ import annotations

import csv
import hashlib
import io
import os
import re
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import copy_data, make_unreadable, set_cell, tree_digest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from analysis.cli import main
from analysis.errors import AnalysisError
from analysis.extract import extract, read_report

ROOT = Path(__file__).resolve().parents[1]
FIXTURE = ROOT / "tests" / "fixtures" / "two_years"
YEAR = 2021
FINAL = ("report-2021.pdf", "report-2021.xlsx", "overview.ipynb", "comparison.ipynb", "trends.ipynb", "appendix.ipynb",
         "overview.html", "comparison.html", "trends.html", "appendix.html", ".build.json")
CLI = [sys.executable, "-m", "analysis.cli"]
BUILD_TIMEOUT = 180  # one build takes ~9 s alone; generous for a loaded CI machine under xdist
WAIT_TIMEOUT = 120


# --------------------------------------------------------------------------------------------------
# helpers
# --------------------------------------------------------------------------------------------------


def run_cli(*args: str, timeout: float = BUILD_TIMEOUT) -> subprocess.CompletedProcess:
    """``analysis *args`` as a real process (``python -m analysis.cli``)."""
    return subprocess.run([*CLI, *args], capture_output=True, text=True, timeout=timeout, cwd=ROOT)


def snapshot(folder: Path) -> dict[str, tuple[int, int, str]]:
    """Every file directly in ``folder``: size, mtime (ns) and sha256 (staging folders are not files)."""
    return {
        p.name: (p.stat().st_size, p.stat().st_mtime_ns, hashlib.sha256(p.read_bytes()).hexdigest())
        for p in sorted(folder.iterdir())
        if p.is_file()
    }


def staging_folders(out_dir: Path) -> list[Path]:
    return sorted(out_dir.glob(".staging-*")) if out_dir.is_dir() else []


def session_processes(sid: int) -> list[int]:
    """Live (non-zombie) processes of session ``sid``: the build, its kernels, its Chromium."""
    pids = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            text = stat.read_text()
        except OSError:
            continue
        fields = text[text.rindex(")") + 2:].split()  # state ppid pgrp session ...
        if int(fields[3]) == sid and fields[0] != "Z":
            pids.append(int(stat.parent.name))
    return pids


def kill_session(sid: int) -> None:
    """SIGKILL to every process the build started (its group and anything else in its session)."""
    try:
        os.killpg(sid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        pass
    for pid in session_processes(sid):
        try:
            os.kill(pid, signal.SIGKILL)
        except (ProcessLookupError, PermissionError):
            pass


def wait_for(condition, timeout: float = WAIT_TIMEOUT, what: str = "condition") -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout:.0f} s waiting for {what}")
        time.sleep(0.02)


def one_line(err: str) -> str:
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    assert "Traceback" not in err
    return lines[0]


def error_line(err: str) -> str:
    """The one error line of a build's stderr (the build also prints progress lines)."""
    assert "Traceback" not in err
    errors = [line for line in err.splitlines() if line.startswith("error:")]
    assert len(errors) == 1, err
    return errors[0]


def fixture_copy(dest: Path) -> Path:
    return copy_data(dest, FIXTURE)


# --------------------------------------------------------------------------------------------------
# 1. interruption of `analysis report`
# --------------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def first_build(tmp_path_factory) -> tuple[Path, Path]:
    """One good report of the fixture: (data dir, out dir), copied by each interruption test."""
    base = tmp_path_factory.mktemp("first-build")
    data = fixture_copy(base / "data")
    result = run_cli("report", "--data-dir", str(data), "--out", str(base / "out"))
    assert result.returncode == 0, result.stderr
    return data, base / "out"


MOMENTS = {
    # the staging folder exists: data checked, kernels starting or running
    "kernels": lambda staging: True,
    # the notebooks have run and the builder is writing HTML and printing the PDF
    "rendering": lambda staging: (staging / "overview.html").exists(),
}


SIGNALS = {
    # (signal, to the whole process group?): `kill -INT/-TERM/-KILL PID` reach the build only; Ctrl-C in a
    # terminal reaches the foreground process group, kernels included
    "SIGINT": (signal.SIGINT, False),
    "SIGTERM": (signal.SIGTERM, False),
    "SIGKILL": (signal.SIGKILL, False),
    "ctrl-c": (signal.SIGINT, True),
}


@pytest.mark.integration
@pytest.mark.parametrize("moment", list(MOMENTS))
@pytest.mark.parametrize("how", list(SIGNALS))
def test_interrupted_report_leaves_the_previous_report_intact(first_build, tmp_path, how, moment):
    signum, to_group = SIGNALS[how]
    data, out = tmp_path / "data", tmp_path / "out"
    shutil.copytree(first_build[0], data)
    shutil.copytree(first_build[1], out)  # copy2 keeps sizes and mtimes, compared below
    out_dir = out / str(YEAR)
    # a data change, so the next run rebuilds: the note of one row (notes are free text)
    set_cell(data / "figures" / f"{YEAR}.csv", "affairs.marriages.count", "note", "SYNTHETIC; note edited")
    checked = run_cli("validate", "--data-dir", str(data), timeout=60)
    assert checked.returncode == 0, checked.stderr
    before = snapshot(out_dir)
    assert set(before) == set(FINAL)
    data_before = tree_digest(data)

    proc = subprocess.Popen([*CLI, "report", "--data-dir", str(data), "--out", str(out)], cwd=ROOT,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True)
    try:
        def reached() -> bool:
            if proc.poll() is not None:
                raise AssertionError(f"the build ended before the signal (exit {proc.returncode})")
            return any(MOMENTS[moment](s) for s in staging_folders(out_dir))

        wait_for(reached, what=f"the build to reach {moment}")
        if to_group:
            os.killpg(proc.pid, signum)
        else:
            proc.send_signal(signum)  # to the build only; its kernels are its business
        _, err = proc.communicate(timeout=WAIT_TIMEOUT)

        after = snapshot(out_dir)
        if after[".build.json"] != before[".build.json"]:
            # the signal came after the build had committed (the renames take a millisecond): then the
            # new report must be complete and consistent, every file the one its manifest records
            from analysis import cache

            manifest = cache.load(out_dir)
            assert all(cache.fresh(manifest, entry, record["key"], out_dir) for entry, record in manifest["entries"].items())
            assert (out_dir / "report-2021.pdf").read_bytes()[:5] == b"%PDF-"
        else:
            assert after == before  # the final files: same names, bytes and mtimes
        assert not [p.name for p in out_dir.iterdir() if p.name.endswith(".part")]
        assert tree_digest(data) == data_before
        if signum == signal.SIGKILL:
            assert proc.returncode == -signal.SIGKILL
            kill_session(proc.pid)  # its orphaned kernels
            wait_for(lambda: not session_processes(proc.pid), 30, "the killed build's processes to end")
            # the next normal run removes the abandoned staging folder and writes a new report
            again = run_cli("report", "--data-dir", str(data), "--out", str(out))
            assert again.returncode == 0, again.stderr
            assert "Traceback" not in again.stderr
            assert staging_folders(out_dir) == []
            rebuilt = snapshot(out_dir)
            assert set(rebuilt) == set(FINAL)
            assert rebuilt["report-2021.pdf"][1] > before["report-2021.pdf"][1]
            assert (out_dir / "report-2021.pdf").read_bytes()[:5] == b"%PDF-"
            assert rebuilt[".build.json"] != before[".build.json"]
        else:
            assert proc.returncode > 0, f"exit {proc.returncode}: the signal was not handled\n{err}"
            assert "Traceback" not in err
            wait_for(lambda: not staging_folders(out_dir), 10, "the staging folder to be removed")
            # the interrupted build leaves nothing running: no kernel, no Chromium
            wait_for(lambda: not session_processes(proc.pid), 20, "the build's kernels to end")
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait(timeout=30)
        kill_session(proc.pid)


def test_interruption_is_reported_in_one_line(monkeypatch, tmp_path, capsys):
    from analysis import report

    def interrupted(**kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(report, "build_report", interrupted)
    code = main(["report", "--data-dir", str(FIXTURE), "--out", str(tmp_path / "out")])
    err = capsys.readouterr().err
    assert code == 130
    assert "interrupted" in one_line(err)


@pytest.mark.integration
def test_failing_cell_is_quoted_by_its_own_first_line(tmp_path, monkeypatch, capsys):
    import nbformat

    from analysis import config

    broken = tmp_path / "notebooks"
    shutil.copytree(config.NOTEBOOKS_DIR, broken)
    nb = nbformat.read(broken / "overview.ipynb", as_version=4)
    nb.cells.insert(3, nbformat.v4.new_code_cell('# the deliberately broken cell\nraise ValueError("broken")'))
    nbformat.write(nb, broken / "overview.ipynb")
    monkeypatch.setattr(config, "NOTEBOOKS_DIR", broken)
    out = tmp_path / "out"
    code = main(["report", "--data-dir", str(FIXTURE), "--out", str(out)])
    line = error_line(capsys.readouterr().err)
    assert code == 1 and "overview.ipynb" in line and "ValueError: broken" in line
    assert (out / str(YEAR) / "overview.failed.ipynb").exists()
    assert "the deliberately broken cell" in line, line


def test_unreadable_data_file_in_report_is_one_clear_line(tmp_path, monkeypatch, capsys):
    """As root chmod 000 does not block reading: reading the figures file fails with EACCES instead."""
    data = fixture_copy(tmp_path / "data")
    before = tree_digest(tmp_path)
    make_unreadable(monkeypatch, data / "figures" / f"{YEAR}.csv")
    code = main(["report", "--data-dir", str(data), "--out", str(tmp_path / "out")])
    line = one_line(capsys.readouterr().err)
    monkeypatch.undo()
    assert code == 1 and not (tmp_path / "out").exists() and tree_digest(tmp_path) == before
    assert "unexpected" not in line, line
    assert f"{YEAR}.csv" in line and "Permission denied" in line


@pytest.mark.integration
def test_relative_out_and_data_dir(tmp_path):
    fixture_copy(tmp_path / "data")
    result = subprocess.run([*CLI, "report", "--data-dir", "data", "--out", "out"], cwd=tmp_path,
                            capture_output=True, text=True, timeout=BUILD_TIMEOUT)
    assert staging_folders(tmp_path / "out" / str(YEAR)) == []  # even when the build fails
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "out" / str(YEAR) / "report-2021.pdf").is_file()


# --------------------------------------------------------------------------------------------------
# 2. output folder that cannot be written
# --------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("below", ["file-itself", "under-a-file", "deep-under-a-file"])
def test_out_under_a_regular_file(tmp_path, capsys, below):
    blocker = tmp_path / "reports.txt"
    blocker.write_text("a regular file where a folder should be\n", encoding="utf-8")
    out = {"file-itself": blocker, "under-a-file": blocker / "out", "deep-under-a-file": blocker / "a" / "b"}[below]
    before, fixture_before = tree_digest(tmp_path), tree_digest(FIXTURE)
    code = main(["report", "--data-dir", str(FIXTURE), "--out", str(out)])
    line = one_line(capsys.readouterr().err)
    assert code == 2
    assert "--out" in line and str(out.name) in line and "not writable" in line
    assert tree_digest(tmp_path) == before and sorted(p.name for p in tmp_path.iterdir()) == ["reports.txt"]
    assert tree_digest(FIXTURE) == fixture_before


# --------------------------------------------------------------------------------------------------
# 3. report text with HTML in it is shown as text
# --------------------------------------------------------------------------------------------------

SCRIPT = '<script>alert("x")</script>'
BOLD = "<b>粗体</b>"
SENTENCE = f"(五)测试。{SCRIPT}脚本{BOLD}项目支出12万元。\n"
QUOTE = f"{SCRIPT}脚本{BOLD}项目支出12万元"


def markup_data(dest: Path) -> Path:
    """The fixture with a sentence full of tags in the 2021 report and a money figure quoting it."""
    data = fixture_copy(dest)
    raw = data / "raw" / f"{YEAR}.txt"
    old = hashlib.sha256(raw.read_bytes()).hexdigest()
    raw.write_bytes(raw.read_bytes() + SENTENCE.encode("utf-8"))
    yml = data / "dataset.yml"
    text = yml.read_text(encoding="utf-8")
    assert old in text
    yml.write_text(text.replace(old, hashlib.sha256(raw.read_bytes()).hexdigest()), encoding="utf-8")
    row = ["affairs.markup_test.spend", str(YEAR), "社会事务", f"{BOLD}项目", "支出金额", "12", "万元", "spend", "",
           QUOTE, "SYNTHETIC; markup in the report text", "", "", ""]
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerow(row)
    figures = data / "figures" / f"{YEAR}.csv"
    figures.write_bytes(figures.read_bytes() + buffer.getvalue().encode("utf-8"))
    return data


@pytest.mark.integration
def test_html_in_report_text_is_shown_as_text(tmp_path):
    data = markup_data(tmp_path / "data")
    checked = run_cli("validate", "--data-dir", str(data), timeout=60)
    assert checked.returncode == 0, checked.stderr
    before = tree_digest(data)
    result = run_cli("report", "--data-dir", str(data), "--out", str(tmp_path / "out"))
    assert result.returncode == 0, result.stderr
    out_dir = tmp_path / "out" / str(YEAR)
    pages = {p.name: p.read_text(encoding="utf-8") for p in sorted(out_dir.glob("*.html"))}
    assert set(pages) == {"overview.html", "comparison.html", "trends.html", "appendix.html"}
    for name, page in pages.items():
        assert SCRIPT not in page, name
        assert BOLD not in page, name
    for name in ("overview.html", "comparison.html", "appendix.html"):
        assert "&lt;b&gt;粗体&lt;/b&gt;项目" in pages[name], name  # the program, in a table
    # the appendix shows the quote of every figure, escaped
    assert "&lt;script&gt;alert(" in pages["appendix.html"]
    pdf = subprocess.run(["pdftotext", "-layout", str(out_dir / "report-2021.pdf"), "-"],
                         capture_output=True, text=True, check=True).stdout
    flat = re.sub(r"\s+", "", pdf)
    assert f"{BOLD}项目" in flat
    # the quote wraps inside its 附表 cell: its characters in order, the neighbouring cells' lines between
    assert re.search(".{0,80}?".join(map(re.escape, re.sub(r"\s+", "", SCRIPT))), flat), SCRIPT
    assert tree_digest(data) == before


# --------------------------------------------------------------------------------------------------
# 4. --debug shows the traceback the plain run hides
# --------------------------------------------------------------------------------------------------


def _non_numeric_value(tmp_path: Path) -> tuple[list[str], str]:
    data = fixture_copy(tmp_path / "data")
    set_cell(data / "figures" / f"{YEAR}.csv", "affairs.marriages.count", "value", "三千六百")
    return ["report", "--data-dir", str(data), "--out", str(tmp_path / "out")], "2021.csv, line"


def _year_not_an_integer(tmp_path: Path) -> tuple[list[str], str]:
    return ["report", "--year", "20x0", "--data-dir", str(FIXTURE), "--out", str(tmp_path / "out")], "year"


def _missing_report_text(tmp_path: Path) -> tuple[list[str], str]:
    return ["extract", str(tmp_path / "nowhere.txt"), "--year", "2021", "--out", str(tmp_path / "out.csv")], "nowhere.txt"


@pytest.mark.parametrize("case", [_non_numeric_value, _year_not_an_integer, _missing_report_text],
                         ids=["data-error", "parameter-error", "extract-error"])
def test_debug_shows_a_traceback_the_plain_run_hides(tmp_path, capsys, case):
    argv, where = case(tmp_path)
    before = tree_digest(tmp_path)
    code = main(argv)
    line = one_line(capsys.readouterr().err)
    assert code != 0 and line.startswith("error: ") and where in line
    debug_code = main(["--debug", *argv])
    err = capsys.readouterr().err
    assert debug_code == code
    assert "Traceback (most recent call last)" in err
    assert err.strip().splitlines()[-1] == line  # the same message, after the traceback
    assert tree_digest(tmp_path) == before and not (tmp_path / "out").exists() and not (tmp_path / "out.csv").exists()


# --------------------------------------------------------------------------------------------------
# 5. the extractor on random input: a result or the project's own error, never anything else
# --------------------------------------------------------------------------------------------------

FUZZ = settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
REPORT_ALPHABET = st.sampled_from(list(
    "0123456789０１２３４５６７８９.,，。、;;:(())《》\"“”% \n\r\t\u00a0"
    "零一二三四五六七八九十百千万亿两余多约近以上共全年其中元人次户家张间宗对条个所项类名场"
    "一二三四五六七八九十、()社会救助养老服务支出发放金额每月标准提高增长下降"
))


def extract_or_project_error(path: Path) -> None:
    try:
        text = read_report(path)
        candidates = extract(text, YEAR)
    except AnalysisError:
        return
    for row in candidates.itertuples():
        assert text[row.start:row.end] == row.surface
        assert row.quote in text


@FUZZ
@given(st.binary(max_size=2000))
def test_random_bytes_to_read_report_and_extract(tmp_path, data):
    path = tmp_path / "report.txt"
    path.write_bytes(data)
    extract_or_project_error(path)


PHRASES = st.sampled_from([
    "支出1,175.55万元", "共2.2万人", "每人每月1800元", "1.2亿元", "增长10%", "三千六百对", "约510元", "其中",
    "11个", "5457宗", "(一)社会救助。", "二、2021年工作计划", "余", "以上", "。\n", "1.", "%", "万元",
])
REPORT_LIKE = st.lists(st.one_of(st.text(REPORT_ALPHABET, max_size=20), PHRASES), max_size=30).map("".join)


@FUZZ
@given(REPORT_LIKE, st.sampled_from(["utf-8", "utf-8-sig", "gb18030", "utf-16"]))
def test_random_report_like_text_to_read_report_and_extract(tmp_path, text, encoding):
    path = tmp_path / "report.txt"
    path.write_bytes(text.encode(encoding))
    extract_or_project_error(path)
