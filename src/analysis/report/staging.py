"""Staging folders: everything a build writes goes to ``OUT/.staging-<pid>-*`` first and is renamed
onto its final path (``os.replace``, atomic on one file system) only when complete, so an earlier good
output is never replaced by a broken or partial one. Used by the year's report and by ``analysis render``.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

from analysis.atomic import can_create_in
from analysis.config import display_path
from analysis.errors import ParameterError

PREFIX = ".staging-"


def check_writable(out: Path, option: str = "--out") -> None:
    """Refuses an output folder that cannot be created or written to, before any work starts."""
    if not can_create_in(out):
        raise ParameterError(f"{option} {display_path(out)}: output folder is not writable")


def remove_abandoned(out_dir: Path) -> None:
    """Staging folders of builds that were killed (their process is gone) are removed."""
    for folder in Path(out_dir).glob(f"{PREFIX}*"):
        try:
            pid = int(folder.name.split("-")[1])
            os.kill(pid, 0)
        except (ValueError, IndexError, ProcessLookupError):
            shutil.rmtree(folder, ignore_errors=True)
        except PermissionError:
            pass


def create(out_dir: Path) -> Path:
    """A new staging folder inside ``out_dir`` (created if needed), named after this process."""
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    return Path(tempfile.mkdtemp(prefix=f"{PREFIX}{os.getpid()}-", dir=out_dir))


def discard(staging: Path | None) -> None:
    """Removes a staging folder and whatever is left in it."""
    if staging is not None:
        shutil.rmtree(staging, ignore_errors=True)


def publish(staging: Path, out_dir: Path, names: list[str]) -> None:
    """Renames the staged files ``names`` onto ``out_dir``, one atomic replace each, in the order given
    (put the file readers look for first, e.g. the PDF, last)."""
    for name in names:
        os.replace(Path(staging) / name, Path(out_dir) / name)
