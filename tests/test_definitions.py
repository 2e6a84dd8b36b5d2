"""The code location loads with the job, schedule, assets and checks a user expects."""

from __future__ import annotations

import dagster as dg


def test_definitions_load() -> None:
    from pipelines.definitions import defs

    job = defs.resolve_job_def("nightly_load")
    assert job.name == "nightly_load"
    schedule = defs.resolve_schedule_def("nightly_load_schedule")
    assert schedule.cron_schedule == "0 1 * * *"
    assert schedule.execution_timezone == "Asia/Jakarta"
    graph = defs.resolve_asset_graph()
    keys = {k.to_user_string() for k in graph.get_all_asset_keys()}
    for feed in ("dipa", "sp2d", "capaian_ro", "pengaduan", "peta_hasil", "indikator"):
        assert f"landing/{feed}" in keys
        assert f"raw/{feed}" in keys
    for mart in (
        "budget_line_trace",
        "untraced_spending",
        "office_month",
        "indicator_achievement",
        "office_scorecard",
        "case_outcomes",
        "file_deliveries",
    ):
        assert f"marts/{mart}" in keys
    assert "published/warehouse" in keys
    checks = {(c.asset_key.to_user_string(), c.name) for c in graph.asset_check_keys}
    assert ("marts/office_month", "realisasi_conserved_per_office_month") in checks
    assert ("marts/case_outcomes", "no_personal_data_in_marts") in checks
    blocking = {
        spec.name
        for checks_def in defs.asset_checks or []
        for spec in checks_def.check_specs
        if spec.blocking
    }
    assert {
        "realisasi_conserved_per_office_month",
        "no_personal_data_in_marts",
        "allocation_sums_to_realisasi",
    } <= blocking
    # Upstream of publishing: the marts; the publish step depends on every mart.
    publish = graph.get(dg.AssetKey(["published", "warehouse"]))
    assert dg.AssetKey(["marts", "office_scorecard"]) in publish.parent_keys
