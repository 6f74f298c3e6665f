"""What ``analysis ingest`` prints: what was written, and what the reviewer must do next."""

from __future__ import annotations

from analysis import config
from analysis.config import display_path
from analysis.ingest.run import IngestRun

__all__ = ["next_steps"]


def next_steps(run: IngestRun) -> list[str]:
    """The lines printed after an ingest: the files written, then the reviewer's numbered steps."""
    year, text = run.year, display_path(run.text)
    lines = []
    if run.replaced:
        lines.append(f"replaced (--force): {', '.join(run.replaced)}")
    if run.original is not None:
        lines.append(f"{display_path(run.original)}: the original, byte for byte (sha256 {run.record['original_sha256'][:12]}…)")
        lines.append(f"{text}: main text derived from it, {len(run.derived.lines)} line(s) ({run.derived.tool})")
    else:
        lines.append(f"{text}: the text, byte for byte (sha256 {run.record['sha256'][:12]}…)")
    lines.append(f"{display_path(run.dataset)}: source record for {year} added "
                 f"(title {run.record['title']}, published {run.record['published'] or '?'})")
    todo = int((run.draft["program"] == "").sum()) if len(run.draft) else 0
    lines.append(f"{display_path(run.draft_path)}: draft of {len(run.draft)} figure(s) from {run.candidates} "
                 f"candidate(s), {todo} without program and indicator")
    data_dir = run.dataset.parent
    figures = display_path(config.figures_path(data_dir, year))
    plans = display_path(config.plans_path(data_dir, year + 1))
    lines += [
        "next:",
        f"  1. Check the {year} record in {display_path(run.dataset)} (title, publisher, url, published)"
        + (": " + "; ".join(run.notes) if run.notes else "."),
        f"  2. Read {text} against the published report: the whole main text, nothing of the site's menus or footer.",
        f"  3. Review {display_path(run.draft_path)} into {figures}: program, indicator and flow on every row, "
        "parent for a 其中 part, counts_for, note; ids stable across years; delete rows that are not figures.",
        f"  4. Write {plans} from the 工作计划 part (its quotes come from {text}).",
        f"  5. analysis validate --data-dir {display_path(data_dir)}, then analysis report --year {year}.",
    ]
    if run.kept:
        lines.append(f"kept as they are: {', '.join(run.kept)} (validate checks their quotes against the new text)")
    return lines
