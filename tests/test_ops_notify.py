"""A failed run produces one Indonesian alert: in notifications.log and POSTed to a webhook.

The failing runs are real Dagster runs: the real GX check
`realisasi_conserved_per_office_month` on its real check model (built by dbt)
over a tiny working database whose office_month does not reconcile with the
accepted SP2D file, and an ingest step that fails while reading a
personal-data file.
"""

import contextlib
import datetime as dt
import json
import logging
import socket
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, HTTPServer
from pathlib import Path

import dagster as dg
import duckdb
import pytest
from dagster_duckdb import DuckDBResource

from pipelines.ingest.loader import ensure_raw_schema
from pipelines.ops.notify import (
    LOG_FILE_NAME,
    WEBHOOK_ENV,
    build_failure_sensor,
    collect_failure,
    post_webhook,
    scrub,
    table_columns,
    table_rows,
)
from tests.check_models import build_models
from tests.landing_fixture import PII_VALUES

CHECK = "realisasi_conserved_per_office_month"


class _Webhook(BaseHTTPRequestHandler):
    def do_POST(self) -> None:  # noqa: N802 - http.server's naming
        length = int(self.headers.get("Content-Length", "0"))
        self.server.bodies.append(  # type: ignore[attr-defined]
            (self.headers.get("Content-Type"), self.rfile.read(length))
        )
        self.send_response(204)
        self.end_headers()

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def webhook() -> Iterator[tuple[str, list[tuple[str, bytes]]]]:
    """A local HTTP server on 127.0.0.1 collecting POST bodies, stopped after the test."""
    server = HTTPServer(("127.0.0.1", 0), _Webhook)
    server.bodies = []  # type: ignore[attr-defined]
    server.timeout = 5
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05})
    thread.daemon = True
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}/hook", server.bodies  # type: ignore[attr-defined]
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


def _closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _work_db(path: Path) -> None:
    """Accepted SP2D: Jan 43.999.999,50 and Feb 28.000.000,01; the mart lost 1.000.000,01 in Feb.

    dbt then builds the check model over the ledger and the mart."""
    con = duckdb.connect(str(path))
    ensure_raw_schema(con)
    now = dt.datetime(2026, 3, 1, 2, 0)
    for bulan, amount in ((1, "43999999.50"), (2, "28000000.01")):
        name = f"SP2D_900104_2026{bulan:02d}.csv"
        con.execute(
            "insert into raw.file_ledger (file_id, file_hash, feed, file_name, source_file, "
            "kdsatker, thang, bulan, delivery_key, landed_at, loaded_at, status, row_count, "
            "amount_total) values (?, ?, 'sp2d', ?, ?, '900104', 2026, ?, ?, ?, ?, 'loaded', 3, ?)",
            [f"id{bulan}", f"h{bulan}", name, f"sp2d/{name}", bulan, f"sp2d:900104:2026{bulan:02d}",
             now, now, amount],
        )  # fmt: skip
    con.execute("create schema marts")
    con.execute(
        "create table marts.office_month as select * from (values "
        "(2026, 1, '900104', 43999999.50::decimal(18,2)), "
        "(2026, 2, '900104', 27000000.00::decimal(18,2))) t(thang, bulan, kdsatker, realisasi_bulan)"
    )
    con.close()
    build_models(
        path,
        ["stg_file_ledger", "int_file_deliveries", f"chk_{CHECK}"],
        path.parent / "dbt",
    )


def _sensor_context(
    result: dg.ExecuteInProcessResult, instance: dg.DagsterInstance
) -> dg.RunStatusSensorContext:
    return dg.build_run_status_sensor_context(
        sensor_name="nightly_load_failure_alert",
        dagster_event=result.get_run_failure_event(),
        dagster_instance=instance,
        dagster_run=result.dagster_run,
    )


