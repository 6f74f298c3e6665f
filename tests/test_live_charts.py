"""Live charts stay live: a kernel that shows charts renders no PNG and starts no Chromium; importing
analysis.charts changes no global plotly setting."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

ROOT = Path(__file__).resolve().parents[1]

# Run in the kernel after the charts: what a PNG renderer would have left behind.
PROBE = '''
import json, os, sys
def descendants(pid):
    children = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat") as handle:
                    ppid = int(handle.read().rsplit(")", 1)[1].split()[1])
                with open(f"/proc/{entry}/cmdline", "rb") as handle:
                    cmd = handle.read().replace(b"\\0", b" ").decode(errors="replace")
            except OSError:
                continue
            children.setdefault(ppid, []).append((int(entry), cmd))
    found, todo = [], [pid]
    while todo:
        for child, cmd in children.get(todo.pop(), []):
            found.append(cmd)
            todo.append(child)
    return found
print(json.dumps({"modules": sorted(m for m in sys.modules if m.split(".")[0] in ("kaleido", "choreographer")),
                  "chromium": [c for c in descendants(os.getpid()) if "chrom" in c.lower()]}))
'''


@pytest.mark.integration
def test_show_in_a_kernel_sends_plotly_json_and_no_png_and_starts_no_chromium():
    from nbclient import NotebookClient

    nb = nbformat.v4.new_notebook()
    nb.cells = [
        nbformat.v4.new_code_cell("import pandas as pd\nfrom analysis import charts"),
        nbformat.v4.new_code_cell(
            'charts.show(charts.changes_bar(pd.DataFrame({"program": ["甲"], "indicator": ["乙"], "change_pct": [5.0]}), '
            'title="小图"))'),
        nbformat.v4.new_code_cell(PROBE),
    ]
    NotebookClient(nb, kernel_name="python3", timeout=120, resources={"metadata": {"path": str(ROOT)}}).execute()
    (chart,) = nb.cells[1].outputs
    assert chart.output_type == "display_data"
    assert set(chart.data) == {"application/vnd.plotly.v1+json", "text/html", "text/plain"}
    assert "image/png" not in chart.data and chart.data["text/plain"] == "<图表：小图>"
    probe = json.loads("".join(o.text for o in nb.cells[2].outputs if o.output_type == "stream"))
    assert probe == {"modules": [], "chromium": []}


def test_importing_charts_leaves_the_default_template_alone():
    code = ("import plotly.io as pio; before = pio.templates.default; import analysis.charts as charts; "
            "print(before, pio.templates.default, 'civil_affairs' in pio.templates, charts.TEMPLATE)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT).stdout.split()
    assert out == ["plotly", "plotly", "True", "simple_white+civil_affairs"]


def test_building_and_showing_charts_leaves_the_default_template_alone():
    code = ("import pandas as pd, plotly.io as pio; import analysis as an; from IPython import display; "
            "display.display = lambda *a, **k: None; "
            "an.charts.show(an.charts.changes_bar(pd.DataFrame({'program': ['甲'], 'indicator': ['乙'], 'change_pct': [5.0]}))); "
            "import sys; print(pio.templates.default, 'kaleido' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT).stdout.split()
    assert out == ["plotly", "False"]
