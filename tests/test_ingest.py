"""`analysis ingest`: web pages (UTF-8, GBK), Word and text files become raw/Y.<ext>, the derived
raw/Y.txt, a provenance record and a draft; validate re-derives. Fixtures are synthetic
(tests/fixtures/ingest). The Chromium-printed PDFs are in test_ingest_pdf.py (integration)."""

from __future__ import annotations

import datetime as dt
import hashlib
from pathlib import Path

import pytest
import yaml

from analysis import config
from analysis.errors import DataError
from analysis.ingest import derive_file, run_ingest
from analysis.ingest.provenance import record, with_record
from analysis.rules import validate
from conftest import FIXTURE, copy_data

# Shared with test_ingest_errors.py and test_ingest_pdf.py: the synthetic fixtures of
# tests/fixtures/ingest, a .docx made from them, and a snapshot of folders to show nothing was written.
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


UTF8, GBK = FIXTURES / "gov-page.utf8.html", FIXTURES / "gov-page.gbk.html"
CHROME = ("当前位置", "首页", "政务公开", "今天是", "无障碍", "备案号", "访问量", "siteVisits", "7788", "999万元",
          "分享到", "字体", "打印本页", "关闭窗口", "相关文章", "2100万元", "发布时间", "请输入关键字")


@pytest.fixture(scope="module")
def docx_file(tmp_path_factory):
    return make_docx(tmp_path_factory.mktemp("docx") / "report.docx")


@pytest.fixture
def reports(tmp_path, monkeypatch):
    """The default draft folder (reports/) redirected into the test's folder."""
    monkeypatch.setattr(config, "REPORTS_DIR", tmp_path / "reports")
    return tmp_path / "reports"


def _ingest(path, data_dir, year=2021, **kw):
    return run_ingest(path, year, data_dir=data_dir, accessed=ACCESSED, **kw)


# ---------------------------------------------------------------------------------------------------
# Derivation: the same main text from every format, deterministic, chrome dropped
# ---------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("page", [UTF8, GBK], ids=["utf8", "gbk"])
def test_web_page_gives_the_main_text_without_site_chrome(page):
    name, derived = derive_file(page)
    assert name == "html"
    assert derived.text == MAIN_TEXT
    assert not [word for word in CHROME if word in derived.text]
    assert (derived.title, derived.published) == (LINES[0], "2022-01-20")
    assert derived.publisher == "示例区人民政府网站(来源:示例区民政局)"
    assert derived.url == "https://www.example.org/shiliqu/mzj/ghjh/content/post_100001.html"


def test_gbk_page_is_really_gbk_and_declares_it():
    data = GBK.read_bytes()
    with pytest.raises(UnicodeDecodeError):
        data.decode("utf-8")
    assert b"charset=gb2312" in data and data.decode("gbk") == UTF8.read_text(encoding="utf-8").replace(
        '<meta charset="utf-8">', '<meta http-equiv="Content-Type" content="text/html; charset=gb2312">')


def test_docx_gives_the_same_main_text_without_header_and_footer(docx_file):
    name, derived = derive_file(docx_file)
    assert name == "docx" and derived.text == MAIN_TEXT
    assert "示例区民政局文件" not in derived.text and "第1页" not in derived.text
    assert (derived.title, derived.published) == (LINES[0], "2022-01-19")


@pytest.mark.parametrize("page", [UTF8, GBK, "docx"])
def test_derivation_is_deterministic(page, docx_file):
    path = docx_file if page == "docx" else page
    data = path.read_bytes()
    first = derive_file(path, data)[1].text
    assert all(derive_file(path, bytes(data))[1].text == first for _ in range(3))


def _page(body: str, head: str = '<meta charset="utf-8">') -> bytes:
    return f"<html><head>{head}<title>t</title></head><body>{body}</body></html>".encode("utf-8")


def test_nbsp_and_chinese_punctuation_are_kept_inside_a_line_indentation_is_not(tmp_path):
    path = tmp_path / "p.html"
    path.write_bytes(_page("<div class='content'><p>&nbsp;&nbsp;\u3000全年救助（临时）617人次；发放\u00a0128.75\u00a0万元。</p>"
                           "<p>“兜底线”：共3家、2户！</p></div>"))
    lines = derive_file(path)[1].lines
    assert lines == ("全年救助（临时）617人次；发放\u00a0128.75\u00a0万元。", "“兜底线”：共3家、2户！")


