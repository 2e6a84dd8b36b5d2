"""Running it like production: readers never disturbed, kill -9 anywhere, rollback, Parquet,
one writer at a time (docs/operations.md).

One scenario, built once for the module because real runs are the slow part:

1. night 1: the fixture landing folder without LATE_FILES, run in process and published;
2. three BI readers start as separate processes on the published file and query in a loop;
3. the real CLI (`dagster job execute ... nightly_load`) runs night 2 and is killed with SIGKILL
   at each point in turn: ingest, dbt, checks, publish. Each run after a kill is the "next run"
   of that kill: it must get through the step that was killed (it does not start again from
   night 1: three full runs instead of six keep the scenario to about two minutes);
4. a last run without a kill must succeed and publish the night-2 figures;
5. the readers stop; every answer they got is checked.

`JEJAK_KILL_TESTS=each` instead starts every point from its own copy of the night-1 state
and follows each kill with its own full recovery run (slower: about four minutes).

Expected totals, worked out from the docstring of tests/landing_fixture.py:

Night 1 lacks the February correction of 900104 and the only file of 900110.
  900104 January: 30.000.000,00 - 1.000.000,50 + 10.000.000,00 + 5.000.000,00 = 43.999.999,50
  900104 February: the original xlsx is in force while its correction has not arrived:
         L1 20.000.000,01
  => sum of office_scorecard.realisasi = sum of office_month.realisasi_bulan = 63.999.999,51
Night 2 has every file.
  900104: January 43.999.999,50 + February correction 28.000.000,01 = 71.999.999,51
  900110: 1.000.000,00
  => 72.999.999,51
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

import dagster as dg
import duckdb
import pyarrow.parquet as pq
import pytest

from pipelines.core.lock import RunLockBusy, hold_run_lock, lock_path_for
from pipelines.core.paths import REPO_ROOT
from pipelines.core.publication import point_latest_to
from pipelines.publish import parquet_export
from pipelines.publish import rollback as rollback_cli
from pipelines.quality.checks import STEP_NAME as GX_STEP
from tests.conftest import PII_KEY, run_nightly
from tests.landing_fixture import build_landing

D = Decimal

LATE_FILES = ["sp2d/SP2D_900104_202602_koreksi.csv", "sp2d/SP2D_900110_202601.csv"]
NIGHT1_TOTAL = D("63999999.51")
NIGHT2_TOTAL = D("72999999.51")

# In step order: a kill at dbt leaves the next run to pass dbt and die in the checks step.
POINTS = ["ingest", "dbt", "checks", "publish"]
DAGSTER = str(Path(sys.executable).with_name("dagster"))
READER_MODES = ["held", "reconnect", "sqlalchemy"]
MAX_LATENCY_SECONDS = 1.0


# --------------------------------------------------------------------------- helpers


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _clean_env() -> dict[str, str]:
    return {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("JEJAK_", "DAGSTER_")) and k != "PYTHONPATH"
    } | {"PYTHONPATH": str(REPO_ROOT)}


def run_cli(
    landing: Path, warehouse: Path, dagster_home: Path, kill_at: str | None = None
) -> tuple[int, str, float]:
    """The nightly job exactly as cron or an operator runs it."""
    dagster_home.mkdir(parents=True, exist_ok=True)
    (dagster_home / "dagster.yaml").write_text("telemetry:\n  enabled: false\n")
    env = _clean_env() | {
        "JEJAK_LANDING_DIR": str(landing),
        "JEJAK_WAREHOUSE": str(warehouse),
        "JEJAK_PII_KEY": PII_KEY,
        "DAGSTER_HOME": str(dagster_home),
    }
    if kill_at:
        env["JEJAK_KILL_AT"] = kill_at
    started = time.monotonic()
    proc = subprocess.run(
        [DAGSTER, "job", "execute", "-m", "pipelines.definitions", "-j", "nightly_load"],
        cwd=REPO_ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        start_new_session=True,
    )
    return proc.returncode, proc.stdout + proc.stderr, time.monotonic() - started


def processes_of(warehouse: Path) -> list[str]:
    """Live processes (dagster, dbt) started for this warehouse, found by their environment."""
    marker = f"JEJAK_WAREHOUSE={warehouse}".encode()
    found = []
    for proc in Path("/proc").iterdir():
        if not proc.name.isdigit() or int(proc.name) == os.getpid():
            continue
        try:
            if marker not in (proc / "environ").read_bytes().split(b"\0"):
                continue
            state = (proc / "stat").read_text().rsplit(")", 1)[1].split()[0]
            cmdline = (proc / "cmdline").read_bytes().replace(b"\0", b" ").decode()
        except OSError:
            continue
        # Only what could write the working database: the run itself and dbt (not, e.g.,
        # multiprocessing's resource tracker, which exits on its own).
        if state != "Z" and ("dbt" in cmdline or "dagster" in cmdline):
            found.append(f"{proc.name} {cmdline}")
    return found


STEP_START = re.compile(r'STEP_START - Started execution of step "([^"]+)"')


def last_started_step(output: str) -> str | None:
    """The step that was running when the process died."""
    steps = STEP_START.findall(output)
    return steps[-1] if steps else None


def step_succeeded(output: str, step: str) -> bool:
    return f'STEP_SUCCESS - Finished execution of step "{step}"' in output


def published_figures(path: Path) -> tuple[Decimal, Decimal, str]:
    con = duckdb.connect(str(path), read_only=True)
    try:
        return con.execute(
            "select (select sum(realisasi) from marts.office_scorecard), "
            "(select sum(realisasi_bulan) from marts.office_month), "
            "(select run_id from meta.publication)"
        ).fetchone()
    finally:
        con.close()


def copy_state(src: Path, dst: Path) -> None:
    """A night's files (landing, warehouse dir) for another run: copy2 keeps landing times."""
    shutil.copytree(src, dst, symlinks=True, copy_function=shutil.copy2)


