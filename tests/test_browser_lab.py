"""JupyterLab in a real browser: `overview.ipynb` runs from the Run menu and its plotly charts render.

Starts JupyterLab on a free port (no token, no browser of its own, the settings of `make lab`), drives
Debian's Chromium with Playwright (never `playwright install`), runs all cells and counts the rendered
plotly charts. Autosave is off and the notebook file is restored afterwards, so the run leaves nothing.
It takes about 30 s, so `make test` runs it; ANALYSIS_SKIP_BROWSER_TESTS=1 skips it, `make check-lab` runs the
JupyterLab tests alone.
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = "/usr/bin/chromium"
NOTEBOOK = ROOT / "notebooks" / "overview.ipynb"

pytestmark = [
    pytest.mark.integration,
    pytest.mark.skipif(os.environ.get("ANALYSIS_SKIP_BROWSER_TESTS") == "1", reason="ANALYSIS_SKIP_BROWSER_TESTS=1"),
    pytest.mark.skipif(not Path(CHROMIUM).exists(), reason=f"{CHROMIUM} missing (make system installs it)"),
]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def lab(tmp_path):
    """A JupyterLab server at the repository root, as `make lab` starts it; yields its base URL."""
    port = _free_port()
    settings = tmp_path / "settings" / "@jupyterlab" / "docmanager-extension"
    settings.mkdir(parents=True)
    (settings / "plugin.jupyterlab-settings").write_text(json.dumps({"autosave": False}), encoding="utf-8")
    env = os.environ | {"JUPYTER_RUNTIME_DIR": str(tmp_path / "runtime"), "JUPYTER_CONFIG_DIR": str(tmp_path / "config"),
                        "JUPYTER_DATA_DIR": str(tmp_path / "data")}
    env.pop("JUPYTER_TOKEN", None)
    original = NOTEBOOK.read_bytes()
    server = subprocess.Popen(
        [sys.executable, "-m", "jupyter", "lab", "--no-browser", f"--port={port}", "--ip=127.0.0.1",
         "--IdentityProvider.token=", "--ServerApp.password=", "--allow-root",
         f"--ServerApp.root_dir={ROOT}", "--LabApp.default_url=/lab/tree/notebooks",
         f"--LabApp.user_settings_dir={tmp_path / 'settings'}", f"--LabApp.workspaces_dir={tmp_path / 'workspaces'}"],
        cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.time() + 90
        while True:
            try:
                with urllib.request.urlopen(f"{base}/api/status", timeout=5):
                    break
            except OSError:
                if time.time() > deadline or server.poll() is not None:
                    raise
                time.sleep(0.5)
        yield base
    finally:
        server.terminate()
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait(timeout=30)
        if NOTEBOOK.read_bytes() != original:  # never leave outputs in the shipped notebook
            NOTEBOOK.write_bytes(original)


def _wait_for_idle_kernel(base: str, timeout: float = 120) -> None:
    """Until the notebook's kernel has started and is idle (the Run menu acts on a ready notebook)."""
    deadline = time.time() + timeout
    while time.time() < deadline:
        with urllib.request.urlopen(f"{base}/api/sessions", timeout=10) as response:
            sessions = json.load(response)
        if any(s["path"].endswith("overview.ipynb") and s["kernel"]["execution_state"] == "idle" for s in sessions):
            return
        time.sleep(0.5)
    raise TimeoutError("the overview notebook's kernel did not start")


def test_overview_runs_in_jupyterlab_and_renders_the_plotly_charts(lab):
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"])
        try:
            page = browser.new_page(viewport={"width": 1400, "height": 1000})
            page.set_default_timeout(120_000)
            page.goto(f"{lab}/lab/tree/notebooks/overview.ipynb")
            page.wait_for_selector(".jp-NotebookPanel .jp-Cell")
            _wait_for_idle_kernel(lab)
            page.locator(".lm-MenuBar-itemLabel", has_text="Run").first.click()
            page.locator(".lm-Menu-itemLabel", has_text="Run All Cells").first.click()
            page.wait_for_function("() => document.querySelectorAll('.js-plotly-plot').length >= 3", timeout=240_000)
            charts = page.locator(".js-plotly-plot").count()
            assert charts >= 3
            errors = page.locator(".jp-OutputArea-output[data-mime-type='application/vnd.jupyter.stderr']").count()
            assert page.locator(".jp-RenderedText[data-mime-type='application/vnd.jupyter.error']").count() == 0
            # report tables: text left-aligned, numbers right-aligned, as in the PDF
            align = page.eval_on_selector_all(
                "table.report-table td", "cells => cells.map(c => [c.className, getComputedStyle(c).textAlign])")
            assert align and {a for c, a in align if c == "text"} == {"left"}
            assert {a for c, a in align if c == "num"} == {"right"}
            print(f"{charts} plotly charts rendered; {errors} stderr outputs")
        finally:
            browser.close()


@pytest.mark.skipif(shutil.which("make") is None, reason="make not installed")
def test_make_lab_arguments_match_this_test():
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    assert "--ServerApp.root_dir=. --LabApp.default_url=/lab/tree/notebooks" in makefile