def test_title_in_an_article_header_is_kept_and_the_site_logo_is_not(tmp_path):
    path = tmp_path / "p.html"
    path.write_bytes(_page(
        "<header class='site-header'><h1 class='logo'>示例区人民政府网站</h1></header>"
        "<main><article><header class='article-header'><h1>示例区民政局2021年工作总结</h1>"
        "<p class='meta'>发布日期：2022年1月20日 来源：本网</p></header>"
        "<section class='article-body'><p>全年发放低保金2315.6万元。</p><p>共有养老机构14家。</p></section>"
        "</article></main><footer><p>版权所有 示例区人民政府</p></footer>",
        '<meta charset="utf-8"><meta property="og:site_name" content="示例区人民政府网站">'))
    derived = derive_file(path)[1]
    assert derived.lines == ("示例区民政局2021年工作总结", "全年发放低保金2315.6万元。", "共有养老机构14家。")
    assert (derived.title, derived.published, derived.publisher) == (
        "示例区民政局2021年工作总结", "2022-01-20", "示例区人民政府网站(来源:本网)")


def test_gbk_character_outside_gb2312_in_a_page_declaring_gb2312(tmp_path):
    path = tmp_path / "p.html"
    head = '<meta http-equiv="Content-Type" content="text/html; charset=gb2312">'
    path.write_bytes(_page("<p>张喆同志走访困难群众12户，发放慰问金3.6万元。</p>", head).decode("utf-8").encode("gbk"))
    assert derive_file(path)[1].lines == ("张喆同志走访困难群众12户，发放慰问金3.6万元。",)


def test_page_without_declared_encoding_falls_back_to_gb18030(tmp_path):
    path = tmp_path / "p.html"
    path.write_bytes("<html><body><p>发放低保金2315.6万元。</p></body></html>".encode("gb18030"))
    assert derive_file(path)[1].lines == ("发放低保金2315.6万元。",)


# ---------------------------------------------------------------------------------------------------
# Ingest: original, derived text, provenance, validate, draft
# ---------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("page", [UTF8, GBK, "docx"])
def test_ingest_stores_original_derives_text_adds_record_and_draft(page, docx_file, data_copy, reports):
    path = docx_file if page == "docx" else page
    before = config.dataset_path(data_copy).read_text(encoding="utf-8")
    run = _ingest(path, data_copy)
    raw = data_copy / "raw"
    assert (raw / f"2021{path.suffix}").read_bytes() == path.read_bytes()
    assert (raw / "2021.txt").read_text(encoding="utf-8") == MAIN_TEXT
    after = config.dataset_path(data_copy).read_text(encoding="utf-8")
    assert after.startswith(before)  # every line and comment of dataset.yml kept, the record appended
    entry = yaml.safe_load(after)["sources"][2021]
    assert entry == run.record and all(str(entry[key]) for key in (
        "file", "title", "publisher", "published", "accessed", "sha256", "original", "original_sha256", "derived_by"))
    assert entry["sha256"] == hashlib.sha256((raw / "2021.txt").read_bytes()).hexdigest()
    assert entry["original_sha256"] == hashlib.sha256(path.read_bytes()).hexdigest()
    assert entry["original"] == f"raw/2021{path.suffix}" and str(entry["accessed"]) == "2026-11-29"
    assert entry["title"] == LINES[0] == "示例区民政局2021年工作总结（合成测试数据）"
    assert yaml.safe_load(after)["sources"][2020] == yaml.safe_load(before)["sources"][2020]
    if page == "docx":  # what the file does not state is filled in and said so, in the record and the steps
        assert entry["publisher"] == "江门市新会区民政局" and "publisher not stated in the file" in entry["note"]
        assert str(entry["published"]) == "2022-01-19" and "creation date" in entry["note"]
        assert [n.split(":")[0] for n in run.notes] == ["publisher", "published", "url"]
    else:
        assert entry["publisher"] == "示例区人民政府网站(来源:示例区民政局)" and str(entry["published"]) == "2022-01-20"
        assert entry["note"] == "Main text derived from a saved web page." and run.notes == ()
    assert validate(data_copy) == []
    draft = run.draft_path.read_text(encoding="utf-8")
    assert run.draft_path == reports / "extract" / "2021-draft.csv"
    assert FIGURES <= set(zip(run.draft["value"], run.draft["unit"]))
    assert all(quote in MAIN_TEXT for quote in run.draft["quote"]) and "300" not in set(run.draft["value"])
    assert draft.startswith("id,year,section,program,indicator,value,unit")


def test_ingest_of_a_utf8_text_keeps_it_verbatim(tmp_path, data_copy, reports):
    path = tmp_path / "report.txt"
    path.write_bytes(("\ufeff" + MAIN_TEXT.replace("\n", "\r\n")).encode("utf-8"))
    run = _ingest(path, data_copy)
    assert (data_copy / "raw" / "2021.txt").read_bytes() == path.read_bytes()
    assert run.original is None and "original" not in run.record
    assert sorted(p.name for p in (data_copy / "raw").iterdir()) == ["2020.txt", "2021.txt"]
    assert validate(data_copy) == []