@pytest.mark.slow  # runs a GX suite in a Dagster job
def test_blocking_check_failure_is_logged_and_posted(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    webhook: tuple[str, list[tuple[str, bytes]]],
) -> None:
    from pipelines.quality.checks import SUITES, build_gx_checks

    url, bodies = webhook
    warehouse = tmp_path / "wh" / "jejak_rupiah.duckdb"
    monkeypatch.setenv("JEJAK_WAREHOUSE", str(warehouse))
    monkeypatch.setenv(WEBHOOK_ENV, url)
    work = tmp_path / "work.duckdb"
    _work_db(work)

    @dg.asset(key=["marts", "office_month"])
    def office_month() -> dg.MaterializeResult:
        return dg.MaterializeResult()

    @dg.asset(key=["published", "warehouse"], deps=[office_month])
    def published() -> dg.MaterializeResult:
        return dg.MaterializeResult()

    check = build_gx_checks([s for s in SUITES if s.name == CHECK])
    job = dg.define_asset_job("nightly_load", executor_def=dg.in_process_executor)
    defs = dg.Definitions(
        assets=[office_month, published],
        asset_checks=[check],
        jobs=[job],
        resources={"duckdb": DuckDBResource(database=str(work))},
    )
    instance = dg.DagsterInstance.ephemeral()
    result = defs.resolve_job_def("nightly_load").execute_in_process(
        instance=instance, raise_on_error=False
    )
    assert not result.success
    # The blocking check gated the publish step: it never ran.
    (evaluation,) = result.get_asset_check_evaluations()
    assert evaluation.check_name == CHECK and not evaluation.passed
    assert "published__warehouse" not in {
        e.step_key for e in result.all_events if e.is_step_success or e.is_step_start
    }

    sensor = build_failure_sensor([job])
    sensor(_sensor_context(result, instance))

    lines = (warehouse.parent / LOG_FILE_NAME).read_text(encoding="utf-8").splitlines()
    assert len(lines) == 1
    logged = json.loads(lines[0])
    text = logged["text"]
    assert f"Pemeriksaan pemblokir gagal (GX): {CHECK} pada marts/office_month" in text
    assert "1 baris tidak sesuai" in text
    assert "kdsatker 900104, thang 2026, bulan 2" in text and "realisasi_mart 27000000.00" in text
    assert "900104 (BP3MI Jawa Timur)" in text and "2026-02" in text
    assert f"reports/checks/{CHECK}.json" in text
    assert "tidak diganti" in text and text.rstrip().endswith("jalankan ulang job nightly_load.")
    assert logged["offices"] == ["900104"] and logged["periods"] == ["2026-02"]
    assert logged["failed_checks"][0]["unexpected_rows"] == 1
    assert logged["failed_checks"][0]["sample_rows"] == [
        {
            "kdsatker": "900104",
            "thang": "2026",
            "bulan": "2",
            "realisasi_file": "28000000.01",
            "realisasi_mart": "27000000.00",
        }
    ]
    assert logged["failed_steps"][0]["stage"] == "pemeriksaan"
    assert logged["warehouse_published"] is False

    (content_type, body) = bodies[0]
    assert len(bodies) == 1 and content_type.startswith("application/json")
    assert json.loads(body) == logged


