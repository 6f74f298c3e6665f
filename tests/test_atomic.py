"""Atomic writes: temporary file then rename; refusals change nothing; nothing left behind."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from analysis.atomic import RefusedOverwrite, atomic_path, check_writable, copy_file, write_text
from analysis.errors import AnalysisError


def listing(folder: Path) -> list[str]:
    """Every name under ``folder`` (hidden temporary files included)."""
    return sorted(str(p.relative_to(folder)) for p in folder.rglob("*"))


# -- write_text -----------------------------------------------------------------------------------


def test_write_text_writes_utf8_with_lf_and_leaves_only_the_file(tmp_path):
    target = tmp_path / "out" / "draft.csv"  # the folder is created
    write_text(target, "id,值\na,1\n")
    assert target.read_bytes() == "id,值\na,1\n".encode("utf-8")
    assert listing(tmp_path) == ["out", "out/draft.csv"]
    assert stat.S_IMODE(target.stat().st_mode) == 0o644


def test_write_text_refuses_to_overwrite_without_force(tmp_path):
    target = tmp_path / "draft.csv"
    target.write_bytes(b"original\r\nbytes\n")
    os.utime(target, (1_000_000_000, 1_000_000_000))
    with pytest.raises(RefusedOverwrite, match="already exists.*--force"):
        write_text(target, "new", force=False)
    assert target.read_bytes() == b"original\r\nbytes\n"
    assert target.stat().st_mtime == 1_000_000_000  # not even touched
    assert listing(tmp_path) == ["draft.csv"]


def test_refused_overwrite_is_an_analysis_error():
    assert issubclass(RefusedOverwrite, AnalysisError)


def test_write_text_with_force_replaces(tmp_path):
    target = tmp_path / "draft.csv"
    target.write_text("old text that is longer than the new one", encoding="utf-8")
    write_text(target, "新", force=True)
    assert target.read_bytes() == "新".encode("utf-8")
    assert listing(tmp_path) == ["draft.csv"]


def test_write_text_default_is_force(tmp_path):
    target = tmp_path / "a.txt"
    target.write_text("old", encoding="utf-8")
    write_text(target, "new")
    assert target.read_text(encoding="utf-8") == "new"


# -- atomic_path ----------------------------------------------------------------------------------


def test_atomic_path_yields_a_hidden_temporary_beside_the_target(tmp_path):
    target = tmp_path / "report.pdf"
    with atomic_path(target) as tmp:
        assert tmp.parent == tmp_path and tmp != target
        assert tmp.name.startswith(".report.pdf.") and tmp.name.endswith(".part")
        tmp.write_bytes(b"%PDF")
        assert not target.exists()  # nothing at the final path before the block ends
    assert target.read_bytes() == b"%PDF"
    assert listing(tmp_path) == ["report.pdf"]


class Boom(Exception):
    pass


@pytest.mark.parametrize("existing", [
    pytest.param(None, id="no-previous-file"),
    pytest.param(b"previous version\n", id="previous-file-kept"),
])
def test_exception_inside_atomic_path_leaves_the_target_and_no_temporary(tmp_path, existing):
    target = tmp_path / "report.html"
    if existing is not None:
        target.write_bytes(existing)
    with pytest.raises(Boom):
        with atomic_path(target) as tmp:
            tmp.write_bytes(b"half-written")
            raise Boom
    if existing is None:
        assert not target.exists()
        assert listing(tmp_path) == []
    else:
        assert target.read_bytes() == existing
        assert listing(tmp_path) == ["report.html"]


def test_exception_before_anything_is_written_leaves_no_temporary(tmp_path):
    with pytest.raises(Boom):
        with atomic_path(tmp_path / "x.txt"):
            raise Boom
    assert listing(tmp_path) == []


def test_copy_file_copies_bytes(tmp_path):
    source = tmp_path / "source.bin"
    source.write_bytes(bytes(range(256)))
    copy_file(source, tmp_path / "sub" / "copy.bin")
    assert (tmp_path / "sub" / "copy.bin").read_bytes() == bytes(range(256))
    assert listing(tmp_path) == ["source.bin", "sub", "sub/copy.bin"]


# -- check_writable -------------------------------------------------------------------------------


def test_check_writable_accepts_a_new_path_in_missing_folders_and_creates_nothing(tmp_path):
    check_writable(tmp_path / "a" / "b" / "c.csv")
    assert listing(tmp_path) == []


def test_check_writable_on_existing_file(tmp_path):
    target = tmp_path / "c.csv"
    target.write_text("x", encoding="utf-8")
    with pytest.raises(RefusedOverwrite, match="c.csv"):
        check_writable(target)
    check_writable(target, force=True)  # allowed with force
    assert target.read_text(encoding="utf-8") == "x"


def test_check_writable_asks_about_the_nearest_existing_folder(tmp_path, monkeypatch):
    # os.access stubbed (tests may run as root, for whom every folder is writable)
    asked = []
    monkeypatch.setattr("analysis.atomic.os.access", lambda path, mode: asked.append((Path(path), mode)) or False)
    with pytest.raises(AnalysisError, match="not writable") as info:
        check_writable(tmp_path / "new" / "deeper" / "c.csv")
    assert asked == [(tmp_path, os.W_OK)]  # tmp_path/new does not exist: its parent is asked
    assert str(tmp_path) in str(info.value)
    assert not isinstance(info.value, RefusedOverwrite)


@pytest.mark.skipif(os.geteuid() == 0, reason="root may write anywhere: permissions are not checked")
def test_check_writable_on_read_only_folder(tmp_path):
    folder = tmp_path / "ro"
    folder.mkdir()
    folder.chmod(0o555)
    try:
        with pytest.raises(AnalysisError, match="not writable"):
            check_writable(folder / "new" / "c.csv")
    finally:
        folder.chmod(0o755)


@pytest.mark.parametrize("below", ["under-a-file", "deep-under-a-file"])
def test_check_writable_refuses_a_path_below_a_regular_file(tmp_path, below):
    blocker = tmp_path / "reports.txt"
    blocker.write_text("a regular file where a folder should be\n", encoding="utf-8")
    path = blocker / "out.csv" if below == "under-a-file" else blocker / "a" / "out.csv"
    with pytest.raises(AnalysisError):
        check_writable(path)


@pytest.mark.parametrize("below", ["under-a-file", "deep-under-a-file"])
def test_write_below_a_regular_file_fails_and_changes_nothing(tmp_path, below):
    blocker = tmp_path / "reports.txt"
    blocker.write_text("a regular file where a folder should be\n", encoding="utf-8")
    path = blocker / "out.csv" if below == "under-a-file" else blocker / "a" / "out.csv"
    with pytest.raises((OSError, AnalysisError)):  # today a raw OSError; AnalysisError once fixed
        write_text(path, "x")
    assert blocker.read_text(encoding="utf-8") == "a regular file where a folder should be\n"
    assert listing(tmp_path) == ["reports.txt"]
