"""Running a verification campaign — on the campaign engine (issue 10).

The reduction campaigns are ordinary :class:`declcoal.campaigns.Campaign` objects
(``Instance(id, index, params)``, ``instances()``, ``check(inst) -> dict``,
``summary(records)``, ``counterexample(inst, record)``); :func:`run` hands them to
:func:`declcoal.campaigns.run_campaign` (in-process, local processes or Dask; SQLite
store that makes runs resumable; per-instance time limit; progress bar;
counterexample files) and returns the records with the reduction's summary.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from ..campaigns.core import Campaign, Instance

__all__ = ["Campaign", "Instance", "RunResult", "run"]


@dataclass
class RunResult:
    """What a run produced: every record (finished earlier or now) and the summary."""

    records: list[dict]
    summary: dict
    counterexamples: list[str] = field(default_factory=list)
    interrupted: bool = False
    engine: str = "declcoal.campaigns"
    total: int = 0  # instances of the campaign (finished or not)


def run(campaign, *, jobs: int = 1, dask: str | None = None, db: str | None = None,
        limit_per_instance: float | None = None, progress: bool = False, out_dir: str | None = None,
        spec: str | None = None, spec_params: dict | None = None, retry_failed: bool = False,
        max_instances: int | None = None, dask_timeout: float | None = None,
        options: dict[str, str] | None = None) -> RunResult:
    """Run on the campaign engine (:func:`declcoal.campaigns.run_campaign`). Without
    ``db`` the store is a temporary file (the run is not resumable); with it, a rerun
    skips every finished instance. Counterexample files are saved only when ``out_dir``
    is given."""
    import tempfile

    from ..campaigns import CampaignInterrupted, run_campaign

    with tempfile.TemporaryDirectory(prefix="declcoal-verify-") as tmp:
        store = Path(db) if db else Path(tmp) / "verify.sqlite"
        files = Path(out_dir) if out_dir else Path(tmp) / "files"
        executor = "local" if (jobs > 1 or dask) else "inprocess"
        interrupted = False
        try:
            r = run_campaign(campaign, executor=executor, jobs=jobs, dask=dask, db=store,
                             limit_per_instance=limit_per_instance, progress=progress, out_dir=files,
                             spec=spec, spec_params=spec_params, retry_failed=retry_failed,
                             max_instances=max_instances, dask_timeout=dask_timeout, options=options)
        except CampaignInterrupted as exc:
            r, interrupted = exc.run, True
        records = r.records()
        saved = sorted({str(f.parent) for f in r.files}) if out_dir else []
    return RunResult(records, campaign.summary(records), saved, interrupted, f"declcoal.campaigns ({r.executor})",
                     r.total)