@contextlib.contextmanager
def bi_readers(db: Path, folder: Path) -> Iterator[Path]:
    """Start the readers of tests/bi_reader.py and stop them at the end of the block."""
    folder.mkdir(parents=True, exist_ok=True)
    stop = folder / "stop"
    procs = []
    for mode in READER_MODES:
        out = folder / f"{mode}.jsonl"
        procs.append(
            (
                out,
                subprocess.Popen(
                    [sys.executable, "-m", "tests.bi_reader", mode, str(db), str(out), str(stop)],
                    cwd=REPO_ROOT,
                    env=_clean_env(),
                ),
            )
        )
    try:
        deadline = time.monotonic() + 60
        while not all(out.exists() and out.stat().st_size > 0 for out, _ in procs):
            assert time.monotonic() < deadline, "BI readers did not start"
            assert all(p.poll() is None for _, p in procs), "a BI reader died at start"
            time.sleep(0.1)
        yield folder
    finally:
        stop.touch()
        for _, proc in procs:
            try:
                proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()


def read_observations(folder: Path) -> list[dict]:
    rows = []
    for mode in READER_MODES:
        path = folder / f"{mode}.jsonl"
        rows += [json.loads(line) for line in path.read_text().splitlines() if line.strip()]
    return rows


# --------------------------------------------------------------------------- the scenario


@dataclass
class KilledRun:
    point: str
    returncode: int
    step: str | None
    sha_before: str
    sha_after: str
    survivors: list[str]
    elapsed: float
    output: str
    next_output: str = ""


@dataclass
class Chain:
    root: Path
    landing: Path
    warehouse: Path
    kills: list[KilledRun] = field(default_factory=list)
    recovery_rc: int = -1
    recovery_output: str = ""
    recovery_elapsed: float = 0.0


@dataclass
class Scenario:
    night1: Path
    night1_run_id: str
    night1_sha: str
    chains: list[Chain]
    observations: list[dict]
    elapsed: float
    night1_elapsed: float

    @property
    def main(self) -> Chain:
        return self.chains[0]


