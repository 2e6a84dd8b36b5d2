"""A throwaway PostgreSQL cluster for the tests, from `scripts/postgres.sh`.

The fixture is session-scoped: the first test that asks for it installs
PostgreSQL (Debian package) when missing, starts a cluster on a free port in a
fresh folder under the system temporary directory, and stops and removes it at
the end of the session. When PostgreSQL cannot be installed or started the
tests FAIL (they do not skip): CI must exercise the PostgreSQL paths.

Use it from a test module with

    pytest_plugins = ["tests.postgres_fixture"]

and a test argument named `postgres` (a `PostgresCluster`). Registered as a
plugin (not imported into each module) the fixture is one cluster for the
whole session, however many modules use it.
"""

from __future__ import annotations

import shutil
import socket
import subprocess
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import psycopg2
import pytest
from psycopg2.extensions import connection as PgConnection

REPO_ROOT = Path(__file__).resolve().parent.parent
POSTGRES_SH = REPO_ROOT / "scripts" / "postgres.sh"
INSTALL_TIMEOUT_S = 900  # apt-get on a clean machine
START_ATTEMPTS = 3


@dataclass(frozen=True)
class PostgresCluster:
    """Where the test cluster listens: superuser `postgres`, trust on 127.0.0.1."""

    host: str
    port: int
    user: str
    root: Path

    def connect(self, dbname: str = "postgres") -> PgConnection:
        """A new psycopg2 connection (the caller closes it)."""
        return psycopg2.connect(
            host=self.host, port=self.port, user=self.user, dbname=dbname, connect_timeout=10
        )

    def create_database(self, name: str) -> str:
        """(Re)create an empty database and return its name."""
        conn = self.connect()
        try:
            conn.autocommit = True
            with conn.cursor() as cur:
                cur.execute(f'drop database if exists "{name}" with (force)')
                cur.execute(f'create database "{name}"')
        finally:
            conn.close()
        return name


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _script(*args: str, timeout: float) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["bash", str(POSTGRES_SH), *args],
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )


def _fail(what: str, proc: subprocess.CompletedProcess[str]) -> None:
    pytest.fail(
        f"PostgreSQL for the tests: {what} failed (scripts/postgres.sh, exit "
        f"{proc.returncode}).\n{proc.stderr.strip()}\n{proc.stdout.strip()}",
        pytrace=False,
    )


@pytest.fixture(scope="session", name="postgres")
def postgres_cluster() -> Iterator[PostgresCluster]:
    """A running cluster for the whole session, stopped and removed at the end."""
    install = _script("install", timeout=INSTALL_TIMEOUT_S)
    if install.returncode != 0:
        _fail("installing the Debian package 'postgresql'", install)
    # Not pytest's tmp_path: its parents are private to root, and the server
    # runs as the `postgres` OS user, which must reach the data directory.
    root = Path(tempfile.mkdtemp(prefix="jejak-pg-"))
    started = None
    try:
        for _ in range(START_ATTEMPTS):  # a free port may be taken before the server binds it
            port = _free_port()
            started = _script("start", str(root), str(port), timeout=120)
            if started.returncode == 0:
                break
        assert started is not None
        if started.returncode != 0:
            _fail(f"starting a cluster in {root}", started)
        yield PostgresCluster(host="127.0.0.1", port=port, user="postgres", root=root)
    finally:
        _script("stop", str(root), timeout=120)
        shutil.rmtree(root, ignore_errors=True)
