"""A sensor that starts `nightly_load` when files land, in addition to the 01:00 schedule.

Offices deliver at any hour; without the sensor a file that lands at 09:00 waits
until the next night. The sensor looks only at the file system (relative path,
size and modification time of every file in the six feed folders), never at
the working DuckDB file: a run in progress holds that file's single write lock,
and a sensor must never queue behind it or take it.

The fingerprint of that listing is both the cursor and the run key, so the same
set of files never launches two runs (Dagster drops a run request whose key it
has already seen), and loading itself stays idempotent anyway: an unchanged
file is never loaded twice (`raw.file_ledger`).

The sensor is STOPPED by default (see docs/operations_alerts.md): the nightly
schedule is the contract with BI readers, and switching on daytime runs (which
may publish new numbers during office hours) is a decision for the operator,
made in the UI or with `dagster sensor start landing_files_sensor`.
"""

from __future__ import annotations

import hashlib
import time
from dataclasses import dataclass
from pathlib import Path

import dagster as dg

from pipelines.core.settings import settings_from_env
from pipelines.ingest.feeds import FEEDS
from pipelines.ingest.loader import landing_files

JOB_NAME = "nightly_load"
SENSOR_NAME = "landing_files_sensor"
MINIMUM_INTERVAL_SECONDS = 300
# A file whose modification time is this recent may still be being copied; a
# run started now could read half a file (it would be rejected and recorded).
SETTLE_SECONDS = 120
TRIGGER_TAG = "jejak/pemicu"

_IN_PROGRESS = [
    dg.DagsterRunStatus.QUEUED,
    dg.DagsterRunStatus.NOT_STARTED,
    dg.DagsterRunStatus.STARTING,
    dg.DagsterRunStatus.STARTED,
]


@dataclass(frozen=True)
class LandingSnapshot:
    """What the landing folder holds now: (relative path, size, mtime in ns) per file."""

    files: tuple[tuple[str, int, int], ...]

    @property
    def fingerprint(self) -> str:
        """sha256 of the sorted listing: changes when a file is added, replaced or touched."""
        digest = hashlib.sha256()
        for rel, size, mtime_ns in self.files:
            # A name that is not UTF-8 keeps its bytes (surrogate escapes) rather than failing.
            digest.update(f"{rel}\t{size}\t{mtime_ns}\n".encode("utf-8", "surrogateescape"))
        return digest.hexdigest()

    @property
    def newest_mtime(self) -> float | None:
        """Modification time (seconds) of the most recently changed file."""
        if not self.files:
            return None
        return max(m for _, _, m in self.files) / 1e9

    def newest_files(self, count: int = 5) -> list[str]:
        """The most recently modified files, for the log of the tick that requests a run."""
        ordered = sorted(self.files, key=lambda f: (f[2], f[0]), reverse=True)
        return [rel for rel, _, _ in ordered[:count]]


def snapshot_landing(landing_dir: Path) -> LandingSnapshot:
    """List every feed folder the way the loader does (hidden and lock files skipped)."""
    files: list[tuple[str, int, int]] = []
    for feed in sorted(FEEDS):
        for path in landing_files(landing_dir / feed):
            try:
                stat = path.lstat()  # a link is listed, never followed (the loader rejects it)
            except FileNotFoundError:  # removed between listing and stat
                continue
            files.append((f"{feed}/{path.name}", stat.st_size, stat.st_mtime_ns))
    return LandingSnapshot(files=tuple(sorted(files)))


def _run_in_progress(context: dg.SensorEvaluationContext) -> bool:
    runs = context.instance.get_runs(
        filters=dg.RunsFilter(job_name=JOB_NAME, statuses=_IN_PROGRESS), limit=1
    )
    return bool(runs)


def evaluate_landing(
    context: dg.SensorEvaluationContext,
    landing_dir: Path,
    now: float | None = None,
    settle_seconds: float = SETTLE_SECONDS,
) -> dg.SensorResult | dg.SkipReason:
    """One tick: request a run when the listing changed since the cursor, else say why not.

    The cursor advances only together with a run request, so a tick that
    waits (files still being copied, a run in progress) leaves the change to
    be picked up by a later tick.
    """
    now = time.time() if now is None else now
    if not landing_dir.is_dir():
        return dg.SkipReason(
            f"Folder landing {landing_dir} tidak ditemukan; tidak ada yang dimuat."
        )
    snapshot = snapshot_landing(landing_dir)
    if not snapshot.files:
        return dg.SkipReason("Folder landing kosong: belum ada berkas dari kantor.")
    fingerprint = snapshot.fingerprint
    if fingerprint == context.cursor:
        return dg.SkipReason(
            f"Tidak ada berkas baru atau berubah di folder landing "
            f"({len(snapshot.files)} berkas sama seperti pemeriksaan terakhir)."
        )
    newest = snapshot.newest_mtime
    if newest is not None and 0 <= now - newest < settle_seconds:
        return dg.SkipReason(
            f"Ada berkas yang baru berubah {int(now - newest)} detik lalu; menunggu "
            f"{int(settle_seconds)} detik sampai penyalinan selesai sebelum menjalankan {JOB_NAME}."
        )
    if _run_in_progress(context):
        return dg.SkipReason(
            f"Ada berkas baru, tetapi {JOB_NAME} sedang berjalan; diperiksa lagi pada tick berikutnya."
        )
    context.log.info(
        f"{len(snapshot.files)} berkas di landing, berubah sejak pemeriksaan terakhir; "
        f"terbaru: {', '.join(snapshot.newest_files())}"
    )
    return dg.SensorResult(
        run_requests=[
            dg.RunRequest(
                run_key=fingerprint,
                tags={TRIGGER_TAG: SENSOR_NAME, "jejak/jumlah_berkas": str(len(snapshot.files))},
            )
        ],
        cursor=fingerprint,
    )


@dg.sensor(
    name=SENSOR_NAME,
    job_name=JOB_NAME,
    minimum_interval_seconds=MINIMUM_INTERVAL_SECONDS,
    default_status=dg.DefaultSensorStatus.STOPPED,
    description=(
        "Menjalankan nightly_load ketika ada berkas baru atau berubah di folder landing "
        "(keenam feed), selain jadwal 01:00 WIB. Sidik jari (path relatif, ukuran, waktu "
        "modifikasi) menjadi cursor dan run key, sehingga berkas yang sama tidak pernah "
        "menjalankan dua run."
    ),
)
def landing_files_sensor(context: dg.SensorEvaluationContext) -> dg.SensorResult | dg.SkipReason:
    """Evaluate the landing folder of the current settings (read at every tick)."""
    return evaluate_landing(context, settings_from_env().landing_dir)