def _run_chain(chain: Chain, points: list[str]) -> None:
    home = chain.root / "dagster_home"
    outputs = []
    for point in points:
        before = sha256(chain.warehouse)
        rc, output, elapsed = run_cli(chain.landing, chain.warehouse, home, kill_at=point)
        survivors = processes_of(chain.warehouse)
        for line in survivors:  # never leave a stray process behind, even when failing
            with contextlib.suppress(ProcessLookupError):
                os.kill(int(line.split()[0]), signal.SIGKILL)
        chain.kills.append(
            KilledRun(
                point,
                rc,
                last_started_step(output),
                before,
                sha256(chain.warehouse),
                survivors,
                elapsed,
                output,
            )
        )
        outputs.append(output)
    chain.recovery_rc, chain.recovery_output, chain.recovery_elapsed = run_cli(
        chain.landing, chain.warehouse, home
    )
    for kill, next_output in zip(chain.kills, [*outputs[1:], chain.recovery_output], strict=True):
        kill.next_output = next_output


@pytest.fixture(scope="module")
def scenario(tmp_path_factory: pytest.TempPathFactory) -> Scenario:
    started = time.monotonic()
    root = tmp_path_factory.mktemp("operations")
    # Night 1, in process (faster than the CLI), published.
    night1 = root / "night1"
    all_files = build_landing(root / "fixture")
    landing = night1 / "landing"
    shutil.copytree(all_files, landing, copy_function=shutil.copy2)
    for rel in LATE_FILES:
        (landing / rel).unlink()
    warehouse = night1 / "warehouse" / "jejak_rupiah.duckdb"
    first = run_nightly(landing, warehouse, dg.DagsterInstance.ephemeral())
    assert first.result.success
    night1_elapsed = time.monotonic() - started
    night1_run_id = published_figures(warehouse)[2]

    each = os.environ.get("JEJAK_KILL_TESTS") == "each"
    plans = [[p] for p in POINTS] if each else [POINTS]
    chains = []
    for number in range(len(plans)):
        chain_root = root / f"chain{number}"
        copy_state(night1, chain_root)
        for rel in LATE_FILES:  # night 2 delivers the late files, landing times kept
            shutil.copy2(all_files / rel, chain_root / "landing" / rel)
        chains.append(
            Chain(
                chain_root,
                chain_root / "landing",
                chain_root / "warehouse" / warehouse.name,
            )
        )

    with bi_readers(chains[0].warehouse, root / "readers") as readers:
        for chain, points in zip(chains, plans, strict=True):
            _run_chain(chain, points)
        time.sleep(1.0)  # let the reconnecting readers see the final night
    return Scenario(
        night1,
        night1_run_id,
        sha256(warehouse),
        chains,
        read_observations(readers),
        time.monotonic() - started,
        night1_elapsed,
    )


# --------------------------------------------------------------------------- kill -9


EXPECTED_KILLED_STEP = {
    "ingest": lambda s: s == "raw__sp2d",
    "checks": lambda s: s == GX_STEP,
    "dbt": lambda s: s == "jejak_dbt_models",
    "publish": lambda s: s == "published__warehouse",
}


@pytest.mark.slow  # the `scenario`: whole nightly runs, killed and run again (minutes)
@pytest.mark.parametrize("point", POINTS)
def test_kill_9_leaves_published_file_and_next_run_intact(
    scenario: Scenario, point: str, capsys: pytest.CaptureFixture[str]
) -> None:
    kill = next(k for c in scenario.chains for k in c.kills if k.point == point)
    tail = kill.output[-3000:]
    assert kill.returncode == -signal.SIGKILL, f"{point}: rc {kill.returncode}\n{tail}"
    assert kill.step and EXPECTED_KILLED_STEP[point](kill.step), (point, kill.step)
    assert kill.sha_after == kill.sha_before == scenario.night1_sha
    # dbt is killed with its parent: nothing keeps writing the working database.
    assert kill.survivors == []
    # The next run got through the very step that was killed.
    assert step_succeeded(kill.next_output, kill.step), kill.next_output[-3000:]
    with capsys.disabled():
        print(
            f"\nkill -9 at {point}: died in step {kill.step} after {kill.elapsed:.1f}s, "
            "published file unchanged (sha256), next run passed the step"
        )


