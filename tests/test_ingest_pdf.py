"""`analysis ingest` of PDFs printed by Chromium (integration): a text PDF of the synthetic report
ingests to the same main text as its web page and Word file; a PDF holding only an image (no text
layer) is refused with one line. pdftotext reads the printed PDF independently of pypdf."""

from __future__ import annotations

import base64
import shutil
import struct
import subprocess
import zlib

import pytest

from analysis import config
from analysis.cli import main
from analysis.ingest import derive_file, run_ingest
from analysis.report.pdf import print_pdf
from analysis.rules import validate
from test_ingest import ACCESSED, FIGURES, FIXTURES, LINES, MAIN_TEXT, snapshot

pytestmark = pytest.mark.integration


def _png(width: int = 240, height: int = 120) -> bytes:
    """A grey PNG with a dark band: an image, no text."""
    rows = b"".join(b"\x00" + bytes([60 if height // 3 < y < 2 * height // 3 else 200] * width) for y in range(height))

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b"")


@pytest.fixture(scope="module")
def printed(tmp_path_factory):
    """The synthetic report printed by Chromium, and a page holding only a PNG printed the same way."""
    folder = tmp_path_factory.mktemp("pdf")
    text_pdf = print_pdf(FIXTURES / "article.html", folder / "report.pdf")
    image_page = folder / "scan.html"
    image_page.write_text('<!DOCTYPE html><html><head><meta charset="utf-8"></head><body>'
                          f'<img src="data:image/png;base64,{base64.b64encode(_png()).decode()}" width="600"></body></html>',
                          encoding="utf-8")
    return text_pdf, print_pdf(image_page, folder / "scan.pdf")


@pytest.fixture(scope="module")
def long_pdf(tmp_path_factory):
    """The synthetic report in large type over several pages, with page numbers in the footer."""
    folder = tmp_path_factory.mktemp("long")
    page = (FIXTURES / "article.html").read_text(encoding="utf-8").replace(
        "</style>", '@page { @bottom-center { content: "- " counter(page) " -"; } }\n'
                    "body { font-size: 26pt; }\n</style>")
    (folder / "long.html").write_text(page, encoding="utf-8")
    return print_pdf(folder / "long.html", folder / "long.pdf")


@pytest.fixture
def reports(tmp_path, monkeypatch):
    monkeypatch.setattr(config, "REPORTS_DIR", tmp_path / "reports")
    return tmp_path / "reports"


def test_printed_pdf_gives_the_same_main_text(printed):
    name, derived = derive_file(printed[0])
    assert name == "pdf" and derived.text == MAIN_TEXT
    assert derived.title == LINES[0] and derived.tool.startswith("pdf: pypdf")
    assert derivation_again(printed[0]) == derived.text


def test_paragraphs_run_across_pages_and_page_numbers_are_dropped(long_pdf):
    from pypdf import PdfReader

    reader = PdfReader(long_pdf)
    assert len(reader.pages) >= 3 and "- 2 -" in reader.pages[1].extract_text()
    assert derive_file(long_pdf)[1].text == MAIN_TEXT


def derivation_again(path):
    return derive_file(path, path.read_bytes())[1].text


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="pdftotext (poppler-utils) not installed")
def test_pdftotext_reads_the_same_characters(printed):
    read = subprocess.run(["pdftotext", "-enc", "UTF-8", str(printed[0]), "-"], capture_output=True, text=True,
                          check=True).stdout
    assert "".join(read.split()) == "".join(MAIN_TEXT.split())


def test_ingest_of_the_printed_pdf(printed, data_copy, reports):
    run = run_ingest(printed[0], 2021, data_dir=data_copy, accessed=ACCESSED)
    assert (data_copy / "raw" / "2021.pdf").read_bytes() == printed[0].read_bytes()
    assert (data_copy / "raw" / "2021.txt").read_text(encoding="utf-8") == MAIN_TEXT
    entry = run.record
    assert entry["title"] == LINES[0] and entry["original"] == "raw/2021.pdf" and entry["derived_by"]
    assert str(entry["published"]) and "creation date" in entry["note"]  # Chromium's print date: flagged to check
    assert any("published:" in note and "check it" in note for note in run.notes)
    assert validate(data_copy) == []  # re-derived from the stored PDF
    assert FIGURES <= set(zip(run.draft["value"], run.draft["unit"]))


def test_image_only_pdf_is_refused_with_one_line(printed, capsys, data_copy, reports):
    from pypdf import PdfReader

    assert PdfReader(printed[1]).pages[0].images  # an image, and no text
    before = snapshot(data_copy)
    code = main(["ingest", str(printed[1]), "--year", "2021", "--data-dir", str(data_copy)])
    out, err = capsys.readouterr()
    assert code == 1 and out == "" and len(err.strip().splitlines()) == 1
    assert "scan.pdf: PDF of 1 page(s) without a text layer (a scan or images only); no OCR here" in err
    assert snapshot(data_copy) == before and not reports.exists()
