"""Extraction, issue 9: the forms of real reports (compound counts, areas, 、-rates, vague Chinese
numerals, bare 万/亿), every emitted unit accepted by the registry, plausibility of suggestions, and
the whole cycle with the command line alone (extract --draft, fill in, validate)."""

from __future__ import annotations

import csv
import hashlib
import io
from decimal import Decimal
from pathlib import Path

import pandas as pd
import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from analysis.cli import main
from analysis.extract import (CANDIDATE_COLUMNS, PLAUSIBLE_RATIO, draft_figures, extract, format_ratio,
                              implausibility, read_report, run_extract)
from analysis.fields import FIGURE_FIELDS, column_names
from analysis.numbers import CN_DIGITS, numbers_in
from analysis.rules import validate
from analysis.vocab import MONEY, figure_measure_words, parse_unit

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "tests" / "fixtures" / "extract"
EXPECTED = pd.read_csv(FIXTURES / "expected.csv", comment="#", dtype=str, keep_default_na=False)
PREVIOUS_DATA = FIXTURES / "implausible_data"  # synthetic: last year's figures of implausible_2022.txt
DECLARED = ("罐",)  # a measure word the registry does not know, declared in a dataset's units:


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def one(text: str, **kwargs) -> pd.Series:
    found = extract(text, 2022, **kwargs)
    assert len(found) == 1, (text, list(found["surface"]))
    return found.iloc[0]


# --------------------------------------------------------------------------------------------------
# The bare 万/亿 rule
# --------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("text, surface, value_base, unit, approx", [
    ("受益群众约12万。", "12万", 120000, "万人", "约"),
    ("服务长者2.3万。", "2.3万", 23000, "万人", ""),
    ("惠及困难家庭1.5万。", "1.5万", 15000, "万户", ""),
    ("资金300万。", "300万", 3000000, "万元", ""),
    ("投入资金300万用于改造。", "300万", 3000000, "万元", ""),
    ("向各镇街拨付300万。", "300万", 3000000, "万元", ""),
    ("安排资金300万支出。", "300万", 3000000, "万元", ""),  # 300万支: 支 is part of 支出
    ("福利彩票销售1.3亿。", "1.3亿", 130000000, "亿元", ""),
    ("服务长者2.3万余。", "2.3万余", 23000, "万人", "余"),
])
def test_bare_magnitude_takes_the_unit_of_the_nearest_cue(text, surface, value_base, unit, approx):
    row = one(text)
    assert (row["surface"], row["value_base"], row["unit"], row["approx"]) == (surface, value_base, unit, approx)
    assert parse_unit(row["unit"]).base == row["unit_base"]


def test_bare_magnitude_after_an_earlier_figure_of_the_sentence_takes_its_unit():
    c = extract("全年接待来访群众3.5万人次，比上年增加1.2万。支出1200万元，比上年增加300万。", 2022)
    assert list(zip(c["surface"], c["unit"])) == [("3.5万人次", "万人次"), ("1.2万", "万人次"),
                                                  ("1200万元", "万元"), ("300万", "万元")]


def test_the_nearest_cue_wins():
    # 群众 stands after the 3200人次 figure, nearer to 12万: people; 资金 after 群众: money.
    c = extract("救助困难群众3200人次，受益群众约12万，发放群众慰问资金50万。", 2022)
    assert list(c["unit"]) == ["人次", "万人", "万元"]


@pytest.mark.parametrize("text", [
    "门户网站点击量达25万。",  # no cue at all
    "投入资金500万元。点击量达30万。",  # the cue is in the sentence before
    "受益群众众多。全年浏览量12万。",
    "情况十万火急。",  # a Chinese numeral with a bare 万 is never read
    "发放物资2万。",  # 发放 also takes goods: not a money cue
])
def test_bare_magnitude_without_a_cue_in_its_sentence_is_no_candidate(text):
    found = extract(text, 2022)
    assert found[~found["surface"].str.endswith(("万元",))].empty, list(found["surface"])


# --------------------------------------------------------------------------------------------------
# Vague Chinese numbers
# --------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("text, surface, value_base, approx", [
    ("组织二十几户家庭。", "二十几户", 20, "几"),
    ("三十余人就业。", "三十余人", 30, "余"),
    ("数百名志愿者参与。", "数百名", 100, "数"),
    ("上千人次参与。", "上千人次", 1000, "上"),
    ("参与群众数十万人。", "数十万人", 100000, "数"),
    ("十几万人受益。", "十几万人", 100000, "几"),
    ("约二十几户。", "二十几户", 20, "约、几"),
])
def test_vague_chinese_numbers_keep_their_marker(text, surface, value_base, approx):
    row = one(text)
    assert (row["surface"], row["value_base"], row["approx"]) == (surface, value_base, approx)


