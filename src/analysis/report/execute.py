"""Running notebooks with papermill (:func:`run_notebook`, shared by the year's report and
``analysis render``); the report's notebooks and their parameters.

A failing or timed-out cell becomes a ReportError naming the notebook and the cell; the partial
notebook is kept next to the output as ``<name>.failed.ipynb``. Kernels write their own output to a
log in the staging folder.
"""

from __future__ import annotations

import logging
import warnings
from pathlib import Path

from analysis import config
from analysis.atomic import copy_file
from analysis.config import display_path
from analysis.errors import ReportError
from analysis.params import Params

# In the order of the leadership PDF, a brief: after page one (the summary), the comparison with the
# base year, the detail of the year, the trends, then the 附表 (every figure's quote, sources, method).
NOTEBOOKS: tuple[tuple[str, str], ...] = (
    ("comparison", "年度比较"),
    ("overview", "年度概览"),
    ("trends", "项目趋势"),
    ("appendix", "附表"),
)


def notebook_parameters(name: str, params: Params) -> dict:
    """The papermill parameters of one notebook: every notebook gets the report year."""
    data_dir = str(Path(params.data_dir).resolve())
    if name in ("overview", "appendix"):
        return {"year": params.year, "data_dir": data_dir}
    if name == "comparison":
        return {"year": params.year, "base_year": params.base_year or 0, "data_dir": data_dir}
    return {"year": params.year, "programs": list(params.programs), "data_dir": data_dir}


def kernel_manager(log: Path, cwd: Path | None = None):
    """A kernel manager whose kernel writes its own stdout and stderr to ``log``, not into our progress
    lines, and starts in ``cwd`` (None: this process's working directory). papermill's own ``cwd=``
    would chdir the whole process, which threads running other notebooks share."""
    from jupyter_client.manager import AsyncKernelManager

    class LoggedKernelManager(AsyncKernelManager):
        async def _async_launch_kernel(self, kernel_cmd, **kw):
            if cwd is not None:
                kw["cwd"] = str(cwd)
            with open(log, "ab") as handle:  # the kernel keeps its own copy of the descriptor
                kw["stdout"] = kw["stderr"] = handle
                return await super()._async_launch_kernel(kernel_cmd, **kw)

    return LoggedKernelManager


def _where(cell) -> str:
    """A cell as the messages name it: ``cell In [3] (first line of its source)``."""
    lines = (cell.get("source") or "").strip().splitlines()
    count = cell.get("execution_count")
    return f"cell In [{count if count is not None else ' '}]" + (f" ({lines[0][:60]})" if lines else "")


def _last_started(target: Path):
    """The last cell papermill started in the partial notebook: the one a timeout or a dead kernel stopped."""
    import nbformat

    try:
        nb = nbformat.read(target, as_version=4)
    except (OSError, ValueError):
        return None
    started = [c for c in nb.cells if c.get("metadata", {}).get("papermill", {}).get("start_time")]
    return started[-1] if started else None


def run_notebook(source: Path, target: Path, parameters: dict, *, label: str, failed: Path, log: Path,
                 cwd: Path | None = None, timeout: float | None = None) -> Path:
    """Runs ``source`` with papermill into ``target``, then adds the static chart images (kernels never
    render them). The one execution step of the year's report and of ``analysis render``.

    A cell that raises, or runs longer than ``timeout`` seconds, ends the run with a ReportError naming
    ``label``, the cell and the reason; the partial notebook is copied to ``failed``.
    """
    import nbformat
    with warnings.catch_warnings():  # tqdm's "IProgress not found" when the builder runs inside a kernel
        warnings.filterwarnings("ignore", message="IProgress not found")
        import papermill
    from nbclient.exceptions import CellTimeoutError, DeadKernelError
    from papermill.exceptions import PapermillExecutionError

    quiet = logging.getLogger("papermill")  # its own timeout line on stderr: our message says more
    if not any(isinstance(h, logging.NullHandler) for h in quiet.handlers):
        quiet.addHandler(logging.NullHandler())

    def fail(where: str, reason: str):
        if target.exists():
            copy_file(target, failed)
        kept = f"; partial notebook kept at {display_path(failed)}" if failed.exists() else ""
        return ReportError(f"{label} failed in {where}: {reason}{kept}")

    try:
        papermill.execute_notebook(
            str(source), str(target), parameters=parameters, kernel_name="python3",
            progress_bar=False, log_output=False, report_mode=False,  # no cwd=: see kernel_manager
            kernel_manager_class=kernel_manager(log, cwd), execution_timeout=timeout,
            extra_arguments=["--IPKernelApp.log_level=ERROR"],  # no "running over TCP without encryption"
        )
    except PapermillExecutionError as exc:
        last = exc.evalue.strip().splitlines()[-1] if exc.evalue.strip() else ""
        cell = {"source": exc.source or "", "execution_count": exc.exec_count}
        raise fail(_where(cell), f"{exc.ename}: {last}") from None
    except CellTimeoutError:
        cell = _last_started(target)
        raise fail(_where(cell) if cell else "a cell", f"still running after the time limit of {timeout:g} s") from None
    except DeadKernelError as exc:
        cell = _last_started(target)
        raise fail(_where(cell) if cell else "a cell", f"the kernel died ({exc})") from None
    from analysis.charts import add_static_images  # one Chromium in this process renders every chart's PNG

    nb = nbformat.read(target, as_version=4)
    if add_static_images(nb):
        nbformat.write(nb, target)
    return target


def execute(name: str, params: Params, staging: Path, out_dir: Path) -> Path:
    """Runs the report's notebook ``name`` into ``staging``; a failure keeps ``out_dir/<name>.failed.ipynb``."""
    return run_notebook(config.NOTEBOOKS_DIR / f"{name}.ipynb", staging / f"{name}.ipynb",
                        notebook_parameters(name, params), label=f"notebook {name}.ipynb (year {params.year})",
                        failed=out_dir / f"{name}.failed.ipynb", log=staging / f"{name}.kernel.log")
