# Shared defaults for the run and UI commands (sourced, not executed).
# Every value can be overridden from the environment.
REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export JEJAK_LANDING_DIR="${JEJAK_LANDING_DIR:-$REPO_ROOT/sample_data/landing}"
export JEJAK_WAREHOUSE="${JEJAK_WAREHOUSE:-$REPO_ROOT/var/warehouse/jejak_rupiah.duckdb}"
export DAGSTER_HOME="${DAGSTER_HOME:-$REPO_ROOT/var/dagster_home}"
mkdir -p "$DAGSTER_HOME" "$(dirname "$JEJAK_WAREHOUSE")"
[ -f "$DAGSTER_HOME/dagster.yaml" ] || cp "$REPO_ROOT/scripts/dagster.yaml" "$DAGSTER_HOME/dagster.yaml"

if [ -z "${JEJAK_PII_KEY:-}" ]; then
  # The secret of the keyed hash lives outside the repo and the warehouse,
  # readable by its owner only. Losing it breaks linking of a worker's cases
  # across nights, so it is created once and reused.
  key_file="${JEJAK_PII_KEY_FILE:-${XDG_CONFIG_HOME:-$HOME/.config}/jejak-rupiah/pii_key}"
  if [ ! -s "$key_file" ]; then
    mkdir -p "$(dirname "$key_file")"
    (umask 077 && "$REPO_ROOT/.venv/bin/python" -c "import secrets; print(secrets.token_hex(32))" > "$key_file")
    chmod 600 "$key_file"
    echo "JEJAK_PII_KEY tidak diset: kunci acak baru dibuat di $key_file (hanya pemilik yang dapat membaca)."
  else
    echo "JEJAK_PII_KEY tidak diset: memakai kunci di $key_file."
  fi
  JEJAK_PII_KEY="$(cat "$key_file")"
  export JEJAK_PII_KEY
fi
export PATH="$REPO_ROOT/.venv/bin:$PATH"