@pytest.mark.parametrize("text", ["数十个社区参与。", "几十名志愿者。", "60周岁以上千余名老人。", "提高百分之几十。"])
def test_vague_tens_and_words_ending_in_the_lead_are_no_figures(text):
    assert extract(text, 2022).empty


def test_chinese_numeral_before_a_unit_starting_with_a_numeral_character_is_read_as_the_validator_reads_it():
    """二千克 is 2 千克 and the validator's quote check finds 2 in it: the extractor never writes a
    value the validator cannot find in the quote."""
    found = extract("巡查三十千米,配送二千克物资。", 2022)
    for row in found.itertuples():
        assert Decimal(str(row.value)).normalize() in numbers_in(row.quote), row.surface
    assert ("二千克", 2.0, "千克") in set(zip(found["surface"], found["value_base"], found["unit_base"]))
    assert list(extract("巡查30千米,配送2千克物资。", 2022)["surface"]) == ["30千米", "2千克"]


# --------------------------------------------------------------------------------------------------
# Every emitted unit is a unit of the registry
# --------------------------------------------------------------------------------------------------

WORDS = sorted(set(figure_measure_words(DECLARED)) | {MONEY})
_FULL = str.maketrans("0123456789.,", "０１２３４５６７８９．，")
CHINESE = {2: "二", 3: "三", 12: "十二", 30: "三十", 45: "四十五", 120: "一百二十", 3600: "三千六百", 20000: "两万"}
VAGUE = {"二十几": (20, "几"), "十几": (10, "几"), "数百": (100, "数"), "上千": (1000, "上"), "数千": (1000, "数")}
RATES = ["", "/人", "/人/月", "/人、月", "/人·年", "/千人", "/户", "/户、年"]
PREFIXES = ["", "每人每月", "每千人口拥有", "人均"]


@st.composite
def numbers(draw) -> tuple[str, Decimal, str, bool]:
    """(as written, value, approx marker, Chinese?)"""
    style = draw(st.sampled_from(["plain", "decimal", "thousands", "fullwidth", "chinese", "vague"]))
    if style == "chinese":
        n = draw(st.sampled_from(sorted(CHINESE)))
        return CHINESE[n], Decimal(n), "", True
    if style == "vague":
        written = draw(st.sampled_from(sorted(VAGUE)))
        return written, Decimal(VAGUE[written][0]), VAGUE[written][1], True
    n = draw(st.integers(min_value=1, max_value=10**7))
    if style == "plain":
        return str(n), Decimal(n), "", False
    if style == "decimal":
        cents = draw(st.integers(min_value=1, max_value=99))
        return f"{n}.{cents:02d}", Decimal(f"{n}.{cents:02d}"), "", False
    written = f"{n:,}"
    return (written.translate(_FULL) if style == "fullwidth" else written), Decimal(n), "", False


@settings(max_examples=600, deadline=None)
@given(numbers(), st.sampled_from(["", "万", "亿"]), st.sampled_from(WORDS), st.sampled_from(RATES),
       st.sampled_from(PREFIXES), st.sampled_from(["全区共有", "累计发放", "今年新增", ""]))
def test_every_emitted_unit_is_accepted_by_the_registry(number, magnitude, word, rate, prefix, lead):
    """A figure written any supported way, with any figure measure word of the registry (and a
    declared one), any magnitude and any rate form, is read once, and its unit parses to its base."""
    written, value, approx, chinese = number
    if chinese and magnitude == "亿" and written in VAGUE:
        magnitude = "万"
    figure = f"{written}{magnitude}{word}{rate}"
    text = f"{lead}{prefix}{figure}，服务质量明显提升。"
    found = extract(text, 2022, extra_units=DECLARED)
    for row in found.itertuples():  # whatever is read: a unit of the registry, a value validate finds
        unit = parse_unit(row.unit, DECLARED)
        assert unit.base == row.unit_base and unit.kind == row.kind
        assert Decimal(repr(float(row.value))).normalize() in numbers_in(row.fragment)
    if chinese and word[0] in CN_DIGITS:  # 二千克 is 2000克, 二万千克 nothing: see the test above
        return
    assert len(found) == 1, (text, list(found["surface"]))
    row = found.iloc[0]
    unit = parse_unit(row["unit"], DECLARED)
    assert unit.base == row["unit_base"] and unit.kind == row["kind"]
    assert text[row["start"]:row["end"]] == row["surface"] and row["surface"].startswith(written)
    factor = {"": 1, "万": 10_000, "亿": 100_000_000}[magnitude]
    assert Decimal(repr(float(row["value_base"]))) == pytest.approx(value * factor, rel=Decimal("1e-12"))
    assert Decimal(repr(float(row["value"]))) * unit.magnitude == pytest.approx(value * factor, rel=Decimal("1e-12"))
    assert row["approx"] == approx
    if rate:
        assert row["surface"] == figure and row["kind"] == "rate"


