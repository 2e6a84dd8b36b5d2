#!/usr/bin/env bash
# A throwaway PostgreSQL cluster for the tests (and for trying the postgres
# targets by hand). PostgreSQL comes from Debian (`postgresql` package) and is
# installed when missing, the same way scripts/ensure_chromium.sh installs
# Chromium: CI starts from a clean machine of the project image.
#
#   scripts/postgres.sh install            install the Debian package if missing
#   scripts/postgres.sh start DIR PORT     initdb DIR/data (once) and start it on 127.0.0.1:PORT
#   scripts/postgres.sh stop DIR           stop the cluster of DIR (no-op when not running)
#   scripts/postgres.sh status DIR         exit 0 when the cluster of DIR is running
#
# The cluster listens on 127.0.0.1 only (no Unix socket) with `trust`
# authentication for 127.0.0.1/32 and nothing else; the superuser is
# `postgres` (no password needed). It is for tests: fsync is off. The server
# runs as the `postgres` OS user when this script runs as root (PostgreSQL
# refuses to run as root), so DIR is handed over to that user.
# Every step is idempotent: `start` on a running cluster only reports it.
set -euo pipefail

PG_SUPERUSER=postgres

die() {
    echo "postgres.sh: $*" >&2
    exit 1
}

pg_bindir() {
    # Highest installed major version of the Debian layout.
    local dir
    dir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
    if [ -n "$dir" ] && [ -x "$dir/initdb" ] && [ -x "$dir/pg_ctl" ]; then
        echo "$dir"
    fi
}

install_postgres() {
    if [ -n "$(pg_bindir)" ]; then
        return 0
    fi
    if [ "$(id -u)" -ne 0 ]; then
        die "PostgreSQL tidak terpasang (/usr/lib/postgresql/*/bin/initdb tidak ada) dan skrip ini bukan root: pasang paket Debian 'postgresql' (apt-get install postgresql)"
    fi
    command -v apt-get >/dev/null || die "apt-get tidak ada: pasang PostgreSQL secara manual"
    echo "postgres.sh: memasang paket Debian 'postgresql'..." >&2
    apt-get -o DPkg::Lock::Timeout=300 update -qq >&2 \
        || die "apt-get update gagal"
    DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=300 install -y -qq \
        --no-install-recommends postgresql >&2 \
        || die "apt-get install postgresql gagal"
    [ -n "$(pg_bindir)" ] || die "paket postgresql terpasang tetapi initdb/pg_ctl tidak ditemukan di /usr/lib/postgresql/*/bin"
}

# Run a PostgreSQL program as the cluster's owner.
as_owner() {
    if [ "$(id -u)" -eq 0 ]; then
        id "$PG_SUPERUSER" >/dev/null 2>&1 \
            || die "pengguna OS '$PG_SUPERUSER' tidak ada (dibuat oleh paket postgresql)"
        runuser -u "$PG_SUPERUSER" -- "$@"
    else
        "$@"
    fi
}

is_running() {
    local data="$1" bindir
    bindir=$(pg_bindir)
    [ -n "$bindir" ] && [ -f "$data/PG_VERSION" ] \
        && as_owner "$bindir/pg_ctl" -D "$data" status >/dev/null 2>&1
}

start_cluster() {
    local dir="$1" port="$2" bindir data
    [[ "$port" =~ ^[0-9]+$ ]] || die "port harus angka: '$port'"
    install_postgres
    bindir=$(pg_bindir)
    mkdir -p "$dir"
    dir=$(cd "$dir" && pwd)
    data="$dir/data"

    if is_running "$data"; then
        echo "postgres.sh: cluster $data sudah berjalan"
        return 0
    fi

    if [ "$(id -u)" -eq 0 ]; then
        chown "$PG_SUPERUSER": "$dir"
        chmod 700 "$dir"
        runuser -u "$PG_SUPERUSER" -- test -w "$dir" \
            || die "pengguna '$PG_SUPERUSER' tidak dapat menulis di $dir (folder induknya harus dapat dilalui, mis. di /tmp)"
    fi

    if [ ! -f "$data/PG_VERSION" ]; then
        as_owner "$bindir/initdb" -D "$data" -U "$PG_SUPERUSER" --auth=reject \
            --encoding=UTF8 --no-locale --no-sync >"$dir/initdb.log" 2>&1 \
            || die "initdb gagal, lihat $dir/initdb.log: $(tail -n 5 "$dir/initdb.log")"
        # Trust on 127.0.0.1 only: no socket, no other address, no ::1.
        cat >"$data/pg_hba.conf" <<'EOF'
# throwaway test cluster (scripts/postgres.sh): trust on 127.0.0.1 only
host    all    all    127.0.0.1/32    trust
EOF
        cat >>"$data/postgresql.conf" <<'EOF'

# scripts/postgres.sh: throwaway test cluster
listen_addresses = '127.0.0.1'
unix_socket_directories = ''
fsync = off
synchronous_commit = off
full_page_writes = off
max_connections = 100
EOF
    fi

    as_owner "$bindir/pg_ctl" -D "$data" -l "$dir/postgres.log" -w -t 60 \
        -o "-p $port" start >/dev/null \
        || die "pg_ctl start gagal (port $port), lihat $dir/postgres.log: $(tail -n 5 "$dir/postgres.log" 2>/dev/null)"
    echo "postgres.sh: PostgreSQL $(basename "$(dirname "$bindir")") berjalan: host=127.0.0.1 port=$port user=$PG_SUPERUSER data=$data"
}

stop_cluster() {
    local dir="$1" bindir data
    data="$dir/data"
    bindir=$(pg_bindir)
    if [ -z "$bindir" ] || ! is_running "$data"; then
        echo "postgres.sh: tidak ada cluster berjalan di $data"
        return 0
    fi
    as_owner "$bindir/pg_ctl" -D "$data" -m fast -w -t 60 stop >/dev/null
    echo "postgres.sh: cluster $data dihentikan"
}

usage() {
    sed -n '2,12p' "$0" >&2
    exit 2
}

case "${1:-}" in
    install)
        install_postgres
        echo "postgres.sh: PostgreSQL terpasang di $(pg_bindir)"
        ;;
    start)
        [ $# -eq 3 ] || usage
        start_cluster "$2" "$3"
        ;;
    stop)
        [ $# -eq 2 ] || usage
        stop_cluster "$2"
        ;;
    status)
        [ $# -eq 2 ] || usage
        is_running "$2/data"
        ;;
    *)
        usage
        ;;
esac
