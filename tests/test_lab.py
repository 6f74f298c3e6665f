"""`make lab`: JupyterLab serves the notebooks, with plotly's renderer extension for interactive charts."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
pytestmark = pytest.mark.integration
# the arguments of `make lab`, with the repository root for "."
LAB_ARGS = [f"--ServerApp.root_dir={ROOT}", "--LabApp.default_url=/lab/tree/notebooks"]


def test_plotly_renderer_extension_enabled():
    result = subprocess.run([sys.executable, "-m", "jupyter", "labextension", "list"], capture_output=True, text=True)
    lines = (result.stdout + result.stderr).splitlines()
    plotly = [line for line in lines if "jupyterlab-plotly" in line]
    assert plotly and "enabled" in plotly[0] and "OK" in plotly[0]


def test_jupyterlab_serves_the_notebooks(tmp_path):
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    token = "test-token"
    env = os.environ | {"JUPYTER_RUNTIME_DIR": str(tmp_path), "JUPYTER_CONFIG_DIR": str(tmp_path / "config")}
    server = subprocess.Popen(
        [sys.executable, "-m", "jupyter", "lab", "--no-browser", f"--port={port}", "--ip=127.0.0.1",
         f"--IdentityProvider.token={token}", "--allow-root", *LAB_ARGS],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
    try:
        deadline = time.time() + 60
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/api/contents?token={token}", timeout=5) as response:
                    listing = json.load(response)
                break
            except OSError:
                if time.time() > deadline:
                    raise
                time.sleep(0.5)
        top = {item["name"] for item in listing["content"]}
        assert {"data", "docs", "notebooks", "README.md"} <= top  # opened at the repository root
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/api/contents/notebooks?token={token}",
                                    timeout=10) as response:
            names = {item["name"] for item in json.load(response)["content"]}
        assert {"overview.ipynb", "comparison.ipynb", "trends.ipynb", "review_extraction.ipynb", "scratch"} <= names
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/lab?token={token}", timeout=10) as response:
            assert response.status == 200
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/?token={token}", timeout=10) as response:
            assert response.url.split("?")[0].endswith("/lab/tree/notebooks")  # the shipped notebooks first
    finally:
        server.terminate()
        server.wait(timeout=30)