def test_declared_measure_words_are_read_only_when_declared(tmp_path):
    assert extract("发放慰问品300罐。", 2022).empty
    row = one("发放慰问品300罐。", extra_units=DECLARED)
    assert (row["unit"], row["unit_base"], row["kind"]) == ("罐", "罐", "count")
    data = tmp_path / "data"
    (data / "figures").mkdir(parents=True)
    (data / "dataset.yml").write_text("region: x\nbureau: x\ncurrency_unit: 元\nsources: {}\nunits: [罐]\n", encoding="utf-8")
    report = tmp_path / "r.txt"
    report.write_text("发放慰问品300罐。", encoding="utf-8")
    assert list(run_extract(report, 2022, data_dir=data).candidates["unit"]) == ["罐"]


def test_a_rate_the_registry_cannot_read_is_not_emitted_as_one():
    row = one("每百户拥有5个。")  # 个/百户 is no unit of the registry: a plain count
    assert (row["unit"], row["kind"]) == ("个", "count")
    assert extract("收费5元/个。", 2022).empty


# --------------------------------------------------------------------------------------------------
# Plausibility of suggestions
# --------------------------------------------------------------------------------------------------


def test_implausibility_band_and_kind():
    low, high = PLAUSIBLE_RATIO
    assert (low, high) == (0.2, 5.0)
    assert implausibility(100, "money", 100 / low, "money") == ""
    assert implausibility(100, "money", 100 / high, "money") == ""
    assert implausibility(2000, "money", 98670100, "money") == "ratio 0.00002 outside 0.2–5"
    assert implausibility(600, "count", 100, "count") == "ratio 6 outside 0.2–5"
    assert implausibility(1800, "rate", 1800, "money") == "kind rate differs from money last year"
    assert implausibility(5, "count", 0, "count") == ""  # no ratio to a zero
    assert (format_ratio(2.0269e-5), format_ratio(7.25), format_ratio(0.15), format_ratio(float("nan"))) == \
        ("0.00002", "7.2", "0.15", "—")


@pytest.fixture(scope="module")
def implausible_run():
    return run_extract(FIXTURES / "implausible_2022.txt", 2022, data_dir=PREVIOUS_DATA)


def test_implausible_suggestion_stays_visible_in_the_candidates(implausible_run):
    c = implausible_run.candidates.set_index("surface")
    assert list(implausible_run.candidates.columns) == CANDIDATE_COLUMNS
    assert CANDIDATE_COLUMNS[-3:] == ["prev_value", "ratio", "implausible"]
    low = c.loc["0.20万元"]
    assert low["suggested_id"] == "assistance.basic_living.spend" and low["program"] == "基本生活保障"
    assert low["prev_value"] == 98670100 and low["ratio"] == pytest.approx(2000 / 98670100)
    assert low["implausible"] == "ratio 0.00002 outside 0.2–5"
    fine = c.loc["1189.2万元"]
    assert fine["suggested_id"] == "elderly.longevity_allowance.spend" and fine["implausible"] == ""
    assert fine["ratio"] == pytest.approx(1189.2 / 1121.08)
    assert c.loc["31间", "prev_value"] == 28
    assert "assistance.basic_living.spend" in set(implausible_run.misses["id"])  # the draft does not carry it


def test_implausible_suggestion_is_unmatched_in_the_draft(implausible_run):
    draft = draft_figures(implausible_run.candidates, 2022).set_index("value")
    low = draft.loc["0.2"]
    assert low["id"].startswith("assistance.new_") and low["program"] == "" and low["indicator"] == ""
    assert low["flow"] == "spend"  # read from the text (发放), not taken from last year
    assert ("not matched to assistance.basic_living.spend (9867.01万元 last year): ratio 0.00002 outside 0.2–5"
            in low["note"])
    assert draft.loc["1189.2", "id"] == "elderly.longevity_allowance.spend"
    assert draft.loc["31", "program"] == "长者饭堂"


def test_a_plausible_candidate_gets_the_id_before_an_implausible_one():
    previous = pd.read_csv(PREVIOUS_DATA / "figures" / "2021.csv", dtype=str, keep_default_na=False)
    text = "（一）兜牢基本生活保障底线。全年共发放基本生活保障金0.20万元，全年共发放基本生活保障金9900.5万元。"
    c = extract(text, 2022, previous).set_index("surface")
    assert c.loc["9900.5万元", "suggested_id"] == "assistance.basic_living.spend"
    assert c.loc["9900.5万元", "implausible"] == ""
    assert c.loc["0.20万元", "suggested_id"] != "assistance.basic_living.spend"