@pytest.mark.slow  # the `scenario`: whole nightly runs, killed and run again (minutes)
def test_run_after_kills_publishes_night_2(
    scenario: Scenario, capsys: pytest.CaptureFixture[str]
) -> None:
    for chain in scenario.chains:
        assert chain.recovery_rc == 0, chain.recovery_output[-5000:]
        scorecard, month, run_id = published_figures(chain.warehouse)
        assert scorecard == month == NIGHT2_TOTAL
        assert run_id != scenario.night1_run_id
        folder = chain.warehouse.parent
        # Temp files of the killed publish are gone; the night-1 file was kept once.
        assert list(folder.glob(".*.tmp.duckdb*")) == []
        assert not (folder / f"{chain.warehouse.name}.wal").exists()
        kept = sorted((folder / "versions").glob("*.duckdb"))
        assert [published_figures(v)[2] for v in kept] == [scenario.night1_run_id]
        assert [p.name for p in (folder / "parquet").glob(".*")] == []
        # The file killed between insert and commit was loaded exactly once.
        work = duckdb.connect(str(folder / "jejak_rupiah.work.duckdb"), read_only=True)
        try:
            ledger = work.execute(
                "select count(*) from raw.file_ledger where source_file = ?", [LATE_FILES[0]]
            ).fetchone()[0]
            rows = work.execute(
                "select count(*), sum(nilai) from raw.sp2d where _source_file = ?",
                [LATE_FILES[0]],
            ).fetchone()
        finally:
            work.close()
        assert ledger == 1
        assert rows == (2, D("28000000.01"))
        # Every run took the run lock (and the kernel released it at each kill).
        assert lock_path_for(folder / "jejak_rupiah.work.duckdb").exists()
        timings = ", ".join(f"kill at {k.point} {k.elapsed:.0f}s" for k in chain.kills)
        with capsys.disabled():
            print(
                f"\nnight 1 (in process) {scenario.night1_elapsed:.0f}s; CLI runs: {timings}, "
                f"good run {chain.recovery_elapsed:.0f}s; whole scenario {scenario.elapsed:.0f}s"
            )


# --------------------------------------------------------------------------- BI readers


@pytest.mark.slow  # the `scenario`: whole nightly runs, killed and run again (minutes)
def test_readers_never_disturbed(scenario: Scenario, capsys: pytest.CaptureFixture[str]) -> None:
    night2_run_id = published_figures(scenario.main.warehouse)[2]
    nights = {
        scenario.night1_run_id: str(NIGHT1_TOTAL),
        night2_run_id: str(NIGHT2_TOTAL),
    }
    observations = scenario.observations
    errors = [o for o in observations if o["error"]]
    assert errors == [], errors[:3]
    for o in observations:
        # One night per answer, and that night's own figures in every mart.
        assert o["run_id"] in nights, o
        assert o["scorecard"] == o["month"] == nights[o["run_id"]], o
    latencies = [o["latency"] for o in observations]
    by_reader = {m: [o for o in observations if o["reader"] == m] for m in READER_MODES}
    for mode, rows in by_reader.items():
        assert len(rows) >= 20, (mode, len(rows))
        seen = [o["run_id"] for o in sorted(rows, key=lambda o: o["t"])]
        # Never back to an older night after a newer one.
        first_new = seen.index(night2_run_id) if night2_run_id in seen else len(seen)
        assert set(seen[first_new:]) <= {night2_run_id}, mode
    # The open connection keeps the night it opened; new connections get the new night.
    assert {o["run_id"] for o in by_reader["held"]} == {scenario.night1_run_id}
    for mode in ("reconnect", "sqlalchemy"):
        assert by_reader[mode][-1]["run_id"] == night2_run_id, mode
    assert max(latencies) < MAX_LATENCY_SECONDS
    summary = (
        f"BI readers during {len(scenario.main.kills)} killed runs + 1 good run: "
        f"{len(observations)} queries "
        f"({', '.join(f'{m} {len(r)}' for m, r in by_reader.items())}), "
        f"{len(errors)} errors, max latency {max(latencies) * 1000:.0f} ms, "
        f"nights seen {len({o['run_id'] for o in observations})}, never mixed; "
        f"scenario {scenario.elapsed:.0f}s"
    )
    with capsys.disabled():
        print("\n" + summary)


