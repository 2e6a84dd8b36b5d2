#!/usr/bin/env bash
# Backfill one office and one month from the command line (the UI does the same:
# Jobs -> backfill_office_month -> Materialize -> partition).
#   scripts/backfill.sh 900104 2026-02
# Re-examines that office-month's SP2D and capaian RO files with the current code,
# rebuilds the marts, runs the checks and publishes; nothing else in raw changes.
set -uo pipefail
if [ $# -ne 2 ] || ! [[ "$1" =~ ^[0-9]{6}$ ]] || ! [[ "$2" =~ ^[0-9]{4}-[0-9]{2}$ ]]; then
  echo "pemakaian: $0 KDSATKER YYYY-MM   (contoh: $0 900104 2026-02)" >&2
  exit 2
fi
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
cd "$REPO_ROOT"
satker="$1"
bulan="$2-01"
partition="$bulan|$satker"
start=$(date +%s)
dagster job execute -m pipelines.definitions -j backfill_office_month \
  --tags "{\"dagster/partition\": \"$partition\", \"dagster/partition/bulan\": \"$bulan\", \"dagster/partition/satker\": \"$satker\"}"
status=$?
python -m pipelines.summary --elapsed "$(( $(date +%s) - start ))" --job-status "$status" --since "$start"
exit $status
