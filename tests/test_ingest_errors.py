"""`analysis ingest` on bad input: one line naming what is wrong, a non-zero exit, no traceback and
nothing written (data, draft folder); an interrupted or failing write leaves everything as it was.
Fixtures are synthetic (tests/fixtures/ingest)."""

from __future__ import annotations

import os

import pytest

from analysis import config
from analysis.cli import main
from analysis.ingest import run_ingest, stage
from test_ingest import ACCESSED, FIXTURES, MAIN_TEXT, snapshot

PAGE = FIXTURES / "gov-page.utf8.html"


@pytest.fixture
def reports(tmp_path, monkeypatch):
    monkeypatch.setattr(config, "REPORTS_DIR", tmp_path / "reports")
    return tmp_path / "reports"


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def _blank_pdf(path):
    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    writer.add_blank_page(width=595, height=842)
    with open(path, "wb") as handle:
        writer.write(handle)
    return path


def _bad(tmp, case: str):
    """A bad input file for ``case`` and the line the user must see (a regular expression)."""
    if case == "unsupported":
        (tmp / "report.xlsx").write_bytes(b"PK\x03\x04 not really")
        return tmp / "report.xlsx", r"^error: \S*report\.xlsx: unsupported file type '\.xlsx'; expected a saved web page"
    if case == "old word":
        (tmp / "report.doc").write_bytes(b"\xd0\xcf\x11\xe0 old word")
        return tmp / "report.doc", r"^error: \S*report\.doc: old Word \.doc is not read here: save it as \.docx"
    if case == "empty":
        (tmp / "empty.html").write_bytes(b"  \n")
        return tmp / "empty.html", r"^error: \S*empty\.html: file is empty$"
    if case == "missing":
        return tmp / "nowhere.pdf", r"^error: \S*nowhere\.pdf: file not found$"
    if case == "directory":
        (tmp / "page.html").mkdir()
        return tmp / "page.html", r"^error: \S*page\.html: expected a file, found a directory$"
    if case == "broken docx":
        (tmp / "report.docx").write_bytes(b"this is not a zip archive")
        return tmp / "report.docx", r"^error: \S*report\.docx: not a readable Word \.docx file \(\w+\)$"
    if case == "broken pdf":
        (tmp / "report.pdf").write_bytes(b"%PDF-1.4\ngarbage")
        return tmp / "report.pdf", r"^error: \S*report\.pdf: not a readable PDF"
    if case == "scanned pdf":
        return _blank_pdf(tmp / "scan.pdf"), (r"^error: \S*scan\.pdf: PDF of 2 page\(s\) without a text layer \(a scan or "
                                              r"images only\); no OCR here")
    if case == "gbk text":
        (tmp / "report.txt").write_bytes(MAIN_TEXT.encode("gbk"))
        return tmp / "report.txt", r"^error: \S*report\.txt: encoded as GBK/GB18030, expected UTF-8: ingest the web page or document"
    if case == "no figure":
        (tmp / "notice.html").write_bytes(
            '<html><head><meta charset="utf-8"><title>通知</title></head><body><nav>首页 2021年</nav>'
            "<div class='content'><h1>关于开展民政领域安全检查的通知</h1><p>各镇（街）民政办：</p>"
            "<p>请按要求做好自查，并及时报送有关情况。</p></div><footer>备案号：12345</footer></body></html>".encode("utf-8"))
        return tmp / "notice.html", (r"^error: \S*notice\.html: the main text \(3 line\(s\), starting '关于开展民政领域安全检查的通知'\) "
                                     r"holds no figure; expected a work report with figures$")
    if case == "no main text":
        (tmp / "shell.html").write_bytes(b'<html><head><meta charset="utf-8"><script>var a = 1;</script></head>'
                                         b"<body><nav>menu</nav><footer>foot</footer></body></html>")
        return tmp / "shell.html", r"^error: \S*shell\.html: no main text found"
    if case == "year taken":
        return PAGE, (r"^error: year 2020 already has data \(\S*raw/2020\.txt, the 2020 record in \S*dataset\.yml\); "
                      r"nothing written \(use --force to replace the raw report and its record\)$")
    raise KeyError(case)


CASES = ["unsupported", "old word", "empty", "missing", "directory", "broken docx", "broken pdf", "scanned pdf",
         "gbk text", "no figure", "no main text", "year taken"]


@pytest.mark.parametrize("case", CASES)
def test_bad_input_is_one_line_nonzero_and_writes_nothing(case, capsys, tmp_path, data_copy, reports):
    path, expected = _bad(tmp_path, case)
    before = snapshot(data_copy, reports)
    year = "2020" if case == "year taken" else "2021"
    code, out, err = run(capsys, "ingest", str(path), "--year", year, "--data-dir", str(data_copy))
    assert code == 1 and out == ""
    assert len(err.strip().splitlines()) == 1 and "Traceback" not in err, err
    assert err.strip() == err.strip().splitlines()[0]
    import re

    assert re.search(expected, err.strip()), err
    assert snapshot(data_copy, reports) == before
    assert not reports.exists()


