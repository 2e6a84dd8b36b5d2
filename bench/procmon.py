"""Run a command and measure its wall time and the peak memory of its whole process tree.

The nightly job is one Python process that starts dbt as a child process, so
the memory that matters on the server is the sum over the tree at its worst
moment, not the largest single process. `/proc` is sampled from a thread
while the command runs; `wait4` adds the kernel's own maximum RSS of the
largest single process (which includes children it waited for, such as dbt),
so a short spike between two samples is still bounded from below.
"""

from __future__ import annotations

import os
import subprocess
import threading
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

PAGE_SIZE = os.sysconf("SC_PAGE_SIZE")


@dataclass(frozen=True)
class Measured:
    """What one command cost."""

    returncode: int
    started_at: float
    wall_s: float
    peak_tree_rss_bytes: int
    max_process_rss_bytes: int
    peak_processes: int
    samples: int
    # User + system CPU of the process and the children it waited for (dbt): on a shared
    # machine wall time moves with the load, CPU time much less.
    cpu_s: float = 0.0


def _parent_map() -> dict[int, int]:
    """pid -> parent pid for every live process (read from /proc/<pid>/stat)."""
    parents: dict[int, int] = {}
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            with open(f"/proc/{entry.name}/stat", "rb") as fh:
                stat = fh.read()
        except OSError:
            continue
        # The command name may hold spaces and brackets: fields start after the last ')'.
        fields = stat[stat.rfind(b")") + 2 :].split()
        parents[int(entry.name)] = int(fields[1])
    return parents


def process_tree(root: int) -> list[int]:
    """The root and all its live descendants."""
    children: dict[int, list[int]] = {}
    for pid, parent in _parent_map().items():
        children.setdefault(parent, []).append(pid)
    tree, todo = [], [root]
    while todo:
        pid = todo.pop()
        tree.append(pid)
        todo.extend(children.get(pid, ()))
    return tree


def rss_bytes(pid: int) -> int:
    """Resident set size of one process (0 when it is gone)."""
    try:
        with open(f"/proc/{pid}/statm", "rb") as fh:
            return int(fh.read().split()[1]) * PAGE_SIZE
    except (OSError, IndexError, ValueError):
        return 0


def run_measured(
    cmd: Sequence[str],
    env: Mapping[str, str],
    cwd: Path,
    log_path: Path,
    interval_s: float = 0.1,
) -> Measured:
    """Run `cmd` to completion, output to `log_path`; sample the tree's RSS every interval."""
    log_path.parent.mkdir(parents=True, exist_ok=True)
    started_at = time.time()
    start = time.perf_counter()
    with open(log_path, "wb") as log:
        proc = subprocess.Popen(
            list(cmd), env=dict(env), cwd=cwd, stdout=log, stderr=subprocess.STDOUT
        )
    stop = threading.Event()
    peak = {"rss": 0, "procs": 0, "samples": 0}

    def sample() -> None:
        while not stop.is_set():
            pids = process_tree(proc.pid)
            total = sum(rss_bytes(p) for p in pids)
            peak["samples"] += 1
            if total > peak["rss"]:
                peak["rss"] = total
            peak["procs"] = max(peak["procs"], len(pids))
            stop.wait(interval_s)

    thread = threading.Thread(target=sample, daemon=True)
    thread.start()
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    stop.set()
    thread.join()
    proc.returncode = os.waitstatus_to_exitcode(status)
    return Measured(
        returncode=proc.returncode,
        started_at=started_at,
        wall_s=wall,
        peak_tree_rss_bytes=peak["rss"],
        max_process_rss_bytes=usage.ru_maxrss * 1024,
        peak_processes=peak["procs"],
        samples=peak["samples"],
        cpu_s=usage.ru_utime + usage.ru_stime,
    )
