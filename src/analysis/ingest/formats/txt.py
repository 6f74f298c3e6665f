"""A ``.txt`` report saved as text: kept verbatim as ``raw/Y.txt`` (as the 2020 report is), so nothing
is derived. It must be UTF-8 (a BOM and CRLF line ends are fine), as every raw report is."""

from __future__ import annotations

from analysis.files import normalise_text
from analysis.ingest.derive import Derived, published_in

EXTENSIONS = (".txt",)


def derive(data: bytes, where: str) -> Derived:
    """The text as it is (lines as in the file); ValueError if it is not UTF-8."""
    try:
        text = normalise_text(data.decode("utf-8"))
    except UnicodeDecodeError as exc:
        try:
            data.decode("gb18030")
        except UnicodeDecodeError:
            raise ValueError(f"not valid UTF-8 at byte {exc.start}; expected UTF-8: save it as UTF-8") from None
        raise ValueError("encoded as GBK/GB18030, expected UTF-8: ingest the web page or document it was copied "
                         "from, or convert it (`iconv -f GB18030 -t UTF-8`)") from None
    lines = tuple(text.split("\n"))
    first = next((line.strip(" \u00a0\u3000") for line in lines if line.strip(" \u00a0\u3000")), "")
    published = published_in(text)
    return Derived(lines, title=first, published=published, published_stated=bool(published),
                   published_from="the text's 发布日期 line" if published else "", tool="")
