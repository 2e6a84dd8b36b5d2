"""Benchmark the nightly load at several data scales against a plain-DuckDB baseline.

Run:  .venv/bin/python bench/run_bench.py [SCALE ...] [--label after] [--work-dir /tmp/x]

For each scale (default 1 10 100), in one go so the ratios hold on a noisy
machine: generate the landing folder with the sample generator's scale
factor, hold back one office's last SP2D month and last case snapshot, run
`dagster job execute -m pipelines.definitions -j nightly_load` on an empty
warehouse (wall time, per-stage time from the Dagster event log, peak RSS of
the process tree including dbt), time the baseline (`bench/baseline.py`) on
the accepted rows, let the held-back files land and time the incremental
night, and time `import pipelines.definitions`. Once per benchmark run, before
the scales, it also times the stack floor (`bench/floor`: one row through
Dagster, dbt, one GX suite and a publish), so each row can say how much of the
night is the machinery and how much is the data. Results are printed and
merged into `bench/results.csv` and `bench/results.md` (rows keyed by label
and scale, so a `before` and an `after` run sit side by side).

The targets are reported, never asserted: the benchmark measures, the
reader judges.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import json
import os
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

if __package__ in (None, ""):  # run as a script: make `bench` and `sample_data` importable
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import duckdb  # noqa: E402

from bench.baseline import export_inputs  # noqa: E402
from bench.procmon import Measured, run_measured  # noqa: E402
from bench.stages import STAGES, RunTimes, last_run_times  # noqa: E402
from sample_data.generate import generate  # noqa: E402

BENCH_DIR = Path(__file__).resolve().parent
REPO_ROOT = BENCH_DIR.parent
FEEDS = ("dipa", "sp2d", "capaian_ro", "pengaduan", "peta_hasil", "indikator")
PII_KEY = "kunci-benchmark-bukan-rahasia"  # synthetic data only
MB = 1024 * 1024

# Targets of the benchmark issue (reported against, not asserted).
TARGET_RATIO = {10: 2.0, 100: 1.5}
TARGET_INCREMENTAL_PCT = {10: 10.0}
TARGET_PEAK_MB = {100: 2048}
TARGET_DEFS_S = 3.0

# The stack floor (bench/floor), measured once per benchmark run.
FLOOR_COLUMNS = [
    "floor_s",
    "floor_cpu_s",
    "floor_startup_s",
    *(f"floor_{s}_s" for s in STAGES),
    "floor_status",
]

CSV_COLUMNS = [
    "label",
    "scale",
    "measured_at",
    "commit",
    "code_dir",
    *(f"rows_{f}" for f in FEEDS),
    "files_loaded",
    "files_rejected",
    "landing_mb",
    "full_s",
    "full_run_s",
    "startup_s",
    *(f"{s}_s" for s in STAGES),
    "baseline_s",
    "baseline_read_s",
    "baseline_models_s",
    "baseline_same_marts",
    "ratio_full_baseline",
    "incr_s",
    *(f"incr_{s}_s" for s in STAGES),
    "incr_pct_full",
    "quiet_s",
    "quiet_pct_full",
    "peak_rss_mb",
    "max_process_rss_mb",
    "incr_peak_rss_mb",
    "defs_load_s",
    "full_status",
    "incr_status",
    *FLOOR_COLUMNS,
    "ratio_above_floor_baseline",  # (full - floor) / baseline
    "incr_above_floor_pct",  # (incremental - floor) / (full - floor), in %
    # User + system CPU (dbt included): on a shared machine less moved by the load than wall.
    "full_cpu_s",
    "incr_cpu_s",
    "incr_above_floor_cpu_pct",  # the same ratio as incr_above_floor_pct, in CPU seconds
]


def _env(code_dir: Path, root: Path) -> dict[str, str]:
    """The environment of a nightly run on this scale's folders (nothing of the user's)."""
    env = dict(os.environ)
    bin_dir = str(Path(sys.executable).parent)
    env.update(
        {
            "JEJAK_LANDING_DIR": str(root / "landing"),
            "JEJAK_WAREHOUSE": str(root / "warehouse" / "jejak_rupiah.duckdb"),
            "DAGSTER_HOME": str(root / "dagster_home"),
            "JEJAK_PII_KEY": PII_KEY,
            "PATH": bin_dir + os.pathsep + env.get("PATH", ""),
            # The code under test comes first, even when another checkout is installed.
            "PYTHONPATH": str(code_dir) + os.pathsep + env.get("PYTHONPATH", ""),
            "GX_ANALYTICS_ENABLED": "false",
        }
    )
    env.pop("JEJAK_WORK_DB", None)
    return env


def _hold_back(landing: Path, incoming: Path, bad: set[str]) -> list[str]:
    """Move one office's last good SP2D month and last case snapshot out of the landing dir."""
    sp2d = sorted(p for p in (landing / "sp2d").iterdir() if f"sp2d/{p.name}" not in bad)
    cases = sorted(p for p in (landing / "pengaduan").iterdir())
    for office in sorted({p.name.split("_")[1] for p in cases}):
        months = [p for p in sp2d if p.name.split("_")[1] == office]
        snaps = [p for p in cases if p.name.split("_")[1] == office]
        last_month = max(months, key=lambda p: p.name.split("_")[2][:6]) if months else None
        # Only a month with a single delivery: a correction would leave its original behind.
        # `SP2D_<kdsatker>_<YYYYMM>` is 18 characters; suffixes (`_koreksi`, ` (1)`) follow.
        if last_month is None or sum(1 for p in months if p.name[:18] == last_month.name[:18]) > 1:
            continue
        moved = []
        for path in (last_month, max(snaps, key=lambda p: p.name)):
            target = incoming / path.parent.name / path.name
            target.parent.mkdir(parents=True, exist_ok=True)
            os.replace(path, target)  # a rename keeps the landing time (mtime)
            moved.append(f"{path.parent.name}/{path.name}")
        return moved
    raise RuntimeError("no office with a single-delivery last SP2D month")