# --------------------------------------------------------------------------- Parquet


@pytest.mark.slow  # the `scenario`: whole nightly runs, killed and run again (minutes)
def test_parquet_export_matches_warehouse(scenario: Scenario) -> None:
    warehouse = scenario.main.warehouse
    root = parquet_export.parquet_root(warehouse)
    night2_run_id = published_figures(warehouse)[2]
    assert os.readlink(root / "latest") == night2_run_id
    manifest = json.loads((root / "latest" / "manifest.json").read_text())
    assert manifest["night"]["run_id"] == night2_run_id
    con = duckdb.connect(str(warehouse), read_only=True)
    try:
        published_at = con.execute("select published_at from meta.publication").fetchone()[0]
        assert manifest["night"]["published_at"] == published_at.isoformat()
        marts = {
            t
            for (t,) in con.execute(
                "select table_name from duckdb_tables() where schema_name = 'marts'"
            ).fetchall()
        }
        assert {e["table"] for e in manifest["tables"]} == marts
        for entry in manifest["tables"]:
            path = root / "latest" / entry["file"]
            assert sha256(path) == entry["sha256"]
            table = entry["table"]
            assert con.execute(f"select count(*) from marts.{table}").fetchone()[0] == entry["rows"]
            assert pq.read_metadata(path).num_rows == entry["rows"]
            # Same rows both ways, every column, compared in DuckDB's exact types.
            for query in (
                f"select * from marts.{table} except all select * from read_parquet('{path}')",
                f"select * from read_parquet('{path}') except all select * from marts.{table}",
            ):
                assert con.execute(f"select count(*) from ({query})").fetchone()[0] == 0, table
    finally:
        con.close()
    # Money read back by a plain Parquet reader: decimal128(18, 2), exact to the sen.
    scorecard = pq.read_table(root / "latest" / "office_scorecard.parquet")
    assert str(scorecard.schema.field("realisasi").type) == "decimal128(18, 2)"
    values = scorecard.column("realisasi").to_pylist()
    assert all(isinstance(v, Decimal) for v in values)
    assert sum(values) == NIGHT2_TOTAL
    month = pq.read_table(root / "latest" / "office_month.parquet")
    assert sum(month.column("realisasi_bulan").to_pylist()) == NIGHT2_TOTAL
    # Night 1's export is kept beside it.
    assert (root / scenario.night1_run_id / "manifest.json").exists()


def test_parquet_keeps_last_five_and_never_latest(tmp_path: Path) -> None:
    root = tmp_path / "parquet"
    for day in range(1, 9):
        folder = root / f"run{day}"
        folder.mkdir(parents=True)
        night = {"run_id": f"run{day}", "published_at": f"2026-03-0{day}T01:00:00"}
        (folder / "manifest.json").write_text(json.dumps({"night": night, "tables": []}))
    (root / ".run9.tmp").mkdir()
    point_latest_to(root, "run2")  # e.g. after a rollback
    removed = parquet_export.prune(root)
    assert sorted(p.name for p in removed) == ["run1", "run3"]
    assert [p.name for p in parquet_export.exports(root)] == [
        "run2",
        "run4",
        "run5",
        "run6",
        "run7",
        "run8",
    ]
    assert os.readlink(root / "latest") == "run2"


# --------------------------------------------------------------------------- rollback


@dataclass
class Outcome:
    returncode: int
    stdout: str
    stderr: str


def _rollback(
    warehouse: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, *args: str
) -> Outcome:
    """`python -m pipelines.publish.rollback ARGS`, called in process (it reads the env)."""
    monkeypatch.setenv("JEJAK_WAREHOUSE", str(warehouse))
    capsys.readouterr()
    code = rollback_cli.main(list(args))
    out, err = capsys.readouterr()
    return Outcome(code, out, err)


