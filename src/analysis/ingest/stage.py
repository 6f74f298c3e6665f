"""Writing several files as one step: every file is first written beside its target as a temporary
file; then all are renamed into place with SIGINT and SIGTERM held back (noted, then handled), so an interruption leaves
either everything or nothing. A failed rename puts back what was replaced."""

from __future__ import annotations

import os
import signal
import tempfile
import threading
from contextlib import contextmanager
from pathlib import Path

__all__ = ["commit"]


@contextmanager
def _signals_held():
    """SIGINT and SIGTERM noted instead of acted on while the block runs, then handled as they would
    have been. (A signal mask is not enough: the kernel may hand a signal to a native thread, e.g. a
    BLAS pool, and Python then runs the handler in the main thread regardless of its mask.)"""
    if threading.current_thread() is not threading.main_thread():
        yield  # handlers can only be changed in the main thread
        return
    caught: list[int] = []
    previous = {signum: signal.signal(signum, lambda number, frame: caught.append(number))
                for signum in (signal.SIGINT, signal.SIGTERM)}
    try:
        yield
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler if handler is not None else signal.SIG_DFL)
        if caught:
            handler = previous[caught[0]]
            if callable(handler):
                handler(caught[0], None)  # e.g. KeyboardInterrupt, after the renames
            elif handler in (signal.SIG_DFL, None):
                os.kill(os.getpid(), caught[0])


def _temporary(target: Path, data: bytes) -> Path:
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".part", dir=target.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(name, 0o644)
    except BaseException:
        Path(name).unlink(missing_ok=True)
        raise
    return Path(name)


def commit(files: dict[Path, bytes], remove: tuple[Path, ...] = ()) -> None:
    """Writes ``files`` (target -> bytes) and deletes ``remove``, all or nothing."""
    staged: dict[Path, Path] = {}
    try:
        for target, data in files.items():
            staged[Path(target)] = _temporary(Path(target), data)
        with _signals_held():
            done: list[tuple[Path, Path | None]] = []
            try:
                for target, tmp in staged.items():
                    backup = None
                    if target.exists():
                        backup = target.with_name(f".{target.name}.{os.getpid()}.replaced")
                        os.replace(target, backup)
                    done.append((target, backup))
                    os.replace(tmp, target)
                for path in remove:
                    if path.exists() and path not in staged:
                        backup = path.with_name(f".{path.name}.{os.getpid()}.replaced")
                        os.replace(path, backup)
                        done.append((path, backup))
            except BaseException:
                for target, backup in reversed(done):
                    if backup is not None:
                        os.replace(backup, target)
                    elif target.exists():
                        target.unlink()
                raise
            for _, backup in done:
                if backup is not None:
                    backup.unlink(missing_ok=True)
    finally:
        for tmp in staged.values():
            tmp.unlink(missing_ok=True)
