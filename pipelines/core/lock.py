"""One writer at a time: an exclusive `fcntl.flock` on `<work db>.lock`, held for a whole run.

This is the only mechanism that decides who writes the working database. Two
runs can start together (someone presses "Materialize" while the 01:00
schedule runs, a manual `dagster job execute` overlaps the night, a rollback
is typed during a publish), and every one of them takes this lock before
writing: the second either waits (up to `JEJAK_LOCK_WAIT_SECONDS`, default 0)
or fails before writing anything, with a reason that names the lock file and
the pid of the holder. Why this and nothing else:

* Dagster's run queue (`max_concurrent_runs`) only sees runs launched through
  the daemon; `dagster job execute`, `make run` and the rollback command
  bypass it, so it cannot be the guarantee, and a second rule that holds
  only sometimes is one more thing to reason about. The instance files
  (`scripts/dagster*.yaml`) therefore set no limit.
* DuckDB's own file lock is a fact of the storage, not a policy: it fails on
  the first conflicting `connect` somewhere in the middle of a run, with a
  message that names neither the other process nor what to do. With the run
  lock held, only an outsider (a tool that opened the *working* file
  read-write, an orphaned `dbt`) can still hit it; the dbt step retries that
  as transient (`retries.py`).

The lock is released by the kernel when the holder dies, so a run killed
with SIGKILL never leaves a stale lock behind; the lock file itself is never
deleted (deleting a lock file races with the next locker). No Dagster import
here: the rollback command takes the very same lock and starts in a fraction
of a second. The Dagster resource is `RunLock` in `resources.py`.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import fcntl
import os
import socket
import time
from collections.abc import Iterator
from pathlib import Path

from pipelines.core.settings import LOCK_WAIT_ENV


class RunLockBusy(RuntimeError):
    """Another process holds the run lock: this run must not write."""


def lock_path_for(work_db: Path) -> Path:
    """`<work db>.lock`, beside the working database it protects."""
    return work_db.with_name(work_db.name + ".lock")


def _holder(fd: int) -> dict[str, str]:
    """What the holder wrote into the lock file (`key=value` lines)."""
    text = os.pread(fd, 4096, 0).decode("utf-8", errors="replace")
    return dict(line.split("=", 1) for line in text.splitlines() if "=" in line)


def busy_message(lock_file: Path, holder: dict[str, str], waited: float) -> str:
    """The reason a run refuses to start, in Bahasa Indonesia."""
    pid = holder.get("pid", "tidak diketahui")
    detail = ", ".join(
        f"{label} {holder[key]}"
        for key, label in (("tujuan", "untuk"), ("host", "di"), ("sejak", "sejak"))
        if holder.get(key)
    )
    waited_text = f" setelah menunggu {waited:g} detik" if waited > 0 else ""
    return (
        f"database kerja sedang dipakai proses lain: kunci run {lock_file} dipegang oleh pid {pid}"
        + (f" ({detail})" if detail else "")
        + f"{waited_text}. Run ini dihentikan sebelum menulis apa pun; tunggu proses itu selesai "
        f"atau set {LOCK_WAIT_ENV} agar run menunggu."
    )


@contextlib.contextmanager
def hold_run_lock(lock_file: Path, wait_seconds: float = 0.0, purpose: str = "") -> Iterator[Path]:
    """Hold the exclusive lock for the `with` block, or raise `RunLockBusy`.

    The holder's pid, host, purpose and start time are written into the file
    so that the refused run can say who is in the way.
    """
    lock_file.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(lock_file, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        deadline = time.monotonic() + wait_seconds
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    raise RunLockBusy(busy_message(lock_file, _holder(fd), wait_seconds)) from None
                time.sleep(min(0.2, remaining))
        info = {
            "pid": str(os.getpid()),
            "host": socket.gethostname(),
            "tujuan": purpose,
            "sejak": dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M:%S UTC"),
        }
        os.ftruncate(fd, 0)
        os.pwrite(fd, "".join(f"{k}={v}\n" for k, v in info.items()).encode(), 0)
        try:
            yield lock_file
        finally:
            os.ftruncate(fd, 0)  # before unlocking: never erase the next holder's pid
    finally:
        os.close(fd)  # closing the descriptor releases the flock
