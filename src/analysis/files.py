"""Reading data files strictly: UTF-8 without BOM, LF line ends, every cell as text."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pandas as pd

from analysis.config import display_path
from analysis.errors import DataError, Problem


def read_text(path: Path, *, what: str = "file") -> str:
    """The text of a UTF-8 file; a clear DataError for a missing, unreadable or mis-encoded one."""
    where = display_path(path)
    try:
        data = Path(path).read_bytes()
    except FileNotFoundError:
        raise DataError(Problem(where, None, None, f"{what} not found")) from None
    except IsADirectoryError:
        raise DataError(Problem(where, None, None, f"expected a {what}, found a directory")) from None
    except OSError as exc:
        raise DataError(Problem(where, None, None, f"cannot read {what} ({exc.strerror or exc})")) from None
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        hint = ""
        try:
            data.decode("gb18030")
            hint = " (it looks like GBK/GB18030)"
        except UnicodeDecodeError:
            pass
        raise DataError(Problem(where, None, None, f"not valid UTF-8 at byte {exc.start}{hint}; expected UTF-8: save it as UTF-8")) from None


def read_csv_text(path: Path, columns: list[str], *, what: str) -> pd.DataFrame:
    """A CSV file as a frame of strings (empty cell = ""), checked for encoding and header.

    Rejects, with one message each: a UTF-8 byte-order mark, CRLF line ends, an empty file, a
    header without rows, missing or unexpected columns.
    """
    where = display_path(path)
    text = read_text(path, what=what)
    if text.startswith("\ufeff"):
        raise DataError(Problem(where, None, None, "starts with a UTF-8 byte-order mark (BOM); expected UTF-8 without BOM"))
    if "\r" in text:
        line = text[: text.index("\r")].count("\n") + 1
        raise DataError(Problem(where, line, None, "found Windows (CRLF) line ends, expected LF line ends"))
    if not text.strip():
        raise DataError(Problem(where, None, None, f"empty file; expected a header line: {','.join(columns)}"))
    reader = csv.reader(io.StringIO(text), strict=True)
    numbered: list[tuple[int, list[str]]] = []
    try:
        for row in reader:
            numbered.append((reader.line_num, row))
    except csv.Error as exc:
        raise DataError(Problem(where, reader.line_num, None, f"not a readable CSV ({exc}); expected comma-separated cells with every quote closed")) from None
    header = numbered[0][1]
    body = [(n, r) for n, r in numbered[1:] if any(cell.strip() for cell in r)]
    missing = [c for c in columns if c not in header]
    extra = [c for c in header if c not in columns]
    repeated = sorted({c for c in header if header.count(c) > 1})
    if repeated:
        raise DataError(Problem(where, 1, None, f"repeated column(s) {', '.join(repeated)}; expected: {','.join(columns)}"))
    if missing or extra:
        parts = []
        if missing:
            parts.append("missing column(s) " + ", ".join(missing))
        if extra:
            parts.append("unexpected column(s) " + ", ".join(repr(c) for c in extra))
        raise DataError(Problem(where, 1, None, f"{'; '.join(parts)}; expected: {','.join(columns)}"))
    if not body:
        raise DataError(Problem(where, None, None, "header only, expected at least one row"))
    for number, row in body:
        if len(row) != len(header):
            raise DataError(Problem(where, number, None, f"found {len(row)} cells, expected {len(header)} ({','.join(header)})"))
    frame = pd.DataFrame([r for _, r in body], columns=header, dtype=object)[columns]
    frame.index = pd.Index([n for n, _ in body], name="line")  # index = line number in the file
    return frame.astype(object)
