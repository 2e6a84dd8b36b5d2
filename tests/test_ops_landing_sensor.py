"""The landing sensor requests one run per new set of files and explains every skip."""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from pathlib import Path

import dagster as dg
import pytest

from pipelines.ops.landing_sensor import (
    JOB_NAME,
    evaluate_landing,
    landing_files_sensor,
    snapshot_landing,
)

OLD = time.time() - 3600  # well outside the settle window


def _write(path: Path, text: str, mtime: float = OLD) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    os.utime(path, (mtime, mtime))


@pytest.fixture
def landing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    land = tmp_path / "landing"
    _write(land / "dipa" / "DIPA_900104_2026_rev00.csv", "thang;kdsatker\n2026;900104\n")
    _write(land / "sp2d" / "SP2D_900104_202601.csv", "kdsatker;nilai\n900104;1\n")
    _write(land / "sp2d" / "~$SP2D_900104_202601.xlsx", "excel lock file")  # never counted
    (land / "capaian_ro").mkdir()
    monkeypatch.setenv("JEJAK_LANDING_DIR", str(land))
    return land


@pytest.fixture(scope="module")
def instance() -> Iterator[dg.DagsterInstance]:
    """One persistent test instance for the module (creating one costs over a second)."""
    with dg.instance_for_test() as inst:
        yield inst


def test_first_tick_requests_then_skips_until_a_file_changes(
    landing: Path, instance: dg.DagsterInstance
) -> None:
    first = landing_files_sensor(dg.build_sensor_context(instance=instance))
    assert isinstance(first, dg.SensorResult)
    (request,) = first.run_requests or []
    assert request.run_key == first.cursor == snapshot_landing(landing).fingerprint
    assert request.tags["jejak/pemicu"] == "landing_files_sensor"

    second = landing_files_sensor(dg.build_sensor_context(instance=instance, cursor=first.cursor))
    assert isinstance(second, dg.SkipReason)
    assert "Tidak ada berkas baru" in (second.skip_message or "")

    _write(landing / "capaian_ro" / "CAPAIAN_900104_202601.csv", "bulan;volume\n1;2\n")
    third = landing_files_sensor(dg.build_sensor_context(instance=instance, cursor=first.cursor))
    assert isinstance(third, dg.SensorResult)
    assert third.run_requests and third.run_requests[0].run_key not in (None, first.cursor)

    # A corrected file under the same name (new size and mtime) is a change too.
    _write(landing / "sp2d" / "SP2D_900104_202601.csv", "kdsatker;nilai\n900104;2,5\n", OLD + 60)
    fourth = landing_files_sensor(dg.build_sensor_context(instance=instance, cursor=third.cursor))
    assert isinstance(fourth, dg.SensorResult)
    assert fourth.cursor != third.cursor


def test_evaluate_tick_through_dagster(landing: Path, instance: dg.DagsterInstance) -> None:
    data = landing_files_sensor.evaluate_tick(dg.build_sensor_context(instance=instance))
    assert [r.run_key for r in data.run_requests or []] == [data.cursor]
    again = landing_files_sensor.evaluate_tick(
        dg.build_sensor_context(instance=instance, cursor=data.cursor)
    )
    assert not again.run_requests and "Tidak ada berkas baru" in (again.skip_message or "")


def test_waits_for_files_being_copied_and_for_a_running_job(
    landing: Path, instance: dg.DagsterInstance
) -> None:
    now = time.time()
    _write(landing / "sp2d" / "SP2D_900104_202602.csv", "partial", mtime=now - 5)
    waiting = evaluate_landing(dg.build_sensor_context(instance=instance), landing, now=now)
    assert isinstance(waiting, dg.SkipReason) and "menunggu" in (waiting.skip_message or "")

    run = dg.DagsterRun(job_name=JOB_NAME, run_id="r" * 36, status=dg.DagsterRunStatus.STARTED)
    instance.add_run(run)
    try:
        busy = evaluate_landing(dg.build_sensor_context(instance=instance), landing, now=now + 600)
    finally:
        instance.delete_run(run.run_id)
    assert isinstance(busy, dg.SkipReason) and "sedang berjalan" in (busy.skip_message or "")


def test_empty_or_missing_landing_folder_skips(
    tmp_path: Path, instance: dg.DagsterInstance
) -> None:
    context = dg.build_sensor_context(instance=instance)
    missing = evaluate_landing(context, tmp_path / "nope")
    assert isinstance(missing, dg.SkipReason) and "tidak ditemukan" in (missing.skip_message or "")
    (tmp_path / "empty" / "sp2d").mkdir(parents=True)
    empty = evaluate_landing(context, tmp_path / "empty")
    assert isinstance(empty, dg.SkipReason) and "kosong" in (empty.skip_message or "")
