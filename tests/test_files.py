"""Files as people save them: Excel/WPS (UTF-8 with BOM, CRLF), Windows checkouts, GBK; and what we write."""

from __future__ import annotations

import hashlib
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml
from conftest import DATA, FIXTURE, ROOT, copy_data

from analysis import load_figures, load_plans
from analysis.atomic import write_text
from analysis.cli import main
from analysis.errors import DataError
from analysis.files import normalise_text, read_text
from analysis.rules import validate

FIG, PLAN, RAW = "figures/2020.csv", "plans/2021.csv", "raw/2020.txt"


def excel_save(path: Path) -> None:
    """What Excel's "CSV UTF-8" and WPS do to a file: a byte-order mark and CRLF line ends."""
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes().replace(b"\n", b"\r\n"))


def rehash(data_dir: Path, year: int) -> None:
    """A raw report saved anew: its provenance record gets the new sha256 (as ingesting it would)."""
    dataset = data_dir / "dataset.yml"
    text = dataset.read_text(encoding="utf-8")
    old = yaml.safe_load(text)["sources"][year]["sha256"]
    new = hashlib.sha256((data_dir / f"raw/{year}.txt").read_bytes()).hexdigest()
    dataset.write_text(text.replace(old, new), encoding="utf-8")


@pytest.mark.parametrize("saved", [
    pytest.param((FIG,), id="figures-bom-crlf"),
    pytest.param((PLAN,), id="plans-bom-crlf"),
    pytest.param((FIG, PLAN, RAW), id="everything-bom-crlf"),
])
def test_excel_saved_files_load_like_the_originals(tmp_path, saved):
    data = copy_data(tmp_path / "data")
    for rel in saved:
        excel_save(data / rel)
    if RAW in saved:
        rehash(data, 2020)
    assert validate(data) == []
    assert load_figures(2020, data).equals(load_figures(2020, DATA))
    assert load_plans(2021, data).equals(load_plans(2021, DATA))


def test_cli_validate_accepts_excel_saved_files(tmp_path, capsys):
    data = copy_data(tmp_path / "data")
    excel_save(data / FIG)
    assert main(["validate", "--data-dir", str(data)]) == 0
    assert "valid" in capsys.readouterr().out


def test_a_lone_cr_or_crlf_inside_a_quoted_cell_reads_as_lf(tmp_path):
    assert normalise_text("\ufeffa,b\r\n1,\"x\r\ny\"\r2,z") == "a,b\n1,\"x\ny\"\n2,z"


@pytest.mark.parametrize("encoding", ["gbk", "gb18030"])
def test_gbk_csv_is_refused_with_the_fix(tmp_path, capsys, encoding):
    data = copy_data(tmp_path / "data")
    (data / FIG).write_bytes((data / FIG).read_text(encoding="utf-8").encode(encoding))
    before = (data / FIG).read_bytes()
    code = main(["validate", "--data-dir", str(data)])
    err = capsys.readouterr().err.strip().splitlines()
    assert code == 1
    assert err == [f"{data / FIG}: encoded as GBK/GB18030, expected UTF-8: save it as UTF-8 "
                   "(Excel: 另存为 > CSV UTF-8(逗号分隔); WPS: 另存为 > 编码 UTF-8; or `iconv -f GB18030 -t UTF-8`)"]
    assert (data / FIG).read_bytes() == before  # nothing rewritten behind the user's back


def test_neither_utf8_nor_gbk_is_named_as_such(tmp_path):
    path = tmp_path / "x.csv"
    path.write_bytes(b"id\n\xff\xfe\xfa")
    with pytest.raises(DataError, match="not valid UTF-8 at byte 3; expected UTF-8"):
        read_text(path)


def test_written_text_has_no_bom_and_lf_only(tmp_path):
    path = tmp_path / "out.csv"
    write_text(path, "a,b\r\n1,2\n")
    assert path.read_bytes() == b"a,b\n1,2\n"
    write_text(path, "\ufeffa\n", force=True)
    assert not path.read_bytes().startswith(b"\xef\xbb\xbf")


def test_gitattributes_keep_data_byte_exact():
    attributes = subprocess.run(
        ["git", "check-attr", "text", "eol", "--", "data/raw/2020.txt", "data/figures/2020.csv", "data/dataset.yml",
         "data/plans/2021.csv", "tests/fixtures/two_years/raw/2021.txt"],
        cwd=ROOT, capture_output=True, text=True, check=True).stdout
    assert "data/raw/2020.txt: text: unset" in attributes
    assert "tests/fixtures/two_years/raw/2021.txt: text: unset" in attributes
    for path in ("data/figures/2020.csv", "data/dataset.yml", "data/plans/2021.csv"):
        assert f"{path}: eol: lf" in attributes


@pytest.mark.skipif(not (ROOT / ".git").exists(), reason="not a git checkout")
def test_windows_checkout_with_autocrlf_keeps_data_valid(tmp_path):
    """A clone with core.autocrlf=true (a Windows default) gets the committed bytes of data/ back."""
    clone = tmp_path / "clone"
    subprocess.run(["git", "clone", "-q", "-c", "core.autocrlf=true", str(ROOT), str(clone)], check=True)
    if not (clone / ".gitattributes").exists():
        pytest.skip(".gitattributes not committed yet")
    committed = subprocess.run(["git", "show", "HEAD:data/raw/2020.txt"], cwd=ROOT, capture_output=True, check=True).stdout
    assert (clone / RAW.replace("raw/", "data/raw/")).read_bytes() == committed
    assert b"\r" not in (clone / "data" / FIG).read_bytes()
    assert validate(clone / "data") == []


def test_fixture_data_is_lf_and_bom_free():
    for folder in (DATA, FIXTURE):
        for path in folder.rglob("*"):
            if path.suffix in (".csv", ".yml"):
                data = path.read_bytes()
                assert b"\r" not in data and not data.startswith(b"\xef\xbb\xbf"), path
    assert shutil.which("git")
