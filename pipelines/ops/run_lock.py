"""One writer at a time: an exclusive lock on `<work db>.lock` held for a whole run.

DuckDB allows one writing process per file, but it fails on the first
conflicting `connect` somewhere in the middle of a run (a feed half loaded, dbt
failing on a model), with a message about a file lock that names neither the
other run nor what to do. Two runs can start together when someone presses
"Materialize" in the UI while the 01:00 schedule runs, or a manual
`dagster job execute` overlaps the night. The run lock decides at the start:
the second run either waits (up to `JEJAK_LOCK_WAIT_SECONDS`, default 0) or
fails before writing anything, with a reason that names the lock file and the
pid of the holder.

The lock (`lock.py`) is an `fcntl.flock`, released by the kernel when the
holder dies, so a run killed with SIGKILL never leaves a stale lock behind.
The rollback command takes the same lock, so it never swaps the published
file under a publishing run.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator
from pathlib import Path

import dagster as dg

from pipelines.config import load_settings
from pipelines.ops.lock import (
    WAIT_ENV,
    RunLockBusy,
    busy_message,
    hold_run_lock,
    lock_path_for,
    wait_seconds_from_env,
)

__all__ = [
    "WAIT_ENV",
    "RunLock",
    "RunLockBusy",
    "busy_message",
    "hold_run_lock",
    "lock_path_for",
    "wait_seconds_from_env",
]


class RunLock(dg.ConfigurableResource):
    """Dagster resource: the run lock, taken when the run's resources are initialised.

    With the in-process executor resources are initialised once per run, so
    the lock is held from before the first asset until after the last one,
    and released in teardown even when a step fails. Every asset that writes
    the working database requires it, so any run (or subset of a run) that
    writes takes it.
    """

    lock_file: str | None = None
    """Defaults to `<JEJAK_WAREHOUSE stem>.work.duckdb.lock`, resolved when the run starts."""
    wait_seconds: float | None = None
    """Defaults to `JEJAK_LOCK_WAIT_SECONDS` (0)."""

    def resolved_lock_file(self) -> Path:
        """The lock file this run takes (settings are read at run time, not import)."""
        return Path(self.lock_file) if self.lock_file else lock_path_for(load_settings().work_db)

    @contextlib.contextmanager
    def yield_for_execution(self, context: dg.InitResourceContext) -> Iterator[RunLock]:
        """Hold the lock for the whole run; fail the run with the reason when busy.

        `dagster job execute` initialises the resources once more after the
        run has finished (to let its result load outputs); nothing writes
        then, so a finished run does not take the lock again (it could fail a
        run that already succeeded, or block the next one).
        """
        run = context.dagster_run
        if run is not None and run.is_finished:
            yield self
            return
        path = self.resolved_lock_file()
        wait = self.wait_seconds if self.wait_seconds is not None else wait_seconds_from_env()
        with hold_run_lock(path, wait, purpose=f"run {context.run_id}"):
            if context.log:
                context.log.info(f"kunci run diambil: {path} (pid {os.getpid()})")
            yield self
