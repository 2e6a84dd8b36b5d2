"""Roll the published warehouse back to a kept version.

    python -m pipelines.publish.rollback --list
    python -m pipelines.publish.rollback                  # the night before the current one
    python -m pipelines.publish.rollback --to FILE        # a file from versions/ (name or path)

Every publish keeps the file it replaces in `versions/` (last 5). A rollback
is a publish of an old file: the chosen version is copied to a hidden temp
file beside the published one and swapped in with `os.replace`, so readers
see the current night or the restored one, never a mix, and readers holding
the file open are not disturbed. The current file is kept as a version first,
so a rollback can itself be undone with `--to`. It takes the run lock, so it
never races a nightly publish. `parquet/latest` follows when that night's
export is still kept.

"Previous" means the newest kept version published before the current file,
so running the command twice goes back two nights (not back and forth).
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import shutil
import sys
from dataclasses import dataclass
from pathlib import Path

import duckdb

from pipelines.core.lock import RunLockBusy, hold_run_lock, lock_path_for
from pipelines.core.publication import MANIFEST, fsync, parquet_root, point_latest_to
from pipelines.core.settings import settings_from_env
from pipelines.publish.warehouse import keep_current_version, kept_versions


class RollbackError(RuntimeError):
    """Nothing to roll back to, or the named version is not usable."""


@dataclass(frozen=True)
class Night:
    """Which night a DuckDB file holds, from its `meta.publication`."""

    path: Path
    run_id: str | None
    published_at: dt.datetime | None

    @property
    def label(self) -> str:
        """`2026-03-05 01:02 UTC, run 1a2b3c4d` (or why it cannot be read)."""
        if self.published_at is None:
            return "tidak dapat dibaca"
        return f"terbit {self.published_at:%Y-%m-%d %H:%M:%S} UTC, run {(self.run_id or '?')[:8]}"


@dataclass(frozen=True)
class RollbackResult:
    """What was restored and where the replaced file was kept."""

    source: Path
    restored: Night
    replaced: Night | None
    kept_as: Path | None
    parquet_latest: str | None


def read_night(path: Path) -> Night:
    """Open read-only (like any reader) and read `meta.publication`."""
    try:
        con = duckdb.connect(str(path), read_only=True)
        try:
            row = con.execute("select run_id, published_at from meta.publication").fetchone()
        finally:
            con.close()
    except duckdb.Error:
        return Night(path, None, None)
    return Night(path, row[0], row[1]) if row else Night(path, None, None)


def list_versions(published: Path) -> list[Night]:
    """Kept versions, oldest first."""
    return [read_night(p) for p in kept_versions(published)]


def previous_version(published: Path) -> Night:
    """The newest kept version published before the current file."""
    versions = [v for v in list_versions(published) if v.published_at is not None]
    current = read_night(published) if published.exists() else None
    if current is not None and current.published_at is not None:
        versions = [v for v in versions if v.published_at < current.published_at]
    if not versions:
        raise RollbackError(
            f"tidak ada versi sebelum file terbitan saat ini di {published.parent / 'versions'}"
        )
    return max(versions, key=lambda v: (v.published_at, v.path.name))


def resolve_version(published: Path, name: str) -> Night:
    """A version named by file name (in `versions/`) or by path."""
    candidate = Path(name)
    if not candidate.is_absolute() and not candidate.exists():
        candidate = published.parent / "versions" / name
    if not candidate.is_file():
        raise RollbackError(f"versi '{name}' tidak ditemukan (lihat --list)")
    night = read_night(candidate)
    if night.published_at is None:
        raise RollbackError(f"versi '{name}' bukan gudang data terbitan yang dapat dibaca")
    return night


def rollback(
    published: Path, work_db: Path, to: str | None = None, wait_seconds: float = 0.0
) -> RollbackResult:
    """Atomically restore a kept version as the published file (under the run lock)."""
    lock = lock_path_for(work_db)
    with hold_run_lock(lock, wait_seconds, purpose="rollback"):
        target = resolve_version(published, to) if to else previous_version(published)
        replaced = read_night(published) if published.exists() else None
        stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%S%f")
        tmp = published.with_name(f".{published.stem}.rollback-{stamp}.tmp{published.suffix}")
        try:
            shutil.copyfile(target.path, tmp)
            fsync(tmp)
            kept = keep_current_version(published)
            os.replace(tmp, published)
        except BaseException:
            tmp.unlink(missing_ok=True)
            raise
        fsync(published.parent)
        root = parquet_root(published)
        latest = None
        if target.run_id and (root / target.run_id / MANIFEST).exists():
            point_latest_to(root, target.run_id)
            latest = target.run_id
        return RollbackResult(target.path, read_night(published), replaced, kept, latest)


def _print_list(published: Path) -> None:
    current = read_night(published) if published.exists() else None
    print(f"file terbitan : {published}")
    print(f"  saat ini    : {current.label if current else 'belum pernah diterbitkan'}")
    versions = list_versions(published)
    if not versions:
        print("versi tersimpan: tidak ada")
        return
    try:
        default = previous_version(published).path
    except RollbackError:
        default = None
    print(f"versi tersimpan ({len(versions)}, terbaru di bawah):")
    for v in versions:
        mark = "  <- dipulihkan bila tanpa --to" if v.path == default else ""
        print(f"  {v.path.name}  {v.label}{mark}")


def main(argv: list[str] | None = None) -> int:
    """CLI entry point; exit code 0 on success, 1 when nothing was restored."""
    parser = argparse.ArgumentParser(
        prog="python -m pipelines.publish.rollback",
        description="Pulihkan gudang data terbitan ke versi yang disimpan di versions/.",
    )
    parser.add_argument("--list", action="store_true", help="tampilkan versi yang tersimpan")
    parser.add_argument("--to", metavar="VERSION_FILE", help="nama file di versions/ atau path")
    args = parser.parse_args(argv)
    settings = settings_from_env()
    if args.list:
        _print_list(settings.warehouse)
        return 0
    try:
        result = rollback(settings.warehouse, settings.work_db, args.to, settings.lock_wait_seconds)
    except (RollbackError, RunLockBusy) as exc:
        print(f"rollback gagal: {exc}", file=sys.stderr)
        return 1
    print(f"dipulihkan    : {result.source.name} ({result.restored.label})")
    print(f"  sebagai     : {result.restored.path}")
    if result.replaced:
        print(f"file sebelumnya ({result.replaced.label}) disimpan sebagai {result.kept_as}")
    if result.parquet_latest:
        print(f"parquet/latest sekarang menunjuk ke {result.parquet_latest}")
    else:
        print(
            "ekspor Parquet malam itu tidak tersimpan lagi: parquet/latest tidak diubah "
            "(masih malam yang digantikan)"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