def test_record_goes_in_year_order_and_comments_after_the_sources_stay(tmp_path, reports):
    data = copy_data(tmp_path / "two", FIXTURE)  # synthetic two-year fixture; comments after sources:
    before = config.dataset_path(data).read_text(encoding="utf-8")
    _ingest(UTF8, data, year=2022)
    after = config.dataset_path(data).read_text(encoding="utf-8")
    comments = [line for line in before.splitlines() if line.lstrip().startswith("#")]
    assert [line for line in after.splitlines() if line.lstrip().startswith("#")] == comments
    assert after.index("  2022:") < after.index("# Changes built in")
    assert list(yaml.safe_load(after)["sources"]) == [2020, 2021, 2022]
    early = with_record(before, 2019, record(file="raw/2019.txt", title="t", publisher="p", url="", published="2020-01-02",
                                             accessed="2026-11-29", sha256="0" * 64), "dataset.yml")
    assert list(yaml.safe_load(early)["sources"]) == [2019, 2020, 2021]
    assert [line for line in early.splitlines() if line not in before.splitlines()][0] == "  2019:"


def test_force_replaces_the_year_and_removes_the_old_original(docx_file, data_copy, reports):
    _ingest(UTF8, data_copy)
    (data_copy / "raw" / "2021.notes.md").write_text("not a report\n", encoding="utf-8")  # not ingest's: kept
    run = _ingest(docx_file, data_copy, force=True)
    assert sorted(p.name for p in (data_copy / "raw").iterdir()) == ["2020.txt", "2021.docx", "2021.notes.md", "2021.txt"]
    text = config.dataset_path(data_copy).read_text(encoding="utf-8")
    assert text.count("  2021:") == 1 and yaml.safe_load(text)["sources"][2021]["original"] == "raw/2021.docx"
    assert "raw/2021.html" in " ".join(run.replaced) and validate(data_copy) == []


# ---------------------------------------------------------------------------------------------------
# validate re-derives raw/Y.txt from the stored original
# ---------------------------------------------------------------------------------------------------


@pytest.fixture
def ingested(data_copy, reports):
    _ingest(GBK, data_copy)
    return data_copy


def test_validate_finds_an_edited_derived_text(ingested):
    path = ingested / "raw" / "2021.txt"
    path.write_text(MAIN_TEXT.replace("3126户", "3127户"), encoding="utf-8")
    messages = [str(p) for p in validate(ingested)]
    assert any("raw/2021.txt, line 4: differs from the text derived from raw/2021.html" in m for m in messages)
    assert any("raw reports are never edited" in m for m in messages)  # its sha256 too


def test_validate_finds_an_edited_or_missing_original(ingested):
    original = ingested / "raw" / "2021.html"
    original.write_bytes(original.read_bytes().replace(b"3126", b"3127"))
    assert [str(p) for p in validate(ingested)] == [
        f"{config.display_path(original)}: found sha256 {hashlib.sha256(original.read_bytes()).hexdigest()[:12]}…, "
        f"expected {hashlib.sha256(GBK.read_bytes()).hexdigest()[:12]}… as in dataset.yml: raw reports are never edited"]
    original.unlink()
    assert [p.message for p in validate(ingested)] == ["the 2021 record names the original raw/2021.html, which is missing"]


def test_validate_of_the_real_data_is_unchanged():
    assert validate(config.DATA_DIR) == []


def test_dataset_record_without_ingest_keys_reads_as_before():
    from analysis.dataset import load_dataset

    source = load_dataset(config.DATA_DIR).source_for(2020)
    assert (source.original, source.original_sha256, source.derived_by) == ("", "", "")
    assert source.sha256 == hashlib.sha256((config.DATA_DIR / "raw" / "2020.txt").read_bytes()).hexdigest()


def test_with_record_refuses_what_it_cannot_insert_cleanly():
    with pytest.raises(DataError, match="no top-level `sources:` key"):
        with_record("region: x\n", 2021, record(file="f", title="t", publisher="p", url="", published="",
                                                 accessed="2026-11-29", sha256="0"), "dataset.yml")
    with pytest.raises(DataError, match="written inline"):
        with_record("sources: {2020: {file: a}}\n", 2021, {"file": "b"}, "dataset.yml")


def test_rebuilding_from_the_stored_original_keeps_when_and_where_it_was_retrieved(data_copy, reports):
    retrieved = dt.date(2022, 1, 25)  # not today: the rebuilt record must keep it
    run_ingest(GBK, 2021, data_dir=data_copy, accessed=retrieved, url="https://www.example.org/given")
    original = data_copy / "raw" / "2021.html"
    run = run_ingest(original, 2021, data_dir=data_copy, force=True)  # e.g. after a parser upgrade
    assert (run.record["accessed"], run.record["url"]) == (retrieved, "https://www.example.org/given")
    assert original.read_bytes() == GBK.read_bytes() and validate(data_copy) == []
    other = run_ingest(UTF8, 2021, data_dir=data_copy, force=True)  # another file: retrieved today, its own address
    assert (other.record["accessed"], other.record["url"]) == (dt.date.today(), "https://www.example.org/shiliqu/mzj/ghjh/content/post_100001.html")