def _land(incoming: Path, landing: Path) -> None:
    for path in sorted(incoming.rglob("*")):
        if path.is_file():
            os.replace(path, landing / path.parent.name / path.name)


def _commit() -> str:
    try:
        out = subprocess.run(
            ["git", "-C", str(REPO_ROOT), "rev-parse", "--short", "HEAD"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
        dirty = subprocess.run(
            ["git", "-C", str(REPO_ROOT), "status", "--porcelain", "pipelines"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
        return out + ("+dirty" if dirty else "")
    except (OSError, subprocess.CalledProcessError):
        return "unknown"


def _job(
    env: dict[str, str],
    code_dir: Path,
    log: Path,
    module: str = "pipelines.definitions",
    job: str = "nightly_load",
) -> tuple[Measured, RunTimes | None]:
    dagster = str(Path(sys.executable).with_name("dagster"))
    cmd = [dagster, "job", "execute", "-m", module, "-j", job]
    measured = run_measured(cmd, env, code_dir, log)
    try:
        times = last_run_times(Path(env["DAGSTER_HOME"]), job_name=job)
    except Exception as exc:  # the run may not have started at all
        print(f"  no run in the event log: {exc}", file=sys.stderr)
        times = None
    return measured, times


def measure_floor(work_dir: Path) -> dict[str, Any]:
    """Time the stack floor: `bench.floor.definitions`, job `floor`, like the nightly job.

    Why: the nightly job pays for Python, Dagster, dbt and GX before any data;
    the floor is that price on one row, so `full - floor` is what the data
    costs. Same subprocess, fresh DAGSTER_HOME and wall time (process start to
    exit) as `_job`. The floor's code is always this checkout's `bench/floor`
    (it does not depend on `--code-dir`); it does not depend on the scale, so
    one measurement per benchmark run serves every scale of that run.
    """
    root = work_dir / "floor"
    shutil.rmtree(root, ignore_errors=True)
    (root / "dagster_home").mkdir(parents=True)
    shutil.copy(REPO_ROOT / "scripts" / "dagster.yaml", root / "dagster_home" / "dagster.yaml")
    env = dict(os.environ)
    env.update(
        {
            "JEJAK_FLOOR_DIR": str(root / "work"),
            "DAGSTER_HOME": str(root / "dagster_home"),
            "PATH": str(Path(sys.executable).parent) + os.pathsep + env.get("PATH", ""),
            "PYTHONPATH": str(REPO_ROOT) + os.pathsep + env.get("PYTHONPATH", ""),
            "GX_ANALYTICS_ENABLED": "false",
        }
    )
    # Untimed: load the definitions once, which parses the floor's dbt project, as a
    # deployment has its manifest before the night (the pipeline's checkout has one too).
    prepared = subprocess.run(
        [sys.executable, "-c", "import bench.floor.definitions"],
        env=env,
        cwd=REPO_ROOT,
        capture_output=True,
        text=True,
    )
    if prepared.returncode != 0:  # a broken floor must not stop the benchmark of the pipeline
        print(f"  the floor's definitions do not load:\n{prepared.stderr[-2000:]}", file=sys.stderr)
        empty = dict.fromkeys(FLOOR_COLUMNS, "")
        return empty | {"floor_status": f"definitions exit {prepared.returncode}"}
    measured, times = _job(
        env, REPO_ROOT, root / "logs" / "floor.log", module="bench.floor.definitions", job="floor"
    )
    ok = measured.returncode == 0
    floor: dict[str, Any] = {
        "floor_s": round(measured.wall_s, 1) if ok else "",
        "floor_cpu_s": round(measured.cpu_s, 1) if ok else "",
        "floor_startup_s": round(times.first_event_at - measured.started_at, 1)
        if ok and times
        else "",
        **{f"floor_{s}_s": round(times.stages[s], 2) if ok and times else "" for s in STAGES},
        "floor_status": "success" if ok else f"exit {measured.returncode}",
    }
    (root / "result.json").write_text(json.dumps(floor, indent=2), encoding="utf-8")
    return floor


def _above_floor(row: dict[str, Any], floor: dict[str, Any]) -> dict[str, Any]:
    """The floor's columns of one row, and the ratios that leave the floor out."""
    out = dict(floor) | dict.fromkeys(
        ("ratio_above_floor_baseline", "incr_above_floor_pct", "incr_above_floor_cpu_pct"), ""
    )
    if floor.get("floor_s") in ("", None):
        return out
    f = float(floor["floor_s"])
    full, incr, base = float(row["full_s"]), float(row["incr_s"]), float(row["baseline_s"])
    out["ratio_above_floor_baseline"] = round((full - f) / base, 1)
    if full > f:  # a floor measured under a heavier load than the run can exceed it
        out["incr_above_floor_pct"] = round(100 * (incr - f) / (full - f), 1)
    f_cpu, full_cpu = float(floor["floor_cpu_s"]), float(row["full_cpu_s"])
    if full_cpu > f_cpu:
        incr_cpu = float(row["incr_cpu_s"])
        out["incr_above_floor_cpu_pct"] = round(100 * (incr_cpu - f_cpu) / (full_cpu - f_cpu), 1)
    return out


def _defs_load(env: dict[str, str], code_dir: Path, repeats: int = 3) -> float:
    """Median wall time of `python -c "import pipelines.definitions"` (warm caches)."""
    walls = []
    for _ in range(repeats):
        start = time.perf_counter()
        subprocess.run(
            [sys.executable, "-c", "import pipelines.definitions"],
            env=env,
            cwd=code_dir,
            check=True,
            capture_output=True,
        )
        walls.append(time.perf_counter() - start)
    return statistics.median(walls)


def _raw_counts(work_db: Path) -> tuple[dict[str, int], int, int]:
    con = duckdb.connect(str(work_db), read_only=True)
    try:
        rows = {f: con.execute(f"select count(*) from raw.{f}").fetchone()[0] for f in FEEDS}
        status = dict(
            con.execute("select status, count(*) from raw.file_ledger group by 1").fetchall()
        )
    finally:
        con.close()
    return rows, status.get("loaded", 0), status.get("rejected", 0)


def _baseline(env: dict[str, str], code_dir: Path, root: Path, work_db: Path) -> dict[str, Any]:
    """Export inputs and compile SQL (untimed), then run the baseline in its own process."""
    inputs = root / "baseline_inputs"
    shutil.rmtree(inputs, ignore_errors=True)
    export_inputs(work_db, inputs)
    dbt_dir = code_dir / "dbt_project"
    compile_env = dict(env, JEJAK_WORK_DB=str(work_db))
    subprocess.run(
        [
            str(Path(sys.executable).with_name("dbt")),
            "compile",
            "--quiet",
            "--project-dir",
            str(dbt_dir),
            "--profiles-dir",
            str(dbt_dir),
            "--target-path",
            str(root / "dbt_compile"),
        ],
        env=compile_env,
        cwd=dbt_dir,
        check=True,
        capture_output=True,
    )
    out = subprocess.run(
        [
            sys.executable,
            str(BENCH_DIR / "baseline.py"),
            "--inputs",
            str(inputs),
            "--manifest",
            str(root / "dbt_compile" / "manifest.json"),
            "--db",
            str(root / "baseline" / "baseline.duckdb"),
            "--compare",
            str(work_db),
        ],
        env=env,
        cwd=code_dir,
        check=True,
        capture_output=True,
        text=True,
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def _landing(root: Path, scale: int, seed: int, cache: Path | None) -> dict:
    """Generate the landing folder, or copy a pristine one generated before (same bytes, mtimes).

    The generator is deterministic, so a cached copy is the same input; it
    only saves the minutes x100 takes to generate when comparing checkouts.
    """
    if cache is None:
        return generate(root / "landing", scale=scale, seed=seed)
    pristine = cache / f"x{scale}-seed{seed}"
    summary_file = pristine / "summary.json"
    if not summary_file.exists():
        shutil.rmtree(pristine, ignore_errors=True)
        summary = generate(pristine / "landing", scale=scale, seed=seed)
        summary_file.write_text(json.dumps(summary), encoding="utf-8")
    shutil.copytree(pristine / "landing", root / "landing", copy_function=shutil.copy2)
    return json.loads(summary_file.read_text(encoding="utf-8"))


def bench_scale(
    scale: int,
    label: str,
    work_dir: Path,
    code_dir: Path,
    seed: int,
    cache: Path | None = None,
    floor: dict[str, Any] | None = None,
) -> dict:
    """Everything measured for one scale, as one row of the results (`floor`: this run's)."""
    root = work_dir / f"x{scale}"
    shutil.rmtree(root, ignore_errors=True)
    (root / "dagster_home").mkdir(parents=True)
    (root / "warehouse").mkdir(parents=True)
    shutil.copy(REPO_ROOT / "scripts" / "dagster.yaml", root / "dagster_home" / "dagster.yaml")
    env = _env(code_dir, root)
    work_db = root / "warehouse" / "jejak_rupiah.work.duckdb"

    print(f"[x{scale}] generating landing data ...", flush=True)
    started = time.perf_counter()
    summary = _landing(root, scale, seed, cache)
    bad = {b["file"] for b in summary["bad_files"]}
    held = _hold_back(root / "landing", root / "incoming", bad)
    print(
        f"[x{scale}] {sum(summary['files'].values())} files, {summary['bytes'] / MB:.1f} MB in "
        f"{time.perf_counter() - started:.0f}s; held back for the incremental night: {held}",
        flush=True,
    )

    print(f"[x{scale}] full rebuild ...", flush=True)
    full, full_times = _job(env, code_dir, root / "logs" / "full.log")
    print(f"[x{scale}] full rebuild: {full.wall_s:.1f}s, exit {full.returncode}", flush=True)
    rows, loaded, rejected = _raw_counts(work_db)

    print(f"[x{scale}] baseline ...", flush=True)
    base = _baseline(env, code_dir, root, work_db)
    same = all(n == 0 for n in base["comparison"]["differing_rows"].values())
    print(f"[x{scale}] baseline: {base['total_s']:.1f}s, same marts: {same}", flush=True)

    _land(root / "incoming", root / "landing")
    print(f"[x{scale}] incremental night ...", flush=True)
    incr, incr_times = _job(env, code_dir, root / "logs" / "incremental.log")
    print(f"[x{scale}] incremental: {incr.wall_s:.1f}s, exit {incr.returncode}", flush=True)

    # A quiet night: nothing new lands. The job should look, find nothing, build nothing.
    print(f"[x{scale}] quiet night (no new files) ...", flush=True)
    quiet, _ = _job(env, code_dir, root / "logs" / "quiet.log")
    print(f"[x{scale}] quiet: {quiet.wall_s:.1f}s, exit {quiet.returncode}", flush=True)

    defs = _defs_load(env, code_dir)
    row: dict[str, Any] = {
        "label": label,
        "scale": scale,
        "measured_at": dt.datetime.now().isoformat(timespec="seconds"),
        "commit": _commit(),
        "code_dir": str(code_dir),
        **{f"rows_{f}": rows[f] for f in FEEDS},
        "files_loaded": loaded,
        "files_rejected": rejected,
        "landing_mb": round(summary["bytes"] / MB, 1),
        "full_s": round(full.wall_s, 1),
        "full_run_s": round(full_times.run_s, 1) if full_times else "",
        "startup_s": round(full_times.first_event_at - full.started_at, 1) if full_times else "",
        **{f"{s}_s": round(full_times.stages[s], 1) if full_times else "" for s in STAGES},
        "baseline_s": round(base["total_s"], 2),
        "baseline_read_s": round(base["read_s"], 2),
        "baseline_models_s": round(base["models_s"], 2),
        "baseline_same_marts": same,
        "ratio_full_baseline": round(full.wall_s / base["total_s"], 1),
        "incr_s": round(incr.wall_s, 1),
        **{f"incr_{s}_s": round(incr_times.stages[s], 1) if incr_times else "" for s in STAGES},
        "incr_pct_full": round(100 * incr.wall_s / full.wall_s, 1),
        "quiet_s": round(quiet.wall_s, 1) if quiet.returncode == 0 else f"exit {quiet.returncode}",
        "quiet_pct_full": round(100 * quiet.wall_s / full.wall_s, 1),
        "peak_rss_mb": round(full.peak_tree_rss_bytes / MB),
        "max_process_rss_mb": round(
            max(full.max_process_rss_bytes, incr.max_process_rss_bytes) / MB
        ),
        "incr_peak_rss_mb": round(incr.peak_tree_rss_bytes / MB),
        "defs_load_s": round(defs, 2),
        "full_status": "success" if full.returncode == 0 else f"exit {full.returncode}",
        "incr_status": "success" if incr.returncode == 0 else f"exit {incr.returncode}",
        "full_cpu_s": round(full.cpu_s, 1),
        "incr_cpu_s": round(incr.cpu_s, 1),
    }
    if floor is not None:
        row |= _above_floor(row, floor)
    (root / "result.json").write_text(json.dumps(row, indent=2), encoding="utf-8")
    return row


def _read_results(path: Path) -> list[dict[str, str]]:
    if not path.exists():
        return []
    with path.open(newline="", encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def _write_results(rows: list[dict[str, Any]], csv_path: Path, md_path: Path) -> None:
    # Rounds (`before-r1`) after the current labels; before/after side by side per scale.
    rows = sorted(
        rows,
        key=lambda r: (
            str(r["label"]).split("-")[1:],
            int(r["scale"]),
            not str(r["label"]).startswith("before"),
        ),
    )
    with csv_path.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.DictWriter(fh, fieldnames=CSV_COLUMNS, extrasaction="ignore")
        writer.writeheader()
        writer.writerows(rows)
    md_path.write_text(markdown(rows), encoding="utf-8")


def _verdict(value: float, limit: float | None) -> str:
    if limit is None:
        return ""
    return " ✓" if value <= limit else f" ✗ (target ≤ {limit:g})"


def markdown(rows: list[dict[str, Any]]) -> str:
    """The results as a markdown table with the targets marked."""
    head = (
        "| label | scale | rows sp2d / pengaduan / all | full s | ingest s | dbt s | checks s "
        "| publish s | startup s | baseline s | full/baseline | incr s | incr/full % "
        "| quiet night s (% of full) | peak RSS MB (tree) | defs load s | floor s "
        "| (full−floor)/baseline | (incr−floor)/(full−floor) % |"
    )
    lines = [
        "# Benchmark results",
        "",
        "Written by `bench/run_bench.py`; see `bench/README.md` for what each column means.",
        "✓/✗ mark the targets of the benchmark issue (reported, not asserted).",
        "",
        head,
        "|" + "---|" * head.count(" | ") + "---|",
    ]
    for r in rows:
        scale = int(r["scale"])
        total = sum(int(r[f"rows_{f}"]) for f in FEEDS)
        lines.append(
            f"| {r['label']} | x{scale} | {int(r['rows_sp2d']):,} / {int(r['rows_pengaduan']):,} "
            f"/ {total:,} | {r['full_s']} | {r['ingest_s']} | {r['dbt_s']} | {r['checks_s']} "
            f"| {r['publish_s']} | {r['startup_s']} | {r['baseline_s']} "
            f"| {r['ratio_full_baseline']}{_verdict(float(r['ratio_full_baseline']), TARGET_RATIO.get(scale))} "
            f"| {r['incr_s']} "
            f"| {r['incr_pct_full']}{_verdict(float(r['incr_pct_full']), TARGET_INCREMENTAL_PCT.get(scale))} "
            f"| {_quiet(r)} "
            f"| {r['peak_rss_mb']}{_verdict(float(r['peak_rss_mb']), TARGET_PEAK_MB.get(scale))} "
            f"| {r['defs_load_s']}{_verdict(float(r['defs_load_s']), TARGET_DEFS_S)} "
            f"| {_dash(r, 'floor_s')} | {_dash(r, 'ratio_above_floor_baseline')} "
            f"| {_dash(r, 'incr_above_floor_pct')} |"
        )
    lines += [
        "",
        "Other columns (incremental per stage, baseline read/models split, largest single "
        "process, run status, commit) are in `results.csv`.",
        "",
    ]
    return "\n".join(lines)


def _dash(row: dict[str, Any], column: str) -> str:
    """A cell of a column that rows measured before it existed do not have."""
    value = row.get(column)
    return "-" if value in (None, "") else str(value)


def _quiet(row: dict[str, Any]) -> str:
    """Quiet-night column; rows measured before it existed show a dash."""
    if not row.get("quiet_s"):
        return "-"
    return f"{row['quiet_s']} ({row['quiet_pct_full']}%)"


def _print_table(rows: list[dict[str, Any]]) -> None:
    cols = [
        "label",
        "scale",
        "rows_sp2d",
        "rows_pengaduan",
        "full_s",
        "ingest_s",
        "dbt_s",
        "checks_s",
        "publish_s",
        "baseline_s",
        "ratio_full_baseline",
        "incr_s",
        "incr_pct_full",
        "quiet_s",
        "peak_rss_mb",
        "defs_load_s",
        "floor_s",
        "ratio_above_floor_baseline",
        "incr_above_floor_pct",
    ]
    widths = [max(len(c), *(len(str(r.get(c, ""))) for r in rows)) for c in cols]
    print("  ".join(c.rjust(w) for c, w in zip(cols, widths, strict=True)))
    for r in rows:
        print("  ".join(str(r.get(c, "")).rjust(w) for c, w in zip(cols, widths, strict=True)))


def main(argv: list[str] | None = None) -> int:
    """Command line: benchmark each scale, print the table, merge it into the results files."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("scales", nargs="*", type=int, default=[1, 10, 100])
    parser.add_argument("--label", default="after", help="tag of this code state (before/after)")
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument(
        "--work-dir",
        type=Path,
        default=Path(os.environ.get("TMPDIR", "/tmp")) / "jejak_bench",
        help="generated data, warehouses, logs (outside git)",
    )
    parser.add_argument(
        "--code-dir",
        type=Path,
        default=REPO_ROOT,
        help="checkout whose pipelines are run (e.g. a copy of the code before a change)",
    )
    parser.add_argument("--results", type=Path, default=BENCH_DIR / "results.csv")
    parser.add_argument(
        "--landing-cache",
        type=Path,
        help="keep generated landing folders here and copy them (to compare checkouts quickly)",
    )
    args = parser.parse_args(argv)
    code_dir = args.code_dir.resolve()
    work_dir = args.work_dir.resolve() / args.label
    print("[floor] the stack floor (bench/floor) ...", flush=True)
    floor = measure_floor(work_dir)
    print(f"[floor] {floor['floor_s']}s, {floor['floor_status']}", flush=True)
    fresh = []
    for scale in args.scales:
        row = bench_scale(
            scale, args.label, work_dir, code_dir, args.seed, args.landing_cache, floor
        )
        fresh.append(row)
        kept = [
            r
            for r in _read_results(args.results)
            if (r["label"], int(r["scale"])) not in {(f["label"], int(f["scale"])) for f in fresh}
        ]
        _write_results(kept + fresh, args.results, args.results.with_suffix(".md"))
        _print_table([row])
    print()
    _print_table(fresh)
    print(f"\nwritten: {args.results} and {args.results.with_suffix('.md')}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
