"""Print what a nightly run produced: marts row counts, checks, deliveries, paths.

This is what the on-call engineer reads first in the morning, so it says in
one screen whether the published warehouse is tonight's, which checks failed
and which files were rejected.
"""

from __future__ import annotations

import argparse
import json

import duckdb

from pipelines.core.publication import report_path
from pipelines.core.settings import settings_from_env


def main() -> None:
    """Print the summary of the last run."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--elapsed", type=int, default=None)
    parser.add_argument("--job-status", type=int, default=0)
    parser.add_argument(
        "--since", type=float, default=0.0, help="run start (epoch): older check files are stale"
    )
    args = parser.parse_args()
    settings = settings_from_env()
    print("\n=== Jejak Rupiah: ringkasan run ===")
    print(
        "status job     :",
        "BERHASIL" if args.job_status == 0 else f"GAGAL (kode {args.job_status})",
    )
    if args.elapsed is not None:
        print(f"waktu          : {args.elapsed} detik")
    if settings.warehouse.exists():
        con = duckdb.connect(str(settings.warehouse), read_only=True)
        run_id, published_at = con.execute(
            "select run_id, published_at from meta.publication"
        ).fetchone()
        print(
            f"warehouse      : {settings.warehouse} (terbit {published_at:%Y-%m-%d %H:%M} UTC, run {run_id[:8]})"
        )
        if args.since and settings.warehouse.stat().st_mtime < args.since:
            print(
                "                 tidak diterbitkan ulang pada run ini: tidak ada file baru dan "
                "kode tidak berubah sejak terbitan di atas (atau run gagal; lihat status job)"
            )
        for table, rows in con.execute("select * from meta.tables order by 1").fetchall():
            print(f"  marts.{table:<22} {rows:>8} baris")
        _print_rapor_vs_hasil(con)
        print("file_deliveries per feed dan status:")
        for feed, status, n in con.execute(
            "select feed, status, count(*) from marts.file_deliveries group by all order by all"
        ).fetchall():
            print(f"  {feed:<11} {status:<11} {n:>5}")
        for name, error in con.execute(
            "select file_name, error from marts.file_deliveries where status = 'rejected' order by 1"
        ).fetchall():
            print(f"  ditolak: {name}: {error}")
        con.close()
    else:
        print("warehouse      : belum pernah diterbitkan")
    checks_dir = settings.reports_dir / "checks"
    if checks_dir.exists():
        print("pemeriksaan kualitas (GX):")
        for path in sorted(checks_dir.glob("*.json")):
            if path.stat().st_mtime < args.since:
                print(f"  {path.stem:<40} tidak dijalankan pada run ini")
                continue
            c = json.loads(path.read_text(encoding="utf-8"))
            verdict = "lulus" if c["success"] else ("GAGAL" if c["blocking"] else "peringatan")
            amount = (
                f", Rp {c['unexpected_amount']}"
                if c["unexpected_count"] and c.get("unexpected_amount")
                else ""
            )
            print(f"  {c['check']:<40} {verdict:<10} {c['unexpected_count']} baris{amount}")
    gx_docs = (
        settings.reports_dir
        / "gx"
        / "gx"
        / "uncommitted"
        / "data_docs"
        / "local_site"
        / "index.html"
    )
    print("laporan kualitas (GX Data Docs):", gx_docs)
    print("dokumentasi dbt:", settings.reports_dir / "dbt_docs" / "static_index.html")
    print("laporan scorecard:", report_path(settings.warehouse))


def _print_rapor_vs_hasil(con: duckdb.DuckDBPyConnection) -> None:
    """How many offices of the latest year fall in each `rapor_vs_hasil` value.

    The minister's question in one line: how many offices look good on the
    execution report card while their outcomes for workers are empty."""
    exists = con.execute(
        "select count(*) from duckdb_tables() where schema_name = 'marts' "
        "and table_name = 'office_execution'"
    ).fetchone()[0]
    if not exists:
        return
    rows = con.execute(
        "select thang, coalesce(rapor_vs_hasil, '(tidak dapat dinilai)'), count(*) "
        "from marts.office_execution "
        "where thang = (select max(thang) from marts.office_execution) "
        "group by all order by 3 desc, 2"
    ).fetchall()
    if not rows:
        return
    print(f"rapor vs hasil per satker (tahun {rows[0][0]}):")
    for _, value, n in rows:
        print(f"  {value:<28} {n:>5}")


if __name__ == "__main__":
    main()
