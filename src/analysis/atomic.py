"""Writing files so that nothing is lost or half-written: temporary file, then rename."""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from analysis.errors import AnalysisError
from analysis.files import normalise_text


class RefusedOverwrite(AnalysisError):
    """A file exists and would be overwritten without --force."""


def can_create_in(folder: Path) -> bool:
    """Whether ``folder`` exists or can be created, and files can be written in it."""
    probe = Path(folder)
    while not probe.exists():
        probe = probe.parent
    return probe.is_dir() and os.access(probe, os.W_OK)


def check_writable(path: Path, *, force: bool = False) -> None:
    """Refuse (without touching anything) to overwrite ``path`` unless ``force``; check its folder is writable."""
    path = Path(path)
    if path.exists() and not force:
        raise RefusedOverwrite(f"{path}: already exists; not overwritten (use --force to replace it)")
    if not can_create_in(path.parent):
        raise AnalysisError(f"{path}: output folder is not writable")


@contextmanager
def atomic_path(path: Path) -> Iterator[Path]:
    """Yields a temporary path beside ``path``; renames it onto ``path`` only if the block succeeds."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".part", dir=path.parent)
    os.close(fd)
    tmp_path = Path(tmp)
    try:
        yield tmp_path
        os.chmod(tmp_path, 0o644)
        os.replace(tmp_path, path)
    finally:
        if tmp_path.exists():
            tmp_path.unlink()


def write_text(path: Path, text: str, *, force: bool = True) -> None:
    """Writes ``text`` atomically as UTF-8 without BOM, LF line ends; with ``force=False`` refuses to
    replace an existing file."""
    check_writable(path, force=force)
    with atomic_path(path) as tmp:
        tmp.write_text(normalise_text(text), encoding="utf-8", newline="\n")


def copy_file(source: Path, path: Path) -> None:
    """Copies ``source`` onto ``path`` atomically."""
    with atomic_path(path) as tmp:
        shutil.copyfile(source, tmp)
