"""Measure a night whose landing folder holds careless and hostile files beside the sample.

Run:  .venv/bin/python bench/hostile_night.py [--work-dir DIR] [--baseline] [--docs]

The bundled sample (`sample_data/landing`, copied with its times) gets, under an
office code in no seed (900199, so the sample's figures stay as they are):

| entry | what it is |
|---|---|
| `sp2d/SP2D_900199_202601.csv` | symbolic link to a valid SP2D file outside the landing folder (its rows carry a marker) |
| `sp2d/SP2D_900199_202602.xlsx` | zip bomb: a valid workbook of ~3 MB whose sheet XML expands to 700 MB |
| `sp2d/SP2D_900199_202603.csv` | empty file |
| `sp2d/SP2D_900199_202604.csv` | a PNG image under a `.csv` name |
| `sp2d/SP2D_900199_202605.xlsx` | a zip of text files under an `.xlsx` name |
| `sp2d/SP2D_900199_202606.xlsx` | valid workbook, a space in A1048576 (used range of a million rows) |
| `sp2d/SP2D_900199_202607.xlsx` | valid workbook, a space in XFD1048576 (aborts a dense reader) |
| `sp2d/SP2D_900199_202608.xlsx` | a folder named like a file |
| `sp2d/SP2D_900199_202609.csv` | valid SP2D file still being written: a process appends a line every 2 ms all night |
| `sp2d/SP2D_900199_202610.csv` | valid SP2D file whose descriptions are `<script>`, `=HYPERLINK(...)` and Markdown |
| `pengaduan/PENGADUAN_900199_20260331.csv` | case snapshot with names typed into the coded columns |
| `pengaduan/PENGADUAN_900199_20260430.csv` | a named pipe (opening it would block the night) |

then runs `dagster job execute -m pipelines.definitions -j nightly_load` on an empty
warehouse and a fresh `DAGSTER_HOME`, measured by `bench/procmon.py` (wall time; peak
RSS summed over the whole process tree, dbt included; the largest single process).
It prints what the ledger says of each entry and checks that neither the link's
target nor the typed names reached the working or the published DuckDB file. With
`--baseline` it first measures the same night without the hostile entries; with
`--docs` it also generates the dbt docs and checks that no file-sourced markup is in
them. With `--ingest-only` it measures only the loader (every feed into a fresh DuckDB
file, one process, no Dagster or dbt) on the sample alone and on the sample with the
hostile entries: the least noisy view of what the hostile entries cost on a shared
machine. Targets (reported, not asserted): under 60 s and 1 GB.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import textwrap
from pathlib import Path

if __package__ in (None, ""):  # run as a script: make `bench` and `sample_data` importable
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import duckdb  # noqa: E402

from bench.procmon import Measured, run_measured  # noqa: E402
from bench.stages import last_run_times  # noqa: E402
from sample_data import hostile  # noqa: E402

REPO_ROOT = Path(__file__).resolve().parent.parent
PII_KEY = "kunci-benchmark-bukan-rahasia"  # synthetic data only
SECRET_MARKER = "RAHASIA-SERVER-DI-LUAR-LANDING"
MARKUP = [
    "<script>alert('jejak')</script>",
    '=HYPERLINK("http://contoh.invalid/x","klik")',
    "[bukti](javascript:alert(1)) | kolom palsu |",
]
TARGET_S = 60
TARGET_MB = 1024
MB = 1024 * 1024

_WRITER = textwrap.dedent(
    """
    import sys, time
    path = sys.argv[1]
    line = b"900199;260900000000999;05-09-2026;DL.6011.QAH.002.051.A.524111;1.000,00;LS;x\\n"
    with open(path, "ab", buffering=0) as handle:
        while True:
            handle.write(line)
            time.sleep(0.002)
    """
)


def build_hostile(landing: Path, outside: Path) -> dict[str, str]:
    """Add the hostile entries; returns {landing path: what it is}."""
    sp2d, cases = landing / "sp2d", landing / "pengaduan"
    secret = hostile.secret_outside(outside / "rahasia.csv", SECRET_MARKER, month=1)
    made = {
        "sp2d/SP2D_900199_202601.csv": (
            hostile.link_outside(sp2d / "SP2D_900199_202601.csv", secret),
            "symlink keluar folder",
        ),
        "sp2d/SP2D_900199_202602.xlsx": (
            hostile.zip_bomb_xlsx(sp2d / "SP2D_900199_202602.xlsx", expanded_mb=700),
            "zip bomb 700 MB",
        ),
        "sp2d/SP2D_900199_202603.csv": (_empty(sp2d / "SP2D_900199_202603.csv"), "file kosong"),
        "sp2d/SP2D_900199_202604.csv": (
            hostile.binary_csv(sp2d / "SP2D_900199_202604.csv"),
            "PNG bernama .csv",
        ),
        "sp2d/SP2D_900199_202605.xlsx": (
            hostile.not_a_workbook_xlsx(sp2d / "SP2D_900199_202605.xlsx"),
            "zip bukan buku kerja",
        ),
        "sp2d/SP2D_900199_202606.xlsx": (
            hostile.huge_range_xlsx(sp2d / "SP2D_900199_202606.xlsx", " ", "A1048576", month=6),
            "spasi di A1048576",
        ),
        "sp2d/SP2D_900199_202607.xlsx": (
            hostile.huge_range_xlsx(sp2d / "SP2D_900199_202607.xlsx", " ", "XFD1048576", month=7),
            "spasi di XFD1048576",
        ),
        "sp2d/SP2D_900199_202608.xlsx": (
            hostile.folder_named_like_a_file(sp2d / "SP2D_900199_202608.xlsx"),
            "folder bernama file",
        ),
        "sp2d/SP2D_900199_202609.csv": (
            _sp2d_csv(sp2d / "SP2D_900199_202609.csv", month=9, count=2000),
            "masih ditulis",
        ),
        "sp2d/SP2D_900199_202610.csv": (
            hostile.markup_sp2d_csv(sp2d / "SP2D_900199_202610.csv", MARKUP, month=10),
            "markup & formula",
        ),
        "pengaduan/PENGADUAN_900199_20260331.csv": (
            hostile.case_file_with_names_in_codes(cases / "PENGADUAN_900199_20260331.csv"),
            "nama di kolom kode",
        ),
        "pengaduan/PENGADUAN_900199_20260430.csv": (
            _fifo(cases / "PENGADUAN_900199_20260430.csv"),
            "named pipe",
        ),
    }
    return {name: what for name, (_, what) in made.items()}


def _empty(path: Path) -> Path:
    path.write_bytes(b"")
    return path


def _fifo(path: Path) -> Path:
    os.mkfifo(path)
    return path


def _sp2d_csv(path: Path, month: int, count: int) -> Path:
    lines = [";".join(hostile.SP2D_HEADER)]
    lines += [";".join(map(str, r)) for r in hostile.sp2d_rows(month=month, count=count)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _env(root: Path) -> dict[str, str]:
    env = dict(os.environ)
    bin_dir = str(Path(sys.executable).parent)
    env.update(
        {
            "JEJAK_LANDING_DIR": str(root / "landing"),
            "JEJAK_WAREHOUSE": str(root / "warehouse" / "jejak_rupiah.duckdb"),
            "DAGSTER_HOME": str(root / "dagster_home"),
            "JEJAK_PII_KEY": PII_KEY,
            "PATH": bin_dir + os.pathsep + env.get("PATH", ""),
            "PYTHONPATH": str(REPO_ROOT) + os.pathsep + env.get("PYTHONPATH", ""),
            "GX_ANALYTICS_ENABLED": "false",
        }
    )
    env.pop("JEJAK_WORK_DB", None)
    return env


_INGEST = textwrap.dedent(
    """
    import sys
    import duckdb
    from pathlib import Path
    from pipelines.ingest.feeds import FEEDS
    from pipelines.ingest.loader import load_feed
    con = duckdb.connect(sys.argv[2])
    for feed in FEEDS:
        report = load_feed(con, feed, Path(sys.argv[1]), sys.argv[3].encode())
        print(feed, len(report.loaded), len(report.rejected), len(report.still_written))
    """
)


def ingest_only(root: Path, with_hostile: bool) -> dict[str, object]:
    """The loader alone on the landing folder, in one measured process."""
    if root.exists():
        shutil.rmtree(root)
    root.mkdir(parents=True)
    shutil.copytree(REPO_ROOT / "sample_data" / "landing", root / "landing")
    writer = None
    if with_hostile:
        (root / "outside").mkdir()
        build_hostile(root / "landing", root / "outside")
        growing = root / "landing" / "sp2d" / "SP2D_900199_202609.csv"
        writer = subprocess.Popen([sys.executable, "-c", _WRITER, str(growing)])
    cmd = [
        sys.executable,
        "-c",
        _INGEST,
        str(root / "landing"),
        str(root / "ingest.duckdb"),
        PII_KEY,
    ]
    try:
        measured = run_measured(cmd, _env(root), REPO_ROOT, root / "ingest.log")
    finally:
        if writer is not None:
            writer.kill()
            writer.wait()
    return {"measured": _measured(measured), "feeds": (root / "ingest.log").read_text()}


def night(root: Path, with_hostile: bool) -> dict[str, object]:
    """Prepare `root`, run the nightly job once, measure it and read back what happened."""
    if root.exists():
        shutil.rmtree(root)
    (root / "dagster_home").mkdir(parents=True)
    (root / "warehouse").mkdir()
    shutil.copy(REPO_ROOT / "scripts" / "dagster.yaml", root / "dagster_home" / "dagster.yaml")
    shutil.copytree(REPO_ROOT / "sample_data" / "landing", root / "landing")  # times kept
    entries: dict[str, str] = {}
    writer = None
    if with_hostile:
        (root / "outside").mkdir()
        entries = build_hostile(root / "landing", root / "outside")
        growing = root / "landing" / "sp2d" / "SP2D_900199_202609.csv"
        writer = subprocess.Popen([sys.executable, "-c", _WRITER, str(growing)])
    env = _env(root)
    dagster = str(Path(sys.executable).with_name("dagster"))
    cmd = [dagster, "job", "execute", "-m", "pipelines.definitions", "-j", "nightly_load"]
    try:
        measured = run_measured(cmd, env, REPO_ROOT, root / "night.log")
    finally:
        if writer is not None:
            writer.kill()
            writer.wait()
    result: dict[str, object] = {"measured": _measured(measured)}
    try:
        times = last_run_times(root / "dagster_home")
        result["run_status"] = times.status
        result["stages_s"] = {k: round(v, 1) for k, v in times.stages.items()}
    except Exception as exc:  # the run may not have started at all
        result["run_status"] = f"no run in the event log: {exc}"
    if with_hostile:
        result["entries"] = _verdicts(root, entries)
        result["leaks"] = _leaks(root)
    return result


def _measured(m: Measured) -> dict[str, object]:
    return {
        "returncode": m.returncode,
        "wall_s": round(m.wall_s, 1),
        "peak_tree_rss_mb": round(m.peak_tree_rss_bytes / MB),
        "max_process_rss_mb": round(m.max_process_rss_bytes / MB),
        "peak_processes": m.peak_processes,
        "samples": m.samples,
    }


def _verdicts(root: Path, entries: dict[str, str]) -> list[dict[str, object]]:
    """What the ledger says of each hostile entry (absent: left for the next night)."""
    work = root / "warehouse" / "jejak_rupiah.work.duckdb"
    con = duckdb.connect(str(work), read_only=True)
    ledger = {
        source: (status, rows, error, counts)
        for source, status, rows, error, counts in con.execute(
            "select source_file, status, row_count, error, counts from raw.file_ledger"
        ).fetchall()
    }
    con.close()
    out = []
    for name, what in entries.items():
        status, rows, error, counts = ledger.get(name, ("tidak dicatat", 0, None, None))
        out.append(
            {
                "entry": name,
                "what": what,
                "status": status,
                "rows": rows,
                "error": error,
                "counts": counts,
            }  # fmt: skip
        )
    return out


def _leaks(root: Path) -> dict[str, bool]:
    """Does the link's target or a typed name appear in either DuckDB file?"""
    sent = [SECRET_MARKER, *hostile.NAMES_IN_CODES.values()]
    found = {}
    for label, path in (
        ("working", root / "warehouse" / "jejak_rupiah.work.duckdb"),
        ("published", root / "warehouse" / "jejak_rupiah.duckdb"),
    ):
        blob = path.read_bytes() if path.exists() else b""
        found[label] = any(s.encode() in blob for s in sent)
    return found


