#!/usr/bin/env bash
# What the dbt project's `spark` target needs (docs/engines.md), installed when
# missing, the same way scripts/postgres.sh installs PostgreSQL: CI starts from
# a clean machine of the project image.
#
#   scripts/spark.sh install [PYTHON]   Java 17+ (Debian openjdk-17-jre-headless) and the
#                                       project's `spark` extra (pyproject.toml:
#                                       dbt-spark[session], pyspark) into PYTHON's environment
#   scripts/spark.sh check [PYTHON]     exit 0 when both are there
#
# PYTHON defaults to .venv/bin/python of the repo. Spark itself comes with the
# pyspark package (its jars, Hive and Derby included); dbt-spark's `session`
# method runs it inside the dbt process, so there is no server to start.
# Every step is idempotent: nothing is installed when it is already there.
set -euo pipefail

REPO_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
JAVA_MIN=17

die() {
    echo "spark.sh: $*" >&2
    exit 1
}

java_major() {
    # `openjdk version "17.0.15" 2025-04-15` -> 17 (`1.8.0_x` -> 1)
    command -v java >/dev/null || return 0
    java -version 2>&1 | sed -n 's/.* version "\([0-9]*\).*/\1/p' | head -n 1
}

java_ok() {
    local major
    major=$(java_major)
    [ -n "$major" ] && [ "$major" -ge "$JAVA_MIN" ]
}

install_java() {
    if java_ok; then
        return 0
    fi
    if [ "$(id -u)" -ne 0 ]; then
        die "Java $JAVA_MIN+ tidak ada (java -version: '$(java_major)') dan skrip ini bukan root: pasang paket Debian 'openjdk-17-jre-headless'"
    fi
    command -v apt-get >/dev/null || die "apt-get tidak ada: pasang Java $JAVA_MIN+ secara manual"
    echo "spark.sh: memasang paket Debian 'openjdk-17-jre-headless'..." >&2
    apt-get -o DPkg::Lock::Timeout=300 update -qq >&2 \
        || die "apt-get update gagal"
    DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=300 install -y -qq \
        --no-install-recommends openjdk-17-jre-headless >&2 \
        || die "apt-get install openjdk-17-jre-headless gagal"
    java_ok || die "Java terpasang tetapi 'java -version' bukan $JAVA_MIN+"
}

# The requirements of the `spark` extra, one a line, from pyproject.toml.
spark_requirements() {
    "$1" - "$REPO_ROOT/pyproject.toml" <<'EOF'
import sys
import tomllib

with open(sys.argv[1], "rb") as f:
    print("\n".join(tomllib.load(f)["project"]["optional-dependencies"]["spark"]))
EOF
}

# Exit 0 when every requirement of the extra is installed in PYTHON's environment.
extra_installed() {
    local python="$1"
    spark_requirements "$python" | "$python" -c '
import sys
from importlib.metadata import PackageNotFoundError, version
from packaging.requirements import Requirement

for line in sys.stdin.read().split("\n"):
    if not line.strip():
        continue
    req = Requirement(line)
    try:
        installed = version(req.name)
    except PackageNotFoundError:
        sys.exit(1)
    if not req.specifier.contains(installed, prereleases=True):
        sys.exit(1)
import pyspark  # noqa: F401
import dbt.adapters.spark  # noqa: F401
' 2>/dev/null
}

install_extra() {
    local python="$1"
    if extra_installed "$python"; then
        return 0
    fi
    echo "spark.sh: memasang extra 'spark' (dbt-spark[session], pyspark) ke $python..." >&2
    local reqs
    mapfile -t reqs < <(spark_requirements "$python")
    "$python" -m pip install --quiet "${reqs[@]}" >&2 \
        || die "pip install ${reqs[*]} gagal"
    extra_installed "$python" || die "extra 'spark' terpasang tetapi pyspark/dbt-spark tidak dapat diimpor"
}

python_arg() {
    local python="${1:-$REPO_ROOT/.venv/bin/python}"
    [ -x "$python" ] || die "Python tidak ada: $python (jalankan 'make setup' dahulu)"
    echo "$python"
}

usage() {
    sed -n '2,14p' "$0" >&2
    exit 2
}

case "${1:-}" in
    install)
        [ $# -le 2 ] || usage
        python=$(python_arg "${2:-}")
        install_java
        install_extra "$python"
        echo "spark.sh: Java $(java_major), pyspark $("$python" -c 'import pyspark; print(pyspark.__version__)'), dbt-spark $("$python" -c 'from importlib.metadata import version; print(version("dbt-spark"))') siap"
        ;;
    check)
        [ $# -le 2 ] || usage
        python=$(python_arg "${2:-}")
        java_ok && extra_installed "$python"
        ;;
    *)
        usage
        ;;
esac