# --------------------------------------------------------------------------------------------------
# The cycle with the command line alone: extract --draft, fill in, validate
# --------------------------------------------------------------------------------------------------


def forms_report() -> str:
    """Every synthetic form text of expected.csv, one after another: a report made of all the forms."""
    return "\n".join(read_report(FIXTURES / name) for name in sorted(EXPECTED["file"].unique()))


def dataset_dir(root: Path, year: int, text: str) -> Path:
    data = root / "data"
    (data / "raw").mkdir(parents=True)
    (data / "figures").mkdir()
    raw = data / "raw" / f"{year}.txt"
    raw.write_text(text, encoding="utf-8")
    (data / "dataset.yml").write_text(yaml.safe_dump({
        "region": "示例区", "bureau": "示例区民政局 (SYNTHETIC)", "currency_unit": "元",
        "sources": {year: {"file": f"raw/{year}.txt", "title": "synthetic forms", "sha256": digest(raw)}},
    }, allow_unicode=True), encoding="utf-8")
    return data


def test_cli_draft_filled_in_validates(tmp_path, capsys):
    """`analysis extract --draft` writes figures/Y.csv; filling only program, indicator and (for
    money) flow makes `analysis validate` pass, for a report made of every form."""
    year = 2022  # the fixtures' year: their 2022年工作总结 is the part about the year, not a plan
    data = dataset_dir(tmp_path, year, forms_report())
    draft = data / "figures" / f"{year}.csv"
    code = main(["extract", str(data / "raw" / f"{year}.txt"), "--year", str(year), "--data-dir", str(data),
                 "--draft", str(draft)])
    out, err = capsys.readouterr()
    assert code == 0, err
    candidates = pd.read_csv(io.StringIO(out), keep_default_na=False)
    rows = list(csv.DictReader(io.StringIO(draft.read_text(encoding="utf-8"))))
    assert list(rows[0]) == column_names(FIGURE_FIELDS)
    assert len(rows) == (candidates["plan"].astype(str) == "False").sum() > 80
    assert f"draft: {len(rows)} row(s) written to" in err
    assert validate(data)  # not yet: program and indicator are empty, money has no flow everywhere
    for n, row in enumerate(rows):
        row["program"], row["indicator"] = f"项目{n}", "数量"
        if parse_unit(row["unit"]).kind == "money" and not row["flow"]:
            row["flow"] = "spend"
    with draft.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=column_names(FIGURE_FIELDS), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    assert [str(p) for p in validate(data)] == []


def test_cli_draft_and_out_are_never_overwritten_without_force(tmp_path, capsys):
    report = FIXTURES / "implausible_2022.txt"
    out, draft = tmp_path / "candidates.csv", tmp_path / "draft.csv"
    args = ["extract", str(report), "--year", "2022", "--data-dir", str(PREVIOUS_DATA), "--draft", str(draft)]
    assert main(args) == 0
    err = capsys.readouterr().err
    assert "implausible: 1 suggestion(s) left unmatched in the draft" in err and "assistance.basic_living.spend" in err
    before = digest(draft)

    assert main([*args, "--out", str(out)]) != 0  # the draft exists: nothing is written, not even --out
    err = capsys.readouterr().err
    assert "already exists" in err and "--force" in err and "Traceback" not in err
    assert len(err.strip().splitlines()) == 1
    assert digest(draft) == before and not out.exists() and not (tmp_path / "candidates.misses.csv").exists()

    draft.write_text("old\n", encoding="utf-8")
    assert main([*args, "--out", str(out), "--force"]) == 0
    capsys.readouterr()
    assert digest(draft) == before and out.exists()


@pytest.mark.parametrize("case", ["same", "directory"])
def test_cli_bad_draft_path_is_one_line(tmp_path, capsys, case):
    target = tmp_path / "x.csv"
    extra = ["--out", str(target), "--draft", str(target)] if case == "same" else ["--draft", str(tmp_path)]
    code = main(["extract", str(FIXTURES / "decimals.txt"), "--year", "2022", "--data-dir", str(PREVIOUS_DATA), *extra])
    out, err = capsys.readouterr()
    assert code != 0 and out == "" and len(err.strip().splitlines()) == 1 and "--draft" in err
    assert not target.exists()


# --------------------------------------------------------------------------------------------------
# Shape of the package
# --------------------------------------------------------------------------------------------------


def test_extract_modules_are_small_and_define_no_vocabulary():
    folder = ROOT / "src" / "analysis" / "extract"
    for path in folder.glob("*.py"):
        source = path.read_text(encoding="utf-8")
        assert len(source.splitlines()) <= 300, path.name
        for copy in ("SECTION_KEYWORDS", "SECTION_SLUGS", "_FLOW_OF", "_CN_ALL", "MEASURE_WORDS = ", "import cn2an"):
            assert copy not in source, (path.name, copy)