def docs_check(root: Path) -> dict[str, object]:
    """Generate the dbt docs of the hostile night; is any file-sourced markup in them?"""
    env = _env(root)
    done = subprocess.run(
        [sys.executable, "-m", "pipelines.publish.docs"],
        env=env,
        cwd=REPO_ROOT,
        capture_output=True,
        text=True,
        timeout=600,
    )
    page = root / "warehouse" / "reports" / "dbt_docs" / "static_index.html"
    text = page.read_text(encoding="utf-8", errors="replace") if page.exists() else ""
    return {
        "returncode": done.returncode,
        "generated": page.exists(),
        "markup_in_docs": any(m in text for m in MARKUP),
    }


def main() -> None:
    """Build the folders, run the night(s), print and save the figures."""
    parser = argparse.ArgumentParser()
    parser.add_argument(
        "--work-dir", type=Path, default=Path(tempfile.gettempdir()) / "jejak_hostile"
    )
    parser.add_argument("--baseline", action="store_true", help="also run the sample alone")
    parser.add_argument("--docs", action="store_true", help="also check the dbt docs")
    parser.add_argument("--ingest-only", action="store_true", help="measure the loader only")
    args = parser.parse_args()
    results: dict[str, object] = {}
    if args.ingest_only:
        for label, with_hostile in (("sample", False), ("hostile", True)):
            results[f"ingest_{label}"] = ingest_only(
                args.work_dir / f"ingest_{label}", with_hostile
            )
        (args.work_dir / "results.json").write_text(json.dumps(results, indent=2, default=str))
        for label, r in results.items():
            m = r["measured"]
            print(
                f"{label:15} exit {m['returncode']}  wall {m['wall_s']} s  "
                f"peak RSS {m['peak_tree_rss_mb']} MB\n{r['feeds']}"
            )
        return
    if args.baseline:
        results["sample"] = night(args.work_dir / "sample", with_hostile=False)
    results["hostile"] = night(args.work_dir / "hostile", with_hostile=True)
    if args.docs:
        results["docs"] = docs_check(args.work_dir / "hostile")
    (args.work_dir / "results.json").write_text(json.dumps(results, indent=2, default=str))
    _print(results)


