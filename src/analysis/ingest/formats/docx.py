"""A Word ``.docx`` to its main text: the body's paragraphs (and table rows) in document order, one a
line; page headers and footers are not part of the body and are left out. Title and a date from the
document's core properties where it has them (the creation date only when the text states none)."""

from __future__ import annotations

import io

from analysis.ingest.derive import Derived, layout_stripped, published_in

EXTENSIONS = (".docx",)


def _body_lines(document) -> list[str]:
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    lines = []
    for element in document.element.body.iterchildren():
        tag = element.tag.rsplit("}", 1)[-1]
        if tag == "p":
            lines.extend(Paragraph(element, document).text.split("\n"))
        elif tag == "tbl":
            for row in Table(element, document).rows:
                cells = []
                for cell in row.cells:  # a merged cell is returned once per grid column: keep it once
                    if not cells or cell._tc is not cells[-1]._tc:
                        cells.append(cell)
                lines.append(" ".join(c.text.replace("\n", " ") for c in cells))
    return lines


def derive(data: bytes, where: str) -> Derived:
    """The main text and metadata of a .docx (see the module's docstring); ValueError if unreadable."""
    import docx
    from docx.opc.exceptions import PackageNotFoundError

    try:
        document = docx.Document(io.BytesIO(data))
    except (PackageNotFoundError, KeyError, ValueError, OSError) as exc:
        raise ValueError(f"not a readable Word .docx file ({type(exc).__name__})") from None
    except Exception as exc:  # zipfile.BadZipFile, lxml errors: a damaged or renamed file
        raise ValueError(f"not a readable Word .docx file ({type(exc).__name__})") from None
    lines = layout_stripped(_body_lines(document))
    core = document.core_properties
    published = published_in("\n".join(lines))
    published_from, stated = ("the document's 发布日期 line", True) if published else ("", False)
    if not published and core.created is not None:
        published, published_from = core.created.date().isoformat(), "the document's creation date (core properties)"
    version = getattr(docx, "__version__", "")
    # No publisher: a document's author property names whoever typed it, not who published it.
    return Derived(lines, title=(core.title or "").strip(), published=published, published_from=published_from,
                   published_stated=stated, tool=f"docx: python-docx {version}".strip())