@pytest.mark.slow  # the `scenario`: whole nightly runs, killed and run again (minutes)
def test_rollback(
    scenario: Scenario,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    shutil.copytree(scenario.main.warehouse.parent, tmp_path / "wh", symlinks=True)
    warehouse = tmp_path / "wh" / scenario.main.warehouse.name
    night2_run_id = published_figures(warehouse)[2]
    versions = warehouse.parent / "versions"
    (night1_version,) = sorted(versions.glob("*.duckdb"))

    # The command as an operator types it.
    listed = subprocess.run(
        [sys.executable, "-m", "pipelines.publish.rollback", "--list"],
        cwd=REPO_ROOT,
        env=_clean_env() | {"JEJAK_WAREHOUSE": str(warehouse)},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert listed.returncode == 0, listed.stderr
    assert night1_version.name in listed.stdout
    assert scenario.night1_run_id[:8] in listed.stdout
    assert "dipulihkan bila tanpa --to" in listed.stdout

    # Back one night: night 1 is published again, night 2 is kept as a version.
    back = _rollback(warehouse, capsys, monkeypatch)
    assert back.returncode == 0, back.stderr
    assert f"dipulihkan    : {night1_version.name}" in back.stdout
    assert published_figures(warehouse) == (NIGHT1_TOTAL, NIGHT1_TOTAL, scenario.night1_run_id)
    assert sha256(warehouse) == sha256(night1_version)
    assert os.readlink(warehouse.parent / "parquet" / "latest") == scenario.night1_run_id
    kept = sorted(versions.glob("*.duckdb"))
    assert [published_figures(v)[2] for v in kept] == [scenario.night1_run_id, night2_run_id]

    # Nothing older than night 1 is kept: a second plain rollback refuses, changing nothing.
    again = _rollback(warehouse, capsys, monkeypatch)
    assert again.returncode == 1
    assert "tidak ada versi sebelum" in again.stderr
    assert published_figures(warehouse)[2] == scenario.night1_run_id

    # Forward again to a named version.
    forward = _rollback(warehouse, capsys, monkeypatch, "--to", kept[-1].name)
    assert forward.returncode == 0, forward.stderr
    assert published_figures(warehouse) == (NIGHT2_TOTAL, NIGHT2_TOTAL, night2_run_id)
    assert os.readlink(warehouse.parent / "parquet" / "latest") == night2_run_id
    assert list(warehouse.parent.glob(".*.tmp.duckdb")) == []

    # Never under a running publish: the rollback takes the run lock.
    work_db = warehouse.with_name(f"{warehouse.stem}.work{warehouse.suffix}")
    with hold_run_lock(lock_path_for(work_db), purpose="uji"):
        busy = _rollback(warehouse, capsys, monkeypatch)
    assert busy.returncode == 1
    assert str(lock_path_for(work_db)) in busy.stderr and f"pid {os.getpid()}" in busy.stderr
    assert published_figures(warehouse)[2] == night2_run_id

    missing = _rollback(warehouse, capsys, monkeypatch, "--to", "tidak_ada.duckdb")
    assert missing.returncode == 1 and "tidak ditemukan" in missing.stderr


# --------------------------------------------------------------------------- run lock


def test_second_run_fails_fast_while_lock_held(tmp_path: Path) -> None:
    landing = build_landing(tmp_path)
    warehouse = tmp_path / "wh" / "jejak_rupiah.duckdb"
    work_db = warehouse.with_name("jejak_rupiah.work.duckdb")
    lock = lock_path_for(work_db)
    with hold_run_lock(lock, purpose="uji"):
        started = time.monotonic()
        run = run_nightly(landing, warehouse, dg.DagsterInstance.ephemeral())
        elapsed = time.monotonic() - started
    assert not run.result.success
    assert elapsed < 15
    # The reason names the lock file and who holds it; nothing was written.
    failure = run.result.get_run_failure_event()
    text = "\n".join(
        str(e.event_specific_data)
        for e in run.result.all_events
        if e.is_failure or e.is_resource_init_failure
    ) + str(failure.event_specific_data)
    assert str(lock) in text
    assert f"pid {os.getpid()}" in text
    assert "Run ini dihentikan sebelum menulis apa pun" in text
    assert not work_db.exists()
    assert not warehouse.exists()


def test_lock_waits_then_takes_over(tmp_path: Path) -> None:
    lock = tmp_path / "w.work.duckdb.lock"
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sys, time; from pathlib import Path; "
            "from pipelines.core.lock import hold_run_lock\n"
            f"with hold_run_lock(Path({str(lock)!r}), purpose='run lama'):\n"
            "    print('held', flush=True); time.sleep(1.0)",
        ],
        cwd=REPO_ROOT,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert holder.stdout.readline().strip() == "held"
    with pytest.raises(RunLockBusy) as busy, hold_run_lock(lock, wait_seconds=0.2):
        pass
    message = str(busy.value)
    assert f"pid {holder.pid}" in message and "untuk run lama" in message
    assert "setelah menunggu 0.2 detik" in message
    started = time.monotonic()
    with hold_run_lock(lock, wait_seconds=30, purpose="run baru"):
        assert f"pid={os.getpid()}" in lock.read_text()
    assert time.monotonic() - started < 10
    holder.wait(timeout=10)
    # A holder killed with SIGKILL leaves no stale lock: the kernel releases it.
    killed = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import os, signal; from pathlib import Path; "
            "from pipelines.core.lock import hold_run_lock\n"
            f"with hold_run_lock(Path({str(lock)!r})):\n"
            "    os.kill(os.getpid(), signal.SIGKILL)",
        ],
        cwd=REPO_ROOT,
    )
    assert killed.wait(timeout=30) == -signal.SIGKILL
    with hold_run_lock(lock):
        pass