def _print(results: dict[str, object]) -> None:
    for label in ("sample", "hostile"):
        if label not in results:
            continue
        r = results[label]
        m = r["measured"]
        ok_s = "✓" if m["wall_s"] < TARGET_S else "✗"
        ok_mb = "✓" if m["peak_tree_rss_mb"] < TARGET_MB else "✗"
        print(
            f"{label:8} exit {m['returncode']}  run {r.get('run_status')}  wall {m['wall_s']} s "
            f"{ok_s} (< {TARGET_S})  peak RSS tree {m['peak_tree_rss_mb']} MB {ok_mb} "
            f"(< {TARGET_MB})  largest process {m['max_process_rss_mb']} MB  "
            f"stages {r.get('stages_s')}"
        )
    hostile_run = results.get("hostile", {})
    print("\n| entry | what | ledger | rows | reason / counts |\n|---|---|---|---|---|")
    for e in hostile_run.get("entries", []):
        print(
            f"| {e['entry']} | {e['what']} | {e['status']} | {e['rows']} | "
            f"{e['error'] or e['counts'] or ''} |"
        )
    print(f"\nleaks into DuckDB files: {hostile_run.get('leaks')}")
    if "docs" in results:
        print(f"dbt docs: {results['docs']}")


if __name__ == "__main__":
    main()