def test_console_script_prints_one_line_for_a_damaged_pdf(tmp_path, data_copy):
    """As a process (pypdf's own log lines about repairing a file would show here, not under capsys)."""
    import subprocess
    import sys
    from pathlib import Path

    path, expected = _bad(tmp_path, "broken pdf")
    script = Path(sys.executable).parent / "analysis"
    result = subprocess.run([str(script), "ingest", str(path), "--year", "2021", "--data-dir", str(data_copy)],
                            capture_output=True, text=True, env={**os.environ, "ANALYSIS_REPORTS_DIR": str(tmp_path / "r")})
    assert result.returncode == 1 and result.stdout == ""
    assert result.stderr.count("\n") == 1 and result.stderr.startswith("error: ") and "not a readable PDF" in result.stderr


def test_existing_draft_outside_reports_is_refused_without_force(capsys, tmp_path, data_copy, reports):
    draft = tmp_path / "mine.csv"
    draft.write_text("kept\n", encoding="utf-8")
    before = snapshot(data_copy)
    code, _, err = run(capsys, "ingest", str(PAGE), "--year", "2021", "--data-dir", str(data_copy), "--draft", str(draft))
    assert code == 1 and err.strip().endswith("mine.csv: already exists; not overwritten (use --force to replace it)")
    assert draft.read_text(encoding="utf-8") == "kept\n" and snapshot(data_copy) == before


def test_cli_ingest_prints_what_it_wrote_and_the_next_steps(capsys, data_copy, reports):
    code, out, err = run(capsys, "ingest", str(PAGE), "--year", "2021", "--data-dir", str(data_copy),
                         "--url", "https://www.example.org/given")
    assert code == 0 and err == ""
    assert "raw/2021.html: the original, byte for byte" in out and "dataset.yml: source record for 2021 added" in out
    assert "next:" in out and "2021-draft.csv into" in out and "analysis validate --data-dir" in out
    assert "url: https://www.example.org/given" in config.dataset_path(data_copy).read_text(encoding="utf-8")
    code, _, err = run(capsys, "ingest", str(PAGE), "--year", "2021", "--data-dir", str(data_copy))
    assert code == 1 and "year 2021 already has data" in err  # a second time: refused


# ---------------------------------------------------------------------------------------------------
# Interrupted or failing writes: everything or nothing
# ---------------------------------------------------------------------------------------------------


def _parts(*folders):
    return [p for folder in folders for p in folder.rglob("*") if p.name.endswith((".part", ".replaced"))]


def test_interrupted_while_staging_writes_nothing(monkeypatch, data_copy, reports):
    real, calls = stage._temporary, []

    def interrupted(target, data):
        calls.append(target)
        if len(calls) == 3:
            raise KeyboardInterrupt
        return real(target, data)

    monkeypatch.setattr(stage, "_temporary", interrupted)
    before = snapshot(data_copy)
    with pytest.raises(KeyboardInterrupt):
        run_ingest(PAGE, 2021, data_dir=data_copy, accessed=ACCESSED)
    assert len(calls) == 3 and snapshot(data_copy) == before and not _parts(data_copy, reports)


def test_failed_rename_puts_back_what_was_replaced(monkeypatch, data_copy, reports):
    run_ingest(PAGE, 2021, data_dir=data_copy, accessed=ACCESSED)
    before = snapshot(data_copy, reports)
    real, calls = os.replace, []

    def failing(src, dst):
        calls.append(dst)
        if len(calls) == 5:  # after the original and raw/2021.txt were replaced
            raise OSError(28, "No space left on device")
        return real(src, dst)

    monkeypatch.setattr(stage.os, "replace", failing)
    with pytest.raises(OSError):
        run_ingest(FIXTURES / "gov-page.gbk.html", 2021, data_dir=data_copy, accessed=ACCESSED, force=True)
    monkeypatch.setattr(stage.os, "replace", real)
    assert snapshot(data_copy, reports) == before and not _parts(data_copy, reports)


class Stopped(Exception):
    """Raised by the test's SIGTERM handler (the command line raises KeyboardInterrupt the same way)."""


@pytest.fixture
def sigterm_raises():
    import signal

    def handler(signum, frame):
        raise Stopped

    previous = signal.signal(signal.SIGTERM, handler)
    yield
    signal.signal(signal.SIGTERM, previous)


def test_a_signal_during_the_renames_waits_until_all_are_done(monkeypatch, data_copy, reports, sigterm_raises):
    import signal

    real, calls = os.replace, []

    def replace_then_signal(src, dst):
        calls.append(dst)
        if len(calls) == 1:
            os.kill(os.getpid(), signal.SIGTERM)  # arrives while the first file is being renamed
        return real(src, dst)

    monkeypatch.setattr(stage.os, "replace", replace_then_signal)
    with pytest.raises(Stopped):
        run_ingest(PAGE, 2021, data_dir=data_copy, accessed=ACCESSED)
    monkeypatch.setattr(stage.os, "replace", real)
    from analysis.rules import validate

    assert len(calls) >= 4 and (data_copy / "raw" / "2021.html").exists()  # every file renamed, then the signal
    assert validate(data_copy) == [] and (reports / "extract" / "2021-draft.csv").exists()
    assert not _parts(data_copy, reports)
