"""Helpers shared by the ingest tests: the synthetic fixtures of tests/fixtures/ingest and files made
from them (a .docx with python-docx), and a snapshot of a folder to prove nothing was written."""

from __future__ import annotations

import datetime as dt
import hashlib
from pathlib import Path

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "ingest"  # synthetic
MAIN_TEXT = (FIXTURES / "main-text.txt").read_text(encoding="utf-8")
LINES = MAIN_TEXT.splitlines()
ACCESSED = dt.date(2026, 11, 29)

# Figures of the synthetic report's 2021 part (value, unit) that the draft must hold; the 工作计划
# part (300张, 8间) is next year's plan and not drafted.
FIGURES = {("3126", "户"), ("5480", "人"), ("2315.6", "万元"), ("412.8", "万元"), ("1902.8", "万元"),
           ("1058", "人"), ("986.4", "万元"), ("617", "人次"), ("128.75", "万元"), ("14", "家"), ("9", "家"),
           ("5", "家"), ("2360", "张"), ("1048.2", "万元"), ("1.86", "万人"), ("12", "间"), ("432", "名"),
           ("96.3", "万元"), ("173", "名"), ("215.3", "万元"), ("1650", "元/人/月"), ("286", "家"),
           ("96.5", "%"), ("1204", "名"), ("2873", "对"), ("756", "对"), ("1732", "宗"), ("84.6", "万元")}


def make_docx(path: Path) -> Path:
    """The synthetic report as a Word file made with python-docx: title, paragraphs, a page header and
    footer (not main text), core properties title and creation date."""
    import docx

    document = docx.Document()
    document.add_heading(LINES[0], level=1)
    for line in LINES[1:]:
        paragraph = document.add_paragraph(line)
        paragraph.paragraph_format.first_line_indent = docx.shared.Pt(24)
    section = document.sections[0]
    section.header.paragraphs[0].text = "示例区民政局文件（合成测试数据）"
    section.footer.paragraphs[0].text = "第1页 共1页"
    document.core_properties.title = LINES[0]
    document.core_properties.created = dt.datetime(2022, 1, 19, 8, 0, tzinfo=dt.timezone.utc)
    document.save(path)
    return path


def snapshot(*folders: Path) -> dict[str, str]:
    """Every file under ``folders`` (path -> sha256), to show that nothing was written or left behind."""
    files = {}
    for folder in folders:
        for path in sorted(Path(folder).rglob("*")) if Path(folder).exists() else ():
            if path.is_file():
                files[str(path)] = hashlib.sha256(path.read_bytes()).hexdigest()
    return files