def test_file_failure_names_file_and_office_without_personal_data(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    warehouse = tmp_path / "wh" / "jejak_rupiah.duckdb"
    monkeypatch.setenv("JEJAK_WAREHOUSE", str(warehouse))
    monkeypatch.setenv(WEBHOOK_ENV, f"http://127.0.0.1:{_closed_port()}/hook")  # down: logged only
    secret = " ".join(PII_VALUES)

    @dg.op(name="raw__pengaduan")
    def load_pengaduan() -> None:
        raise ValueError(
            f"baris 3 tidak terbaca: {secret} di "
            "/home/budi.santoso/landing/pengaduan/PENGADUAN_900104_20260228.csv"
        )

    @dg.job(name="nightly_load", executor_def=dg.in_process_executor)
    def nightly_load() -> None:
        load_pengaduan()

    instance = dg.DagsterInstance.ephemeral()
    result = nightly_load.execute_in_process(instance=instance, raise_on_error=False)
    assert not result.success
    build_failure_sensor([nightly_load])(_sensor_context(result, instance))

    raw = (warehouse.parent / LOG_FILE_NAME).read_text(encoding="utf-8")
    logged = json.loads(raw)
    assert "Langkah gagal: raw__pengaduan (tahap ingest): ValueError" in logged["text"]
    assert logged["files"] == ["pengaduan/PENGADUAN_900104_20260228.csv"]
    assert logged["offices"] == ["900104"]
    assert "izin baca folder landing" in logged["action"]
    for value in [*PII_VALUES, "Siti", "Budi", "budi", "santoso", "Santoso"]:
        assert value not in raw


class _Records(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


def test_post_webhook_failure_is_logged_not_raised() -> None:
    logger = logging.getLogger("test_ops_notify")
    records = _Records()
    logger.addHandler(records)
    url = f"http://127.0.0.1:{_closed_port()}/rahasia-token"
    try:
        assert post_webhook(url, {"text": "uji"}, timeout=2, logger=logger) is False
        # A URL without a scheme: urllib's error quotes it, the log must not.
        assert post_webhook("hooks.example/rahasia-token", {"text": "uji"}, logger=logger) is False
    finally:
        logger.removeHandler(records)
    logged = "\n".join(records.messages)
    assert "notifikasi ke webhook 127.0.0.1" in logged and "ValueError" in logged
    assert "rahasia-token" not in logged


def test_scrub_and_check_tables() -> None:
    assert scrub("gagal /srv/x/landing/sp2d/SP2D_900104_202603.csv") == (
        "gagal sp2d/SP2D_900104_202603.csv"
    )
    assert scrub("NIK 3578015203900001 hp 081234567890 paspor C1234567 sp2d 260000000000001") == (
        "NIK [disamarkan] hp [disamarkan] paspor [disamarkan] sp2d 260000000000001"
    )
    # A check's failing rows arrive as a table, read as it was written (no Markdown to parse).
    table = dg.MetadataValue.table(
        records=[dg.TableRecord({"kdsatker": "900104", "bulan": 2, "uraian": "a | b", "x": None})],
        schema=dg.TableSchema(
            columns=[dg.TableColumn(n) for n in ("kdsatker", "bulan", "uraian", "x")]
        ),
    )
    assert table_rows(table) == [{"kdsatker": "900104", "bulan": "2", "uraian": "a | b", "x": ""}]
    assert table_columns(table) == ["kdsatker", "bulan", "uraian", "x"]
    assert table_rows(dg.MetadataValue.md("| kdsatker |\n|---|\n| 900104 |")) == []


def test_failed_dbt_test_points_to_the_dbt_log() -> None:
    @dg.asset(key=["marts", "office_month"])
    def office_month() -> dg.MaterializeResult:
        return dg.MaterializeResult()

    @dg.asset_check(
        asset=office_month, name="unique_combination_of_columns_office_month", blocking=True
    )
    def unique_months() -> dg.AssetCheckResult:
        return dg.AssetCheckResult(passed=False, metadata={"dagster_dbt/failed_row_count": 2})

    defs = dg.Definitions(
        assets=[office_month],
        asset_checks=[unique_months],
        jobs=[dg.define_asset_job("nightly_load", executor_def=dg.in_process_executor)],
    )
    instance = dg.DagsterInstance.ephemeral()
    result = defs.resolve_job_def("nightly_load").execute_in_process(
        instance=instance, raise_on_error=False
    )
    notice = collect_failure(instance, result.dagster_run, result.get_run_failure_event())
    text = notice.message()
    assert "(uji dbt): unique_combination_of_columns_office_month pada marts/office_month" in text
    assert "2 baris tidak sesuai" in text
    assert "di log langkah dbt" in text and "reports/checks/" not in text


class RunLockBusy(RuntimeError):
    """Same name as pipelines.core.lock.RunLockBusy: the alert matches on the class name."""


def test_run_that_could_not_take_the_lock_says_to_wait() -> None:
    class Lock(dg.ConfigurableResource):
        @contextlib.contextmanager
        def yield_for_execution(self, context: dg.InitResourceContext) -> Iterator["Lock"]:
            raise RunLockBusy("kunci /srv/wh/jejak_rupiah.work.duckdb.lock dipegang pid 4242")
            yield self

    @dg.asset(key=["raw", "sp2d"])
    def sp2d(lock: Lock) -> dg.MaterializeResult:
        return dg.MaterializeResult()

    defs = dg.Definitions(
        assets=[sp2d],
        jobs=[dg.define_asset_job("nightly_load", executor_def=dg.in_process_executor)],
        resources={"lock": Lock()},
    )
    instance = dg.DagsterInstance.ephemeral()
    result = defs.resolve_job_def("nightly_load").execute_in_process(
        instance=instance, raise_on_error=False
    )
    notice = collect_failure(instance, result.dagster_run, result.get_run_failure_event())
    text = notice.message()
    assert "RunLockBusy: kunci jejak_rupiah.work.duckdb.lock dipegang pid 4242" in text
    assert "tunggu sampai run itu selesai" in text and "/srv/wh" not in text
