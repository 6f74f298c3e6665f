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


def prune(nb, params: Params):
    """Drops the headings that would stand empty: comparison without a base year, trends of one year.

    Counts only the years the report reads (up to its year), as the notebooks do.
    """
    drop = set()
    if params.base_year is None:
        drop.add("needs-base-year")
    if len(params.report_years) < 2:
        drop.add("needs-several-years")
    nb.cells = [c for c in nb.cells if not drop & set(c.metadata.get("tags", []))]
    return nb


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
