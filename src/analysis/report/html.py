"""One self-contained HTML per executed notebook (nbconvert, the ``report`` template); in the year's
report, chapters that would stand empty are pruned."""

from __future__ import annotations

from pathlib import Path

from analysis import config
from analysis.params import Params


def exporter(priority: list[str] | None = None):
    """nbconvert's HTML exporter with the house template: no code, no prompts."""
    from nbconvert import HTMLExporter
    from traitlets.config import Config

    cfg = Config()
    cfg.HTMLExporter.exclude_input = True
    cfg.HTMLExporter.exclude_input_prompt = True
    cfg.HTMLExporter.exclude_output_prompt = True
    if priority:
        cfg.NbConvertBase.display_data_priority = priority
    return HTMLExporter(config=cfg, template_name="report", extra_template_basedirs=[str(config.TEMPLATES_DIR)])


DEMO_MARK = "示例数据（合成，非真实统计）"


def demo_mark(data_dir) -> str:
    """The marking every page of a synthetic dataset's report carries (``synthetic: true`` in
    dataset.yml), or "" for real data."""
    from analysis.dataset import load_dataset

    return DEMO_MARK if load_dataset(data_dir).get("synthetic") else ""


def css(*names: str) -> str:
    """The named stylesheets of the templates folder, concatenated."""
    return "\n".join((config.TEMPLATES_DIR / name).read_text(encoding="utf-8") for name in names)


# Trends need three years: with two, the change is the comparison's, not a trend.
TREND_YEARS = 3


def prune(nb, params: Params):
    """Drops what would stand empty: the comparison without a base year, trends of fewer than
    :data:`TREND_YEARS` years (both by cell tags), and any chapter whose outputs only say it has
    nothing to show (:func:`analysis.present.say` with ``empty=True``).

    Counts only the years the report reads (up to its year), as the notebooks do.
    """
    drop = set()
    if params.base_year is None:
        drop.add("needs-base-year")
    if len(params.report_years) < TREND_YEARS:
        drop.add("needs-several-years")
    nb.cells = drop_empty_chapters([c for c in nb.cells if not drop & set(c.metadata.get("tags", []))])
    return nb


def _says_nothing(cell) -> bool:
    from analysis.present import EMPTY_MARK  # not at import: a cached rerun never loads pandas

    outputs = cell.get("outputs", [])
    return all(EMPTY_MARK in o.get("data", {}).get("text/html", "") for o in outputs)


def drop_empty_chapters(cells: list) -> list:
    """Cells without the chapters (a ``## `` heading and the code cells up to the next markdown cell)
    whose code cells show nothing but sentences marked empty."""
    kept, i = [], 0
    while i < len(cells):
        cell = cells[i]
        j = i + 1
        while j < len(cells) and cells[j].cell_type == "code":
            j += 1
        body = cells[i + 1:j]
        heading = cell.cell_type == "markdown" and cell.source.lstrip().startswith("## ")
        if heading and body and any(c.get("outputs") for c in body) and all(_says_nothing(c) for c in body):
            i = j
            continue
        kept.append(cell)
        i += 1
    return kept


def write_html(nb, target: Path, title: str, mark: str = "") -> Path:
    """A notebook as one self-contained HTML: no code, no prompts, interactive charts (plotly.js inlined
    once, no CDN), the house CSS, ``mark`` (the synthetic-data banner) atop. Shared by the year's report
    and ``analysis render``."""
    nb.metadata["title"] = title
    resources = {"report_css": css("report.css"), "demo_mark": mark}
    if any("application/vnd.plotly.v1+json" in o.get("data", {}) for c in nb.cells for o in c.get("outputs", [])):
        from plotly.offline import get_plotlyjs

        resources["plotly_js"] = get_plotlyjs()
    body, _ = exporter().from_notebook_node(nb, resources=resources)
    target.write_text(body, encoding="utf-8")
    return target


def export_html(notebook: Path, target: Path, title: str, params: Params) -> Path:
    """One report notebook as HTML (:func:`write_html`), its empty chapters pruned."""
    import nbformat

    nb = prune(nbformat.read(notebook, as_version=4), params)
    return write_html(nb, target, title, demo_mark(params.data_dir))
