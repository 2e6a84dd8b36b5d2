"""Test-only fault injection: die with SIGKILL at a named point of the nightly run.

A power cut, the OOM killer or `kill -9` gives a process no chance to clean
up. The pipeline must survive that at any point: the published warehouse stays
as it was and the next night runs normally. The tests prove it by setting
`JEJAK_KILL_AT=<point>` on a real `dagster job execute` and checking the files
afterwards. Without that variable every call here is a no-op (one dictionary
lookup), so the hooks cost nothing in production.

Points: `ingest` (a file's rows inserted, not yet committed), `dbt` (while
`dbt build` runs), `checks` (start of a GX check), `publish` (new file
written, not yet swapped in).
"""

from __future__ import annotations

import contextlib
import os
import signal
from collections.abc import Iterable

KILL_ENV = "JEJAK_KILL_AT"
POINTS = ("ingest", "dbt", "checks", "publish")


def die_if_requested(point: str, children: Iterable[int] = ()) -> None:
    """SIGKILL this process (and the given child processes) when `JEJAK_KILL_AT == point`.

    Children are killed first: a machine that loses power or a container that
    is killed takes the whole process tree with it, and an orphaned `dbt`
    writing the working database after its parent died is not the failure
    being simulated.
    """
    if os.environ.get(KILL_ENV) != point:
        return
    for pid in children:
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGKILL)
    os.kill(os.getpid(), signal.SIGKILL)
