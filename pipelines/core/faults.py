"""Fault injection for the kill tests: die with SIGKILL at a named point of a run.

Why production code calls this. A power cut, the OOM killer or `kill -9` gives
a process no chance to clean up, and the pipeline promises to survive that at
any point: the published warehouse stays as it was and the next night runs
normally (docs/operations.md, "kill -9 at any point"). That promise can only
be tested by killing a real run at the moment that matters (a file's rows
written but not committed, dbt half-way, a new file written but not swapped
in), and only the code at that moment knows it is there. So the loader, the
dbt step, the GX checks and the publish step each call `die_if_requested`
once, at their point, and `tests/test_operations.py` sets
`JEJAK_KILL_AT=<point>` on a real `dagster job execute` and checks the files
afterwards.

Without that variable every call is a no-op (one dictionary lookup), so the
hooks cost nothing in production and change nothing. The variable is a test
hook, deliberately not a setting: it is not in `settings.py`, the README's
configuration table or the Dagster UI.

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
