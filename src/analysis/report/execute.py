"""The report's notebooks, their papermill parameters, and one notebook's execution.

A failing notebook becomes a ReportError naming its cell; the partial notebook is kept next to the
report as ``<name>.failed.ipynb``. Kernels write their own output to a log in the staging folder.
"""

from __future__ import annotations

import warnings
from pathlib import Path

from analysis import config
from analysis.atomic import copy_file
from analysis.config import display_path
from analysis.errors import ReportError
from analysis.params import Params

NOTEBOOKS: tuple[tuple[str, str], ...] = (
    ("overview", "年度概览"),
    ("comparison", "年度比较"),
    ("trends", "项目趋势"),
)


def notebook_parameters(name: str, params: Params) -> dict:
    """The papermill parameters of one notebook: every notebook gets the report year."""
    data_dir = str(Path(params.data_dir).resolve())
    if name == "overview":
        return {"year": params.year, "data_dir": data_dir}
    if name == "comparison":
        return {"year": params.year, "base_year": params.base_year or 0, "data_dir": data_dir}
    return {"year": params.year, "programs": list(params.programs), "data_dir": data_dir}


def kernel_manager(log: Path):
    """A kernel manager whose kernel writes its own stdout and stderr to ``log``, not into our progress lines."""
    from jupyter_client.manager import AsyncKernelManager

    class LoggedKernelManager(AsyncKernelManager):
        async def _async_launch_kernel(self, kernel_cmd, **kw):
            with open(log, "ab") as handle:  # the kernel keeps its own copy of the descriptor
                kw["stdout"] = kw["stderr"] = handle
                return await super()._async_launch_kernel(kernel_cmd, **kw)

    return LoggedKernelManager


def execute(name: str, params: Params, staging: Path, out_dir: Path) -> Path:
    """Runs notebook ``name`` into ``staging``, then adds the static chart images (kernels never render them)."""
    import nbformat
    with warnings.catch_warnings():  # tqdm's "IProgress not found" when the builder runs inside a kernel
        warnings.filterwarnings("ignore", message="IProgress not found")
        import papermill
    from papermill.exceptions import PapermillExecutionError

    source = config.NOTEBOOKS_DIR / f"{name}.ipynb"
    target = staging / f"{name}.ipynb"
    try:
        papermill.execute_notebook(
            str(source), str(target), parameters=notebook_parameters(name, params), kernel_name="python3",
            progress_bar=False, log_output=False, report_mode=False,  # no cwd=: papermill would chdir the whole process
            kernel_manager_class=kernel_manager(staging / f"{name}.kernel.log"),
            extra_arguments=["--IPKernelApp.log_level=ERROR"],  # no "running over TCP without encryption"
        )
    except PapermillExecutionError as exc:
        failed = out_dir / f"{name}.failed.ipynb"
        if target.exists():
            copy_file(target, failed)
        lines = (exc.source or "").strip().splitlines()
        where = f"cell In [{exc.exec_count}]" + (f" ({lines[0][:60]})" if lines else "")
        last = exc.evalue.strip().splitlines()[-1] if exc.evalue.strip() else ""
        raise ReportError(
            f"notebook {name}.ipynb (year {params.year}) failed in {where}: {exc.ename}: {last}; "
            f"partial notebook kept at {display_path(failed)}"
        ) from None
    from analysis.charts import add_static_images  # one Chromium in this process renders every chart's PNG

    nb = nbformat.read(target, as_version=4)
    if add_static_images(nb):
        nbformat.write(nb, target)
    return target
