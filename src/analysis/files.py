"""Reading data files as people save them: UTF-8 with or without BOM, LF or CRLF line ends, every
cell as text. GBK/GB18030 (Excel's "CSV (逗号分隔)" on Chinese Windows) is refused with the fix.
Everything the project writes is UTF-8 without BOM, with LF line ends (:mod:`analysis.atomic`)."""

from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import TYPE_CHECKING

from analysis.config import display_path
from analysis.errors import DataError, Problem

if TYPE_CHECKING:  # pandas is imported when a CSV is read, so writing text stays light
    import pandas as pd


BOM = "\ufeff"
GBK_FIX = ("save it as UTF-8 (Excel: 另存为 > CSV UTF-8(逗号分隔); WPS: 另存为 > 编码 UTF-8; "
           "or `iconv -f GB18030 -t UTF-8`)")


def normalise_text(text: str) -> str:
    """A decoded file as the project reads it: no byte-order mark, LF line ends (CRLF and CR become LF)."""
    return text.removeprefix(BOM).replace("\r\n", "\n").replace("\r", "\n")


def read_text(path: Path, *, what: str = "file") -> str:
    """The text of a UTF-8 file (a BOM and CRLF line ends are read transparently: see
    :func:`normalise_text`); a clear DataError for a missing, unreadable or mis-encoded one."""
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
        return normalise_text(data.decode("utf-8"))
    except UnicodeDecodeError as exc:
        try:
            data.decode("gb18030")
        except UnicodeDecodeError:
            raise DataError(Problem(where, None, None, f"not valid UTF-8 at byte {exc.start}; expected UTF-8: save it as UTF-8")) from None
        raise DataError(Problem(where, None, None, f"encoded as GBK/GB18030, expected UTF-8: {GBK_FIX}")) from None


def read_csv_text(path: Path, columns: list[str], *, what: str, optional: list[str] | tuple[str, ...] = ()) -> pd.DataFrame:
    """A CSV file as a frame of strings (empty cell = ""), checked for encoding and header.

    Rejects, with one message each: an encoding other than UTF-8, an empty file, a header without
    rows, missing or unexpected columns. ``optional`` columns may be left out: they read as empty.
    """
    import pandas as pd

    where = display_path(path)
    text = read_text(path, what=what)
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
    missing = [c for c in columns if c not in header and c not in optional]
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
    frame = pd.DataFrame([r for _, r in body], columns=header, dtype=object)
    for column in columns:
        if column not in frame.columns:
            frame[column] = ""
    frame = frame[columns]
    frame.index = pd.Index([n for n, _ in body], name="line")  # index = line number in the file
    return frame.astype(object)
