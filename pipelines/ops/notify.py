"""Tell a person, in Bahasa Indonesia, that the night failed: where, why, and what to do.

A failed `nightly_load` leaves last night's warehouse published, so nothing
breaks loudly for BI users: the numbers are simply a day older. Without an
alert nobody notices until someone asks. The run-failure sensor builds a short
message from what Dagster recorded about the run:

* the failed step(s) and the stage they belong to (ingest, dbt, checks, publish);
* for blocking asset checks: the check, its asset, how many rows were
  unexpected and the first of them (office, month, rupiah), read from the
  `unexpected` table metadata (`MetadataValue.table`) of the GX checks;
* the landing file(s) and office(s) a failure names;
* what to do next, ending with running the job again.

The message is appended as one JSON line to `<warehouse dir>/notifications.log`
(always, so there is a trail even without a webhook) and POSTed as JSON to
`JEJAK_WEBHOOK_URL` when that is set (a Slack/Mattermost-style `text` field is
included). A webhook that fails is logged, never raised: an alert must not
make the failure worse.

No personal data: only whitelisted columns of check tables are quoted (office,
period, codes, rupiah, counts), the error text of steps that handle personal
data is never quoted, absolute paths are reduced to `<feed>/<file>` or the
file name (a home directory names a person), and anything shaped like a NIK,
phone or passport number is masked (`core/personal_data.py`: the shapes the
check `no_personal_data_in_marts` counts in the marts).
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import re
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import dagster as dg

from pipelines.core.clock import WIB
from pipelines.core.paths import EXPECTATIONS_DIR, office_names
from pipelines.core.personal_data import mask_identifiers
from pipelines.core.settings import WEBHOOK_ENV, settings_from_env
from pipelines.ingest.feeds import FEEDS
from pipelines.quality.checks import STEP_NAME as CHECKS_STEP

log = logging.getLogger(__name__)

SENSOR_NAME = "nightly_load_failure_alert"
LOG_FILE_NAME = "notifications.log"
WEBHOOK_TIMEOUT_SECONDS = 10
JOB_NAME = "nightly_load"
PUBLISH_STEP = "published__warehouse"
DBT_STEP = "jejak_dbt_models"
MAX_ROWS_PER_CHECK = 3
MAX_ERROR_CHARS = 300

# Columns of a check's `unexpected` table that may be quoted: offices, periods, codes,
# rupiah and counts. Anything else (case numbers, keys, dates of a complaint) is not.
SAFE_COLUMNS = frozenset(
    {
        "kdsatker",
        "thang",
        "bulan",
        "feed",
        "kode_anggaran",
        "kode_ro",
        "kdakun",
        "indikator_id",
        "realisasi",
        "realisasi_file",
        "realisasi_mart",
        "total_dialokasikan",
        "baris_seragam",
        "realisasi_lines",
        "realisasi_bulan",
        "total_porsi_pct",
        "volume",
        "tabel",
        "kolom",
        "jenis",
        "jumlah_mirip_pii",
        "_source_file",
        "_row_number",
    }
)
# Steps that read personal data: their exception text could quote a cell, so only the
# exception type is reported.
PERSONAL_DATA_STEPS = frozenset({"raw__pengaduan"})

_FEEDS = "|".join(sorted(FEEDS, key=len, reverse=True))
_PREFIXES = "DIPA|SP2D|CAPAIAN|PENGADUAN|PETA_HASIL|INDIKATOR"
_FEED_PATH = re.compile(rf"(?<![\w.])(?:{_FEEDS})/[^\s'\"\],;:)]+")
_FILE_NAME = re.compile(rf"(?<![\w.])(?:{_PREFIXES})_[^\s'\"\],;:/)]+\.[A-Za-z0-9]+")
_ABS_PATH = re.compile(r"(?<![\w.])(?:[A-Za-z]:)?[/\\][^\s'\"\],;:)]+")
_OFFICE_IN_NAME = re.compile(rf"(?:{_PREFIXES})_(\d{{6}})(?:_(\d{{4}})(\d{{2}}))?")


@dataclass(frozen=True)
class CheckFailure:
    """A blocking asset check that failed, with the safe part of its unexpected rows."""

    asset: str
    check: str
    unexpected_rows: int | None
    rows: list[dict[str, str]]
    hidden_columns: bool = False
    source: str = "gx"  # `gx` (a suite in expectations/, with a JSON report) or `dbt` (a dbt test)


@dataclass(frozen=True)
class StepFailure:
    """A failed step, its stage and its (scrubbed) error."""

    step_key: str
    stage: str
    error: str


@dataclass
class FailureNotice:
    """Everything the alert says, before it is written as text and JSON."""

    run_id: str
    job_name: str
    failed_at: dt.datetime
    steps: list[StepFailure] = field(default_factory=list)
    checks: list[CheckFailure] = field(default_factory=list)
    files: list[str] = field(default_factory=list)
    offices: list[str] = field(default_factory=list)
    periods: list[str] = field(default_factory=list)
    published: bool = False
    run_error: str = ""
    lock_busy: bool = False

    def message(self) -> str:
        """The alert text: a few lines a person on duty can act on."""
        when = self.failed_at.astimezone(WIB).strftime("%Y-%m-%d %H:%M WIB")
        lines = [f"[Jejak Rupiah] Run {self.job_name} {self.run_id[:8]} GAGAL ({when})."]
        for step in self.steps:
            line = f"Langkah gagal: {step.step_key} (tahap {step.stage})"
            lines.append(f"{line}: {step.error}" if step.error else f"{line}.")
        if not self.steps and self.run_error:
            lines.append(f"Run gagal sebelum atau di luar langkah: {self.run_error}")
        for check in self.checks:
            count = (
                f"{check.unexpected_rows} baris tidak sesuai"
                if check.unexpected_rows is not None
                else "gagal"
            )
            shown = check.rows[:MAX_ROWS_PER_CHECK]
            detail = "; ".join(_row_text(r) for r in shown)
            if detail and check.unexpected_rows and check.unexpected_rows > len(shown):
                detail += f"; … dan {check.unexpected_rows - len(shown)} lainnya"
            if detail and check.hidden_columns:
                detail += " (kolom lain tidak dikutip)"
            kind = "uji dbt" if check.source == "dbt" else "GX"
            lines.append(
                f"Pemeriksaan pemblokir gagal ({kind}): {check.check} pada {check.asset} — {count}"
                + (f": {detail}" if detail else "")
                + "."
            )
        if self.offices:
            lines.append(
                "Satker terkait: " + ", ".join(_office_label(k) for k in self.offices) + "."
            )
        if self.periods:
            lines.append("Periode: " + ", ".join(self.periods) + ".")
        if self.files:
            lines.append("Berkas: " + ", ".join(self.files) + ".")
        lines.append(
            "Warehouse sudah diterbitkan sebelum kegagalan ini."
            if self.published
            else "Warehouse terbitan tidak diganti: BI tetap membaca versi terakhir yang lolos "
            "pemeriksaan."
        )
        lines.append("Tindakan: " + self.action())
        return "\n".join(lines)

    def action(self) -> str:
        """What to do, by the stage that failed; always ends with running the job again."""
        stages = {s.stage for s in self.steps}
        todo: list[str] = []
        if self.lock_busy:
            todo.append(
                "run lain masih memegang kunci database kerja (lihat run yang berjalan di "
                "Dagster UI); tunggu sampai run itu selesai, tidak ada yang ditulis oleh run ini"
            )
        if self.checks:
            where = ""
            if self.offices or self.periods:
                where = " untuk satker " + (", ".join(self.offices) or "terkait")
                if self.periods:
                    where += " periode " + ", ".join(self.periods)
            gx = [c.check for c in self.checks if c.source == "gx"]
            dbt = [c.check for c in self.checks if c.source == "dbt"]
            seen = []
            if gx:
                reports = ", ".join(f"reports/checks/{name}.json" for name in gx)
                seen.append(f"laporan pemeriksaan ({reports}) dan Data Docs GX")
            if dbt:
                seen.append(f"hasil uji dbt ({', '.join(dbt)}) di log langkah dbt")
            todo.append(
                f"periksa {' serta '.join(seen)}, lalu berkas kiriman{where} di "
                "marts.file_deliveries; minta kantor mengirim ulang berkas yang benar atau "
                "perbaiki pipeline"
            )
        if "ingest" in stages:
            todo.append(
                "periksa berkas yang disebut dan izin baca folder landing (JEJAK_LANDING_DIR)"
            )
        if "dbt" in stages:
            todo.append(
                "periksa log dbt (log langkah di Dagster UI dan dbt_project/target/dbt.log); "
                "uji dbt yang gagal menunjuk data yang harus diperbaiki"
            )
        if "publish" in stages:
            todo.append("periksa ruang disk dan izin tulis folder warehouse (JEJAK_WAREHOUSE)")
        if not todo:
            todo.append(f"periksa log run {self.run_id[:8]} di Dagster UI")
        if self.lock_busy:
            return "; ".join(todo) + f"; lalu jalankan ulang job {self.job_name} bila perlu."
        return "; ".join(todo) + f"; lalu jalankan ulang job {self.job_name}."

    def payload(self) -> dict[str, Any]:
        """The JSON written to the log and POSTed: the text plus its parts.

        Keys are English identifiers; the text and the action are Bahasa Indonesia."""
        return {
            "text": self.message(),
            "kind": "run_failed",
            "job": self.job_name,
            "run_id": self.run_id,
            "failed_at": self.failed_at.astimezone(dt.UTC).isoformat(timespec="seconds"),
            "failed_steps": [asdict(s) for s in self.steps],
            "failed_checks": [
                {
                    "asset": c.asset,
                    "check": c.check,
                    "source": c.source,
                    "unexpected_rows": c.unexpected_rows,
                    "sample_rows": c.rows[:MAX_ROWS_PER_CHECK],
                }
                for c in self.checks
            ],
            "offices": self.offices,
            "periods": self.periods,
            "files": self.files,
            "warehouse_published": self.published,
            "action": self.action(),
        }


def _row_text(row: Mapping[str, str]) -> str:
    return ", ".join(f"{k} {v}" for k, v in row.items())


def _office_label(kdsatker: str) -> str:
    """`900104 (BP3MI Jawa Timur)`: office names are public, and easier to act on."""
    try:
        name = office_names().get(kdsatker)
    except OSError:  # an alert must go out even without the reference list
        name = None
    return f"{kdsatker} ({name})" if name else kdsatker


def scrub(text: str, limit: int = MAX_ERROR_CHARS) -> str:
    """Reduce paths to `<feed>/<file>` or a file name, mask identifiers, keep it short."""

    def _path(match: re.Match[str]) -> str:
        parts = [p for p in re.split(r"[/\\]", match.group(0)) if p]
        for i, part in enumerate(parts[:-1]):
            if part in FEEDS:
                return f"{part}/{parts[i + 1]}"
        return parts[-1] if parts else ""

    text = _ABS_PATH.sub(_path, text or "")
    text = mask_identifiers(text)
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _error_chain(error: Any) -> list[Any]:
    """An error and its causes (or contexts), outermost first; Dagster wraps user errors."""
    chain: list[Any] = []
    while error is not None and len(chain) < 10:
        chain.append(error)
        error = getattr(error, "cause", None) or getattr(error, "context", None)
    return chain


def _stage(step_key: str) -> str:
    if step_key.startswith("jejak_dbt") or step_key == DBT_STEP:
        return "dbt"
    if step_key.startswith("published__"):
        return "publish"
    if step_key.startswith("raw__"):
        return "ingest"
    return "lainnya"


def _files_and_offices(texts: Iterable[str]) -> tuple[list[str], list[str], list[str]]:
    files: dict[str, str] = {}
    for text in texts:
        for match in _FEED_PATH.findall(text):
            files[match.split("/")[-1]] = match
        for match in _FILE_NAME.findall(text):
            files.setdefault(match, match)
    offices: list[str] = []
    periods: list[str] = []
    for name in files:
        found = _OFFICE_IN_NAME.search(name)
        if found:
            offices.append(found.group(1))
            if found.group(2):
                periods.append(f"{found.group(2)}-{found.group(3)}")
    return list(files.values()), offices, periods


def table_rows(value: Any) -> list[dict[str, str]]:
    """Rows of a check's `unexpected` table metadata (`MetadataValue.table`), as text, their
    columns in the table schema's order (the event log does not keep a record's key order).

    Anything else (no table: a dbt test's check, or metadata of another shape)
    has no rows to quote."""
    if not isinstance(value, dg.TableMetadataValue):
        return []
    columns = table_columns(value)
    return [
        {c: "" if record.data.get(c) is None else str(record.data[c]) for c in columns}
        for record in value.records
    ]


def table_columns(value: Any) -> list[str]:
    """Column names of a table metadata value (its schema, else its rows)."""
    if not isinstance(value, dg.TableMetadataValue):
        return []
    named = [c.name for c in value.schema.columns] if value.schema is not None else []
    return list(dict.fromkeys([*named, *(k for r in value.records for k in r.data)]))


def _metadata_value(value: Any) -> Any:
    return getattr(value, "value", value)


def failed_blocking_checks(instance: dg.DagsterInstance, run_id: str) -> list[CheckFailure]:
    """Blocking asset checks of the run that failed with ERROR severity."""
    records = instance.get_records_for_run(
        run_id=run_id, of_type=dg.DagsterEventType.ASSET_CHECK_EVALUATION
    ).records
    # Suite files are named after their suite; reading names from disk keeps GX unimported.
    gx_suites = {path.stem for path in EXPECTATIONS_DIR.glob("*.json")}
    out: list[CheckFailure] = []
    for record in records:
        event = record.event_log_entry.dagster_event
        evaluation = event.event_specific_data if event else None
        if evaluation is None or evaluation.passed:
            continue
        if evaluation.severity != dg.AssetCheckSeverity.ERROR or evaluation.blocking is False:
            continue
        raw = dict(evaluation.metadata or {})
        metadata = {k: _metadata_value(v) for k, v in raw.items()}
        count = metadata.get("unexpected_rows")
        if count is None:
            count = next((v for k, v in metadata.items() if k.endswith("failed_row_count")), None)
        table = table_rows(raw.get("unexpected"))
        safe = [
            {k: scrub(v, 60) for k, v in row.items() if k in SAFE_COLUMNS and v != ""}
            for row in table
        ]
        out.append(
            CheckFailure(
                asset=evaluation.asset_key.to_user_string(),
                check=evaluation.check_name,
                unexpected_rows=int(count) if isinstance(count, (int, float)) else None,
                rows=[r for r in safe if r],
                hidden_columns=bool(table)
                and any(k not in SAFE_COLUMNS for k in table_columns(raw.get("unexpected"))),
                source="gx" if evaluation.check_name in gx_suites else "dbt",
            )
        )
    return out


def _step_succeeded(instance: dg.DagsterInstance, run_id: str, step_key: str) -> bool:
    records = instance.get_records_for_run(
        run_id=run_id, of_type=dg.DagsterEventType.STEP_SUCCESS
    ).records
    return any(r.event_log_entry.step_key == step_key for r in records)


def collect_failure(
    instance: dg.DagsterInstance,
    run: dg.DagsterRun,
    failure_event: dg.DagsterEvent | None = None,
    step_failures: Sequence[dg.DagsterEvent] | None = None,
    now: dt.datetime | None = None,
) -> FailureNotice:
    """Read the run's failed steps and checks from the instance into a notice."""
    if step_failures is None:
        step_failures = [
            r.event_log_entry.dagster_event
            for r in instance.get_records_for_run(
                run_id=run.run_id, of_type=dg.DagsterEventType.STEP_FAILURE
            ).records
            if r.event_log_entry.dagster_event is not None
        ]
    checks = failed_blocking_checks(instance, run.run_id)
    texts: list[str] = []
    steps: list[StepFailure] = []
    all_classes: list[str] = []
    for event in step_failures:
        step_key = event.step_key or "?"
        chain = _error_chain(getattr(event.event_specific_data, "error", None))
        messages = [m for m in ((getattr(e, "message", "") or "").strip() for e in chain) if m]
        classes = [getattr(e, "cls_name", None) or "" for e in chain]
        all_classes.extend(classes)
        check_failed = "DagsterAssetCheckFailedError" in classes
        stage = "pemeriksaan" if check_failed or step_key == CHECKS_STEP else _stage(step_key)
        if step_key in PERSONAL_DATA_STEPS:
            cls = classes[-1] if classes and classes[-1] else "galat"
            summary = f"{cls} (pesan tidak dikutip: langkah ini membaca data pribadi)"
            texts.extend(scrub(m, 2000) for m in messages)  # only to find file names
        elif check_failed:
            summary = ""  # the failed checks are listed with their rows below
        else:
            summary = scrub(messages[-1].splitlines()[0] if messages else "")
            texts.extend(scrub(m, 2000) for m in messages)
        steps.append(StepFailure(step_key=step_key, stage=stage, error=summary))
    files, offices, periods = _files_and_offices(texts)
    for check in checks:
        for row in check.rows:
            if row.get("kdsatker"):
                offices.append(row["kdsatker"])
            if row.get("thang", "").isdigit() and row.get("bulan", "").isdigit():
                periods.append(f"{int(row['thang'])}-{int(row['bulan']):02d}")
            if row.get("_source_file"):
                files.append(row["_source_file"])
    run_error = ""
    if failure_event is not None:
        run_chain = _error_chain(getattr(failure_event.event_specific_data, "error", None))
        all_classes.extend(getattr(e, "cls_name", None) or "" for e in run_chain)
        if not steps:
            # The root cause (e.g. a resource that could not start), not Dagster's wrapper.
            root = [(getattr(e, "message", "") or "").strip() for e in run_chain]
            root = [m for m in root if m] or [(failure_event.message or "").strip()]
            run_error = scrub(root[-1].splitlines()[0] if root[-1] else "")
    return FailureNotice(
        run_id=run.run_id,
        job_name=run.job_name,
        failed_at=now or dt.datetime.now(dt.UTC),
        steps=steps,
        checks=checks,
        files=list(dict.fromkeys(files)),
        offices=sorted(set(offices)),
        periods=sorted(set(periods)),
        published=_step_succeeded(instance, run.run_id, PUBLISH_STEP),
        run_error=run_error,
        lock_busy="RunLockBusy" in all_classes,
    )


def append_log(path: Path, payload: Mapping[str, Any]) -> None:
    """One JSON object per line, appended: the trail survives a dead webhook."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("a", encoding="utf-8") as f:
        f.write(json.dumps(payload, ensure_ascii=False, sort_keys=True) + "\n")


def post_webhook(
    url: str,
    payload: Mapping[str, Any],
    timeout: float = WEBHOOK_TIMEOUT_SECONDS,
    logger: logging.Logger | None = None,
) -> bool:
    """POST the payload as JSON; log (without the URL's secret path) and return False on failure."""
    logger = logger or log
    host = urllib.parse.urlsplit(url).netloc or "?"
    try:
        request = urllib.request.Request(
            url,
            data=json.dumps(payload, ensure_ascii=False).encode("utf-8"),
            headers={"Content-Type": "application/json; charset=utf-8"},
            method="POST",
        )
        with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310
            status = response.status
    except (urllib.error.URLError, OSError, ValueError) as exc:
        reason = str(exc)
        for secret in (url, urllib.parse.urlsplit(url).path):
            if secret and secret != "/":
                reason = reason.replace(secret, "<disembunyikan>")
        logger.warning(f"notifikasi ke webhook {host} gagal: {type(exc).__name__}: {reason}")
        return False
    if not 200 <= status < 300:
        logger.warning(f"notifikasi ke webhook {host} ditolak: HTTP {status}")
        return False
    return True


def deliver(
    notice: FailureNotice,
    log_path: Path,
    webhook_url: str | None,
    logger: logging.Logger | None = None,
) -> dict[str, Any]:
    """Write the log line, then POST when a webhook is configured; returns the payload."""
    payload = notice.payload()
    append_log(log_path, payload)
    if webhook_url:
        post_webhook(webhook_url, payload, logger=logger)
    return payload


def build_failure_sensor(
    monitored_jobs: Sequence[Any] | None = None,
    name: str = SENSOR_NAME,
) -> dg.SensorDefinition:
    """The run-failure sensor for the given jobs (`nightly_load` in the code location).

    A factory because the job object lives in `pipelines.definitions`, which
    imports this module. RUNNING by default: it acts only after a run has
    already failed, and an alert that must be switched on is an alert nobody
    gets.
    """

    @dg.run_failure_sensor(
        name=name,
        monitored_jobs=list(monitored_jobs) if monitored_jobs else None,
        default_status=dg.DefaultSensorStatus.RUNNING,
        description=(
            "Ketika nightly_load gagal: menulis pesan singkat (langkah, pemeriksaan, satker, "
            "berkas, tindakan) ke <folder warehouse>/notifications.log dan mengirimnya ke "
            f"{WEBHOOK_ENV} bila diset."
        ),
    )
    def _alert(context: dg.RunFailureSensorContext) -> None:
        notice = collect_failure(
            context.instance,
            context.dagster_run,
            context.failure_event,
            context.get_step_failure_events(),
        )
        settings = settings_from_env()
        path = settings.warehouse.parent / LOG_FILE_NAME
        deliver(notice, path, settings.webhook_url, logger=context.log)
        context.log.info(f"notifikasi kegagalan run {notice.run_id[:8]} ditulis ke {path.name}")

    return _alert