# --------------------------------------------------------------------------- unit pieces


def test_parquet_audit_refuses_money_as_float(tmp_path: Path) -> None:
    import pyarrow as pa

    path = tmp_path / "t.parquet"
    pq.write_table(pa.table({"nilai": pa.array([1.1, 2.2], type=pa.float64())}), path)
    with pytest.raises(parquet_export.ParquetExportError, match="kolom 'nilai' bertipe double"):
        parquet_export._audit(path, "t", 2, [("nilai", "DECIMAL(18,2)")])
    with pytest.raises(parquet_export.ParquetExportError, match="3 baris di marts.t"):
        parquet_export._audit(path, "t", 3, [])


def test_keeping_a_version_is_idempotent_and_takes_a_stray_wal(tmp_path: Path) -> None:
    from pipelines.publish.warehouse import keep_current_version, remove_stale_temp_files

    published = tmp_path / "w.duckdb"
    con = duckdb.connect(str(published))
    con.execute("create table t as select 1 as x")
    con.close()
    first = keep_current_version(published)
    # A run killed before its rename kept the file already: the next run does not keep it twice.
    assert keep_current_version(published) == first
    # Someone opened the published file read-write: its WAL goes with its own version.
    (tmp_path / "w.duckdb.wal").write_bytes(b"wal")
    kept = keep_current_version(published)
    assert kept == first and (kept.parent / f"{kept.name}.wal").read_bytes() == b"wal"
    assert not (tmp_path / "w.duckdb.wal").exists()
    # Temp files of dead runs are removed; the caller's own is kept.
    for name in (".w.dead.tmp.duckdb", ".w.dead.tmp.duckdb.wal", ".w.mine.tmp.duckdb"):
        (tmp_path / name).write_bytes(b"")
    removed = remove_stale_temp_files(published, keep=tmp_path / ".w.mine.tmp.duckdb")
    assert sorted(p.name for p in removed) == [".w.dead.tmp.duckdb", ".w.dead.tmp.duckdb.wal"]
    assert (tmp_path / ".w.mine.tmp.duckdb").exists()
