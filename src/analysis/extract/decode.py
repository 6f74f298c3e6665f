"""Reading a report file: UTF-8 (with or without BOM) or GBK/GB18030, anything else refused clearly.

The text is returned as decoded (line ends and spaces untouched), so that the offsets of the
candidates refer to it.
"""

from __future__ import annotations

from pathlib import Path

from analysis.config import display_path
from analysis.errors import ExtractError

__all__ = ["read_report"]

_BOMS = (
    (b"\xff\xfe\x00\x00", "UTF-32 (little-endian, with BOM)"),
    (b"\x00\x00\xfe\xff", "UTF-32 (big-endian, with BOM)"),
    (b"\xff\xfe", "UTF-16 (little-endian, with BOM)"),
    (b"\xfe\xff", "UTF-16 (big-endian, with BOM)"),
)


def _share_outside_gb2312(text: str) -> float:
    """Share of non-ASCII characters outside GB2312: near 0 for simplified Chinese, high for mojibake."""
    wide = sum(1 for ch in text if ord(ch) > 0x7F)
    if not wide:
        return 0.0
    stripped = text.replace("?", "")
    bad = stripped.encode("gb2312", errors="replace").count(b"?")
    return bad / wide


def _looks_like_gb_chinese(text: str) -> bool:
    """GBK/GB18030-decoded text that reads as Chinese: GB2312 characters and Chinese punctuation."""
    if _share_outside_gb2312(text) > 0.2:
        return False
    cjk = sum(1 for ch in text if "\u4e00" <= ch <= "\u9fff")
    return cjk < 20 or any(mark in text for mark in "。，、；的")


def _share(text: str, low: str, high: str) -> float:
    wide = sum(1 for ch in text if ord(ch) > 0x7F) or 1
    return sum(1 for ch in text if low <= ch <= high) / wide


def _other_encoding(data: bytes) -> str | None:
    """The encoding the bytes most plausibly are in, other than UTF-8 and GB18030 (for messages)."""
    decoded = {}
    for codec in ("euc_kr", "shift_jis", "big5", "cp1252"):
        try:
            decoded[codec] = data.decode(codec)
        except UnicodeDecodeError:
            pass
    if "euc_kr" in decoded and _share(decoded["euc_kr"], "\uac00", "\ud7a3") > 0.3:
        return "EUC-KR (Korean)"
    if "shift_jis" in decoded and _share(decoded["shift_jis"], "\u3040", "\u30ff") > 0.1:
        return "Shift_JIS (Japanese)"
    if "big5" in decoded:
        return "Big5 (traditional Chinese)"
    if "cp1252" in decoded:
        return "Windows-1252/Latin-1"
    return None


def read_report(path: Path | str) -> str:
    """The decoded text of a report: UTF-8 (a BOM is tolerated), else GBK/GB18030.

    The text is returned as decoded (line ends and spaces untouched) so that offsets refer to it.
    Raises ExtractError naming the file and what is wrong (missing, empty, binary, or the
    encoding found when it is neither UTF-8 nor GBK/GB18030).
    """
    path = Path(path)
    where = display_path(path)
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise ExtractError(f"{where}: report file not found") from None
    except IsADirectoryError:
        raise ExtractError(f"{where}: expected a report text file, found a directory") from None
    except OSError as exc:
        raise ExtractError(f"{where}: cannot read report file ({exc.strerror or exc})") from None
    for bom, name in _BOMS:
        if data.startswith(bom):
            raise ExtractError(f"{where}: encoded as {name}; expected UTF-8 or GBK/GB18030 (save it as UTF-8)")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = None
    if text is None:
        if b"\x00" in data:
            raise ExtractError(f"{where}: contains NUL bytes: UTF-16/UTF-32 without BOM or a binary file, "
                               "not a UTF-8 or GBK/GB18030 text")
        try:
            text = data.decode("gb18030")
        except UnicodeDecodeError:
            other = _other_encoding(data) or "an unknown encoding"
            raise ExtractError(f"{where}: neither UTF-8 nor GBK/GB18030; the bytes look like {other} "
                               "(save it as UTF-8)") from None
        if not _looks_like_gb_chinese(text):
            other = _other_encoding(data)
            if other:
                raise ExtractError(f"{where}: not UTF-8, and as GBK/GB18030 it decodes to unusual characters; "
                                   f"the bytes look like {other} (save it as UTF-8)")
    if "\x00" in text:
        raise ExtractError(f"{where}: contains NUL characters; not a plain report text")
    if not text.strip():
        raise ExtractError(f"{where}: report file is empty")
    return text
