#!/usr/bin/env bash
# Run the nightly job once (on the bundled sample unless JEJAK_LANDING_DIR says otherwise),
# then print where the published warehouse, the quality report and the dbt docs are.
set -uo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
cd "$REPO_ROOT"
start=$(date +%s)
dagster job execute -m pipelines.definitions -j nightly_load
status=$?
python -m pipelines.publish.docs --since "$start" || echo "dbt docs tidak dapat dibuat (lihat pesan di atas)"
python -m pipelines.summary --elapsed "$(( $(date +%s) - start ))" --job-status "$status" --since "$start"
exit $status
